/*
 * keywords.c - choosing a comment's keywords (rules in keywords.h).
 *
 * Each unit is classified once (its group, one byte in the caller's
 * scratch); the groups are then visited in order of preference. A
 * keyword is written straight to the output and taken back if it is
 * empty or a duplicate.
 */
#include "extract/keywords.h"
#include "extract/topicword.h"
#include "common/utf8.h"

#include <string.h>

enum { K_ASPECT, K_OPINION, K_CONTENT, K_NONE };

/* Whether s[0, len) holds two code points or more (invalid bytes count
 * one each, as vm_utf8_decode steps over them). */
static int two_or_more_cp(const char *s, size_t len) {
    size_t adv;
    if (len == 0) return 0;
    vm_utf8_decode(s, len, &adv);
    return adv < len;
}

static int group_of(const vm_matcher *m, const vm_hits *h, const vm_unit *u) {
    if (!(u->flags & VM_UNIT_WORD) || u->type == VM_TOK_NUMBER || u->type == VM_TOK_MASK) return K_NONE;
    unsigned roles = u->roles;
    /* Grammar roles win over aspect and sentiment roles (好 is both).
     * Keywords are joined by ';', which no word unit holds (a word token
     * never holds punctuation: see vm_text_analysis_tokens). */
    int g = roles & VM_ROLES_NOT_TOPICAL        ? K_NONE
            : roles & (1u << VM_ROLE_ASPECT)    ? K_ASPECT
            : roles & (1u << VM_ROLE_SENTIMENT) ? K_OPINION
            : u->type == VM_TOK_HAN             ? (two_or_more_cp(h->text + u->start, u->len) ? K_CONTENT : K_NONE)
                                                : (u->len >= 3 ? K_CONTENT : K_NONE);
    /* A count (三个, 两次) names nothing either; asked last, as it is the
     * dearest test. */
    if (g != K_NONE && u->type == VM_TOK_HAN && vm_word_is_count(vm_matcher_lexicon(m), h->text + u->start, u->len))
        return K_NONE;
    return g;
}

/* The keyword form of a unit: Latin words stemmed one by one. */
static void keyword_form(const vm_matcher *m, const vm_hits *h, const vm_unit *u, vm_buf *out) {
    const char *s = h->text + u->start;
    if (u->type != VM_TOK_LATIN) {
        vm_buf_append(out, s, u->len);
        return;
    }
    size_t i = 0;
    while (i < u->len) {
        const char *sp = memchr(s + i, ' ', u->len - i);
        size_t end = sp ? (size_t)(sp - s) : u->len;
        if (i) vm_buf_putc(out, ' ');
        vm_stem_append(s + i, end - i, out);
        i = end + 1;
    }
}

/* Whether one of the n keywords kept so far (at[i], len[i] in out) is
 * out->data[from, to). */
static int already(const vm_buf *out, const size_t at[], const size_t len[], int n, size_t from, size_t to) {
    for (int i = 0; i < n; i++)
        if (len[i] == to - from && memcmp(out->data + at[i], out->data + from, len[i]) == 0) return 1;
    return 0;
}

/* Whether a Latin unit's keyword form out->data[at, out->len) is a word
 * that names no topic although the unit was not ("loves" -> "love", a
 * stopword). */
static int grammar_stem(const vm_matcher *m, const vm_unit *u, const vm_buf *out, size_t at) {
    if (u->type != VM_TOK_LATIN) return 0;
    const vm_lexicon *lx = vm_matcher_lexicon(m);
    long id = vm_lexicon_find(lx, out->data + at, out->len - at);
    return id >= 0 && (vm_lexicon_term(lx, id)->roles & VM_ROLES_NOT_TOPICAL);
}

int vm_keywords_pick(const vm_matcher *m, const vm_hits *h, vm_buf *out, vm_buf *scratch) {
    vm_buf_reset(scratch);
    vm_buf_grow(scratch, h->n);
    uint8_t *group = (uint8_t *)scratch->data;
    int present = 0;  /* bit g: some unit is in group g */
    for (size_t k = 0; k < h->n; k++) {
        group[k] = (uint8_t)group_of(m, h, &h->u[k]);
        present |= 1 << group[k];
    }
    size_t kept_at[VM_KEYWORDS_MAX], kept_len[VM_KEYWORDS_MAX];
    int n = 0;
    for (int g = K_ASPECT; g < K_NONE && n < VM_KEYWORDS_MAX; g++) {
        if (!(present & (1 << g))) continue;
        for (size_t k = 0; k < h->n && n < VM_KEYWORDS_MAX; k++) {
            if (group[k] != g) continue;
            size_t mark = out->len;
            if (n) vm_buf_putc(out, ';');
            size_t at = out->len;
            keyword_form(m, h, &h->u[k], out);
            if (out->len == at || grammar_stem(m, &h->u[k], out, at) ||
                already(out, kept_at, kept_len, n, at, out->len)) {
                vm_buf_truncate(out, mark);
                continue;
            }
            kept_at[n] = at;
            kept_len[n++] = out->len - at;
        }
    }
    return n;
}
