/*
 * match.h - finding lexicon terms in a tokenized comment and cutting it
 * into clauses: the common ground of sentiment, aspects, severity and
 * keywords.
 *
 * A unit is one token, several tokens that together spell a lexicon term
 * ("not bad", "性价比" + "高"), or a piece of one token that the matcher
 * took apart ("不太好" -> 不 + 太 + 好 when only the pieces are terms).
 * Units come in text order and never overlap. How a term is found, in
 * this order of preference at each token:
 *   1. the longest span of up to VM_MATCH_MAX_SPAN tokens whose text (the
 *      match text between them, single spaces kept) is a term;
 *   2. a Han token that is no term but is modifier prefixes (negators,
 *      degree words) followed by a term: one unit per piece;
 *   3. a Latin token that is no term but whose stem is the stem of a
 *      one-word sentiment or aspect term ("disappointed" ~ "disappointing").
 *
 * Clauses: a clause ends after clause-ending punctuation (vm_token
 * clause_end) and before a contrast marker (contrast.tsv), which opens
 * the next clause. Every unit belongs to exactly one clause; a comment
 * without tokens has no clause.
 *
 * vm_matcher is built once from a loaded lexicon and is read-only after;
 * vm_hits is per-thread, reused from comment to comment, and owns its
 * arrays (vm_hits_free).
 */
#ifndef VM_MATCH_H
#define VM_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "extract/lexicon.h"
#include "extract/token.h"

#define VM_MATCH_MAX_SPAN 6

/* vm_unit.flags */
enum {
    VM_UNIT_WORD = 1,         /* a word: HAN, LATIN, NUMBER or MASK */
    VM_UNIT_PART = 2,         /* a piece of a token (rule 2) */
    VM_UNIT_STEM = 4,         /* found by its stem (rule 3) */
    VM_UNIT_CLAUSE_END = 8,   /* punctuation ending a clause */
    VM_UNIT_SENTENCE_END = 16,/* . ! ? 。 ！ ？ and the like */
    VM_UNIT_QUESTION = 32     /* holds '?' */
};

typedef struct vm_unit {
    uint32_t start, len;   /* bytes of the match text */
    uint32_t tok;          /* index of its (first) token */
    uint16_t ntok;         /* tokens spanned (1 for a piece) */
    uint8_t type;          /* vm_tok_type of the first token */
    uint8_t flags;         /* VM_UNIT_* */
    int32_t term;          /* lexicon term id, or -1 */
    uint16_t roles;        /* its roles ((1 << VM_ROLE_*) bits), 0 without a term */
    const vm_lexterm *entry; /* its lexicon entry (owned by the lexicon), or NULL */
    uint32_t clause;       /* index in vm_hits.c */
    /* Filled by sentiment: the unit's contribution to its clause before
     * the clause weight, and how it came about. */
    float value;
    uint8_t negated;       /* 1 odd negation, 2 double negation */
    float degree;          /* product of degree multipliers applied */
    uint32_t scope_end;    /* negator: end (unit index) of its scope;
                              `but` marker: end of the clauses it dominates */
} vm_unit;

typedef struct vm_clause {
    uint32_t first, end;   /* units [first, end) */
    int32_t marker;        /* unit of the contrast marker opening it, or -1 */
    uint8_t question;      /* ends with (or holds) a question mark */
    uint8_t sentence_end;  /* ends its sentence (or the text) */
    /* Filled by sentiment. */
    float weight;          /* contrast weight */
    float sum;             /* sum of its unit values, rules applied */
} vm_clause;

typedef struct vm_hits {
    const char *text;      /* the match text (borrowed) */
    vm_unit *u;
    size_t n, cap;
    vm_clause *c;
    size_t nc, ccap;
} vm_hits;

typedef struct vm_matcher vm_matcher;

/* Builds the stem index from the lexicon's one-word Latin sentiment and
 * aspect terms (vm_stem_en; the first defined wins). */
vm_matcher *vm_matcher_new(const vm_lexicon *lx);
void vm_matcher_free(vm_matcher *m);

/* Gives every path of the term trie (a term or a prefix of one) that is
 * in d its arc as payload (vm_segdict_set_payload), so that vm_match
 * takes a token's path from its payload instead of walking it. A
 * dictionary serves one matcher: another's payloads would be wrong. A
 * trie too large for payloads (VM_SEG_PAYLOAD_MAX arcs) gives none. */
struct vm_segdict;
void vm_matcher_give_payloads(const vm_matcher *m, struct vm_segdict *d);

/* Fills hits (emptied first) from the tokens of text. A token's payload
 * is VM_TOK_NO_PAYLOAD or the one this matcher gave the dictionary that
 * cut it. stem_buf is the caller's scratch. */
void vm_match(const vm_matcher *m, const char *text, const vm_tokens *toks, vm_hits *hits, vm_buf *stem_buf);
void vm_hits_free(vm_hits *h);

const vm_lexicon *vm_matcher_lexicon(const vm_matcher *m);
/* Appends the stem of an English word (vm_stem_en). */
void vm_stem_append(const char *word, size_t len, vm_buf *out);

/* The lexicon entry of a unit, or NULL; whether the unit's term has the
 * role. Inline: sentiment, aspects and keywords ask for every unit. Test
 * roles on the unit before reading the entry: the roles are copied into
 * the unit, the entry is a load from the lexicon's table. */
static inline const vm_lexterm *vm_unit_term(const vm_matcher *m, const vm_unit *u) {
    (void)m;
    return u->entry;
}
static inline int vm_unit_has(const vm_matcher *m, const vm_unit *u, int role) {
    (void)m;
    return (u->roles >> role) & 1;
}

/* For traces: appends '"text"' and, if the unit has the role, " (file:line)". */
void vm_trace_unit(vm_buf *b, const vm_matcher *m, const vm_hits *h, const vm_unit *u, int role);

#endif
