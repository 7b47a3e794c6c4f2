/*
 * keywords.c - choosing a comment's keywords (rules in keywords.h).
 */
#include "extract/keywords.h"
#include "common/utf8.h"

#include <string.h>

enum { K_ASPECT, K_OPINION, K_CONTENT, K_NONE };

static size_t count_cp(const char *s, size_t len) {
    size_t n = 0, adv;
    for (size_t i = 0; i < len; i += adv, n++) vm_utf8_decode(s + i, len - i, &adv);
    return n;
}

static int group_of(const vm_matcher *m, const vm_hits *h, const vm_unit *u) {
    if (!(u->flags & VM_UNIT_WORD) || u->type == VM_TOK_NUMBER || u->type == VM_TOK_MASK) return K_NONE;
    if (memchr(h->text + u->start, ';', u->len)) return K_NONE;
    const vm_lexterm *e = vm_unit_term(m, u);
    unsigned roles = e ? e->roles : 0;
    if (roles & (1u << VM_ROLE_ASPECT)) return K_ASPECT;
    if (roles & (1u << VM_ROLE_SENTIMENT)) return K_OPINION;
    const unsigned function_words = (1u << VM_ROLE_STOPWORD) | (1u << VM_ROLE_NEGATOR) | (1u << VM_ROLE_DEGREE) |
                                    (1u << VM_ROLE_CONTRAST) | (1u << VM_ROLE_CUE);
    if (roles & function_words) return K_NONE;
    if (u->type == VM_TOK_HAN) return count_cp(h->text + u->start, u->len) >= 2 ? K_CONTENT : K_NONE;
    return u->len >= 3 ? K_CONTENT : K_NONE;
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

static int already(const vm_buf *out, size_t from, const char *k, size_t n) {
    const char *p = out->data + from, *end = out->data + out->len;
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *stop = semi ? semi : end;
        if ((size_t)(stop - p) == n && memcmp(p, k, n) == 0) return 1;
        p = stop + 1;
    }
    return 0;
}

int vm_keywords_pick(const vm_matcher *m, const vm_hits *h, vm_buf *out, vm_buf *scratch) {
    size_t from = out->len;
    int n = 0;
    for (int g = K_ASPECT; g < K_NONE && n < VM_KEYWORDS_MAX; g++) {
        for (size_t k = 0; k < h->n && n < VM_KEYWORDS_MAX; k++) {
            const vm_unit *u = &h->u[k];
            if (group_of(m, h, u) != g) continue;
            vm_buf_reset(scratch);
            keyword_form(m, h, u, scratch);
            if (scratch->len == 0 || already(out, from, scratch->data, scratch->len)) continue;
            if (n) vm_buf_putc(out, ';');
            vm_buf_append(out, scratch->data, scratch->len);
            n++;
        }
    }
    return n;
}
