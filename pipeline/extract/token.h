/*
 * token.h - the token span shared by the segmenter and the tokenizer.
 *
 * A token is a byte range [start, start + len) of the text it was cut
 * from, with a type and, for punctuation, whether it ends a clause.
 * Tokens never overlap, come in text order, and never include
 * whitespace. A vm_tokens list is owned by the caller, who reuses it from
 * one text to the next (set n = 0) and frees v with free() at the end.
 */
#ifndef VM_TOKEN_H
#define VM_TOKEN_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    VM_TOK_HAN,      /* a Chinese word (may hold Latin letters: "t恤", "卡拉ok") */
    VM_TOK_LATIN,    /* letters/digits of a non-Han script with at least one letter:
                        "don't", "wi-fi", "5g", also kana, hangul, Cyrillic runs */
    VM_TOK_NUMBER,   /* "12", "3.5", "-5", "90%", "2000年", "1万", "二十一", "十二月" */
    VM_TOK_MASK,     /* <PHONE> <EMAIL> <IDCARD> <CARD> <ORDER> <URL> */
    VM_TOK_EMOJI,    /* one pictographic emoji with its modifiers / ZWJ sequence */
    VM_TOK_EMOTICON, /* an entry of the caller's emoticon list: ":)", "[怒]" */
    VM_TOK_PUNCT     /* punctuation or symbol; a run of one repeated character
                        ("……", "!!!", "——") is one token */
} vm_tok_type;

/* vm_token.payload of a token that is no dictionary word. */
#define VM_TOK_NO_PAYLOAD 0xFFFFFFFFu

typedef struct vm_token {
    uint32_t start, len;  /* byte offset and length in the text */
    uint8_t type;         /* vm_tok_type */
    uint8_t clause_end;   /* PUNCT only: 1 for ，。！？；,.!?;…~ and the like */
    uint32_t payload;     /* a dictionary word's payload (vm_segdict_set_payload), else VM_TOK_NO_PAYLOAD */
} vm_token;

typedef struct vm_tokens {
    vm_token *v;
    size_t n, cap;
} vm_tokens;

/* Doubles the room of v (vm_tokens_push calls it when v is full). */
void vm_tokens_grow(vm_tokens *t);

/* Appends a token (growing v as needed). Inline: the segmenter pushes
 * every word. */
static inline void vm_tokens_push(vm_tokens *t, uint32_t start, uint32_t len, int type, int clause_end,
                                  uint32_t payload) {
    if (t->n == t->cap) vm_tokens_grow(t);
    t->v[t->n++] = (vm_token){start, len, (uint8_t)type, (uint8_t)clause_end, payload};
}

#endif
