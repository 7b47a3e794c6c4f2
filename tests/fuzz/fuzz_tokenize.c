/*
 * fuzz_tokenize.c - tokenizes arbitrary bytes (folded and not) with a
 * small dictionary and emoticon list, stems every Latin token, and checks
 * the token invariants: in order, non-empty, non-overlapping, in bounds,
 * known types, whitespace-free starts, and no TAB, LF, CR, backslash or
 * ';' in a word token (features write word tokens unescaped, and join
 * keywords with ';').
 */
#include "extract/stem.h"
#include "extract/tokenize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static vm_segdict *dict;
static vm_tokenizer *tk;
static vm_seg_scratch *scratch;
static vm_tokens toks;

static void setup(void) {
    static const char *const words[] = {"研究", "研究生", "生命", "起源", "的", "很好", "服务态度", "t恤",
                                        "分钟", "王小明", "李明华", "张红", "二十", "ok", "wi-fi"};
    static const char *const emoticons[] = {":)", ":-(", "T_T", "[怒]", "xd", "^_^", "<3"};
    dict = vm_segdict_new(NULL);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        vm_segdict_add(dict, words[i], strlen(words[i]), (double)(i % 4) * 10);
    vm_segdict_freeze(dict);
    tk = vm_tokenizer_new(dict);
    for (size_t i = 0; i < sizeof emoticons / sizeof emoticons[0]; i++)
        vm_tokenizer_add_emoticon(tk, emoticons[i], strlen(emoticons[i]));
    scratch = vm_seg_scratch_new();
}

static void check(const uint8_t *data, size_t size) {
    uint32_t end = 0;
    char stem[300];
    for (size_t i = 0; i < toks.n; i++) {
        const vm_token *t = &toks.v[i];
        if (t->len == 0 || t->start < end || (size_t)t->start + t->len > size || t->type > VM_TOK_PUNCT) abort();
        if (data[t->start] == ' ' || data[t->start] == '\t' || data[t->start] == '\n') abort();
        if (t->clause_end && t->type != VM_TOK_PUNCT) abort();
        int word = t->type == VM_TOK_HAN || t->type == VM_TOK_LATIN || t->type == VM_TOK_NUMBER || t->type == VM_TOK_MASK;
        for (uint32_t k = t->start; word && k < t->start + t->len; k++)
            if (data[k] == '\t' || data[k] == '\n' || data[k] == '\r' || data[k] == '\\' || data[k] == ';') abort();
        end = t->start + t->len;
        if (t->type == VM_TOK_LATIN && t->len < 256) {
            size_t n = vm_stem_en((const char *)data + t->start, t->len, stem);
            if (n > t->len || stem[n] != '\0') abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!dict) setup();
    for (unsigned flags = 0; flags <= (VM_SEG_FOLD | VM_SEG_NO_OOV); flags++) {
        vm_tokenize(tk, (const char *)data, size, flags, &toks, scratch);
        check(data, size);
    }
    return 0;
}
