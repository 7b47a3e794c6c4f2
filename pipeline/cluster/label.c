/*
 * label.c - topic aspects, labels and keywords (rules in label.h).
 *
 * Invariant: the candidate array of a topic is sorted by weight
 * descending, then term bytes, so every choice below is deterministic.
 */
#include "cluster/label.h"
#include "common/mem.h"
#include "common/utf8.h"
#include "extract/stem.h"
#include "extract/topicword.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 8          /* Latin words compared per spelling */
#define MAX_WORD_BYTES 64

typedef struct cand {
    double w;
    uint32_t term;
    uint64_t count;
} cand;

static int cmp_cand(const void *a, const void *b, void *m) {
    const cand *p = a, *q = b;
    if (p->w != q->w) return p->w > q->w ? -1 : 1;
    return vm_topic_model_term_cmp(m, p->term, q->term);
}

static const char *key_of(const vm_topic_model *m, uint32_t term, size_t *len) {
    return vm_strmap_key(m->vocab, term, len);
}

static int topical(const vm_labeler *L, const char *key, size_t len) {
    if (key[0] == '@') return 0;
    return key[0] == '~' || vm_word_is_topical(L->lx, key, len);
}

static uint64_t min_docs(const vm_topic *t) {
    uint64_t by_share = (uint64_t)ceil(VM_LABEL_MIN_SHARE * (double)t->docs);
    return by_share > VM_LABEL_MIN_DOCS ? by_share : VM_LABEL_MIN_DOCS;
}

/* The topic's candidates, best first; returns how many (out has room
 * for t->nterms). */
static size_t candidates(const vm_labeler *L, const vm_topic_model *m, const vm_topic *t, cand *out) {
    size_t n = 0;
    uint64_t least = min_docs(t);
    for (uint32_t i = 0; i < t->nterms; i++) {
        uint32_t term = t->terms[i].term;
        size_t len;
        const char *key = key_of(m, term, &len);
        if (t->terms[i].count < least || !topical(L, key, len)) continue;
        double pk = (double)t->terms[i].count / (double)t->docs;
        double p = ((double)(term < m->df_cap ? m->df[term] : 0) + 1) / ((double)m->docs + 1);
        double w = pk * log(pk / p);
        if (w > 0) out[n++] = (cand){w, term, t->terms[i].count};
    }
    qsort_r(out, n, sizeof *out, cmp_cand, (void *)m);
    return n;
}

/* ---- near-duplicates ---- */

/* A Latin spelling as words and their stems. */
typedef struct words {
    size_t n;
    const char *w[MAX_WORDS];
    size_t len[MAX_WORDS];
    char stem[MAX_WORDS][MAX_WORD_BYTES + 1];
    size_t slen[MAX_WORDS];
} words;

/* Splits s into words at single spaces; 0 if s holds a non-ASCII byte,
 * or too many or too long words (then it is compared whole). */
static int split_latin(const char *s, words *out) {
    out->n = 0;
    for (const char *p = s;;) {
        const char *e = p;
        while (*e && *e != ' ') {
            if ((unsigned char)*e >= 0x80) return 0;
            e++;
        }
        size_t len = (size_t)(e - p);
        if (len == 0 || len > MAX_WORD_BYTES || out->n == MAX_WORDS) return 0;
        out->w[out->n] = p;
        out->len[out->n] = len;
        out->slen[out->n] = vm_stem_en(p, len, out->stem[out->n]);
        out->n++;
        if (!*e) return 1;
        p = e + 1;
    }
}

static int same_bytes(const char *a, size_t an, const char *b, size_t bn) {
    return an == bn && memcmp(a, b, an) == 0;
}

/* Words equal up to inflection: equal, equal stems, or one the other's stem. */
static int same_word(const words *a, size_t i, const words *b, size_t j) {
    return same_bytes(a->w[i], a->len[i], b->w[j], b->len[j]) ||
           same_bytes(a->stem[i], a->slen[i], b->stem[j], b->slen[j]) ||
           same_bytes(a->stem[i], a->slen[i], b->w[j], b->len[j]) ||
           same_bytes(a->w[i], a->len[i], b->stem[j], b->slen[j]);
}

/* Whether b's words occur contiguously in a. */
static int holds_words(const words *a, const words *b) {
    for (size_t i = 0; i + b->n <= a->n; i++) {
        size_t j = 0;
        while (j < b->n && same_word(a, i + j, b, j)) j++;
        if (j == b->n) return 1;
    }
    return 0;
}

static int has_han(const char *s) {
    size_t len = strlen(s), adv;
    for (size_t i = 0; i < len; i += adv)
        if (vm_is_han(vm_utf8_decode(s + i, len - i, &adv))) return 1;
    return 0;
}

static int one_char_stopword(const vm_labeler *L, const char *s, size_t len) {
    long id = vm_lexicon_find(L->lx, s, len);
    return id >= 0 && (vm_lexicon_term(L->lx, id)->roles & (1u << VM_ROLE_STOPWORD));
}

/* The core of a Han spelling: s without its leading and trailing
 * one-character stopwords (全凉了 -> 凉, 凉透了 -> 凉透, 凉的 -> 凉), at
 * least one character. Sets *len and returns the start. */
static const char *han_core(const vm_labeler *L, const char *s, size_t *len) {
    size_t n = strlen(s), adv;
    while (L->lx && n) {   /* trailing */
        size_t last = n - 1;
        while (last > 0 && ((unsigned char)s[last] & 0xC0) == 0x80) last--;
        if (last == 0 || !one_char_stopword(L, s + last, n - last)) break;
        n = last;
    }
    while (L->lx && n) {   /* leading */
        vm_utf8_decode(s, n, &adv);
        if (adv >= n || !one_char_stopword(L, s, adv)) break;
        s += adv;
        n -= adv;
    }
    *len = n;
    return s;
}

/* Whether b[0, bn) occurs in a[0, an). */
static int holds_bytes(const char *a, size_t an, const char *b, size_t bn) {
    for (size_t i = 0; i + bn <= an; i++)
        if (memcmp(a + i, b, bn) == 0) return 1;
    return 0;
}

static int alike_text(const vm_labeler *L, const char *a, const char *b) {
    if (strcmp(a, b) == 0) return 1;
    int ha = has_han(a), hb = has_han(b);
    if (ha || hb) {
        if (!ha || !hb) return 0;
        size_t an, bn;
        const char *x = han_core(L, a, &an), *y = han_core(L, b, &bn);
        return holds_bytes(x, an, y, bn) || holds_bytes(y, bn, x, an);
    }
    words x, y;
    if (!split_latin(a, &x) || !split_latin(b, &y)) return 0;
    return holds_words(&x, &y) || holds_words(&y, &x);
}

/* How a term is spelt: the word itself, or a concept's first Chinese and
 * English words. */
static void spell(const vm_labeler *L, const vm_topic_model *m, uint32_t term, const char *sp[2]) {
    const char *key = key_of(m, term, NULL);
    sp[0] = key;
    sp[1] = NULL;
    if (key[0] != '~') return;
    vm_seeds_words(L->seeds, key, &sp[0], &sp[1]);
    if (!sp[0] && !sp[1]) sp[0] = key;
}

static int alike(const vm_labeler *L, const vm_topic_model *m, uint32_t a, uint32_t b) {
    const char *x[2], *y[2];
    spell(L, m, a, x);
    spell(L, m, b, y);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            if (x[i] && y[j] && alike_text(L, x[i], y[j])) return 1;
    return 0;
}

/* Index of the first of chosen[0, n) alike c, or n. */
static size_t alike_index(const vm_labeler *L, const vm_topic_model *m, const cand *c, const cand *chosen,
                          size_t n) {
    size_t i = 0;
    while (i < n && !alike(L, m, c->term, chosen[i].term)) i++;
    return i;
}

/* Whether c should be shown instead of the alike k: k is c's English
 * stem ("overpric" for "overpriced", a keyword form) and most of k's
 * documents hold c, so k is hardly a word of its own ("burger" stays
 * when "burgers" is the rarer form). */
static int better_spelling(const vm_topic_model *m, const cand *c, const cand *k) {
    size_t cn, kn;
    const char *cs = key_of(m, c->term, &cn), *ks = key_of(m, k->term, &kn);
    if (cn == kn || cn > MAX_WORD_BYTES || 2 * c->count <= k->count || memchr(cs, ' ', cn)) return 0;
    for (size_t i = 0; i < cn; i++)
        if ((unsigned char)cs[i] >= 0x80) return 0;
    char stem[MAX_WORD_BYTES + 1];
    size_t sn = vm_stem_en(cs, cn, stem);
    return same_bytes(stem, sn, ks, kn);
}

/* Adds c to chosen[0, *n) (room for max) unless an alike term is there;
 * an alike stem gives way to c (see better_spelling). */
static void take(const vm_labeler *L, const vm_topic_model *m, const cand *c, cand *chosen, size_t *n) {
    size_t j = alike_index(L, m, c, chosen, *n);
    if (j == *n) chosen[(*n)++] = *c;
    else if (better_spelling(m, c, &chosen[j])) chosen[j] = *c;
}

/* ---- aspects ---- */

static void set_aspect(const vm_topic_model *m, vm_topic *t) {
    const char *best = NULL;
    uint64_t top = 0;
    for (uint32_t i = 0; i < t->nterms; i++) {
        const char *key = key_of(m, t->terms[i].term, NULL);
        if (key[0] != '@' || t->terms[i].count < top) continue;
        if (t->terms[i].count == top && best && strcmp(key, best) > 0) continue;
        best = key;
        top = t->terms[i].count;
    }
    int ok = best && (double)top >= VM_LABEL_ASPECT_SHARE * (double)t->docs;
    vm_topic_set_str(&t->aspect, ok ? best + 1 : "");
}

/* The aspect category (index in the lexicon) of a term, or -1. */
static long term_category(const vm_labeler *L, const vm_topic_model *m, uint32_t term) {
    if (!L->lx) return -1;
    const char *sp[2];
    spell(L, m, term, sp);
    for (int i = 0; i < 2; i++) {
        long id = sp[i] ? vm_lexicon_find(L->lx, sp[i], strlen(sp[i])) : -1;
        if (id < 0) continue;
        const vm_lexterm *e = vm_lexicon_term(L->lx, id);
        if (e->roles & (1u << VM_ROLE_ASPECT)) return e->category;
    }
    return -1;
}

static long category_index(const vm_labeler *L, const char *id) {
    size_t n = L->lx ? vm_lexicon_ncategories(L->lx) : 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(vm_lexicon_category(L->lx, i)->id, id) == 0) return (long)i;
    return -1;
}

/* ---- labels and keywords ---- */

static void put_display(const vm_labeler *L, const vm_topic_model *m, uint32_t term, vm_buf *out) {
    const char *key = key_of(m, term, NULL);
    const char *shown = vm_seeds_display(L->seeds, key);
    vm_buf_puts(out, shown ? shown : key);
}

/* Label terms from the candidates c[0, n): the aspect's best first, then
 * the best others; returns how many were put in chosen. */
static size_t choose(const vm_labeler *L, const vm_topic_model *m, const vm_topic *t, const cand *c, size_t n,
                     cand chosen[VM_LABEL_MAX]) {
    size_t k = 0;
    long cat = t->aspect[0] ? category_index(L, t->aspect) : -1;
    for (size_t i = 0; cat >= 0 && i < n && k == 0; i++)
        if (term_category(L, m, c[i].term) == cat) chosen[k++] = c[i];
    for (size_t i = 0; i < n && k < VM_LABEL_MAX; i++) {
        if (k >= VM_LABEL_MIN && c[i].w < VM_LABEL_KEEP * c[0].w) break;
        take(L, m, &c[i], chosen, &k);
    }
    return k;
}

/* A topic without candidates: its most frequent topical terms and
 * aspects (by category id). */
static void fallback_label(const vm_labeler *L, const vm_topic_model *m, const vm_topic *t, vm_buf *b) {
    cand *c = vm_xmalloc((t->nterms + 1) * sizeof *c);
    size_t n = 0;
    for (uint32_t i = 0; i < t->nterms; i++) {
        size_t len;
        const char *key = key_of(m, t->terms[i].term, &len);
        if (key[0] == '@' || topical(L, key, len))
            c[n++] = (cand){(double)t->terms[i].count, t->terms[i].term, t->terms[i].count};
    }
    qsort_r(c, n, sizeof *c, cmp_cand, (void *)m);
    for (size_t i = 0; i < n && i < VM_LABEL_MIN; i++) {
        const char *key = key_of(m, c[i].term, NULL);
        if (i) vm_buf_puts(b, ", ");
        if (key[0] == '@') vm_buf_puts(b, key + 1);
        else put_display(L, m, c[i].term, b);
    }
    free(c);
}

void vm_topic_name(const vm_labeler *L, const vm_topic_model *m, vm_topic *t) {
    set_aspect(m, t);
    cand *c = vm_xmalloc((t->nterms + 1) * sizeof *c);
    size_t n = t->docs ? candidates(L, m, t, c) : 0;
    cand chosen[VM_LABEL_MAX];
    size_t k = choose(L, m, t, c, n, chosen);
    vm_buf b = {0};
    for (size_t i = 0; i < k; i++) {
        if (i) vm_buf_puts(&b, ", ");
        put_display(L, m, chosen[i].term, &b);
    }
    if (k == 0) fallback_label(L, m, t, &b);
    if (b.len == 0) vm_buf_printf(&b, "T%u", t->num);
    free(c);
    free(t->label);
    t->label = vm_buf_detach(&b);
}

void vm_topic_keywords(const vm_labeler *L, const vm_topic_model *m, const vm_topic *t, size_t max,
                       const char *sep, vm_buf *out) {
    cand *c = vm_xmalloc((t->nterms + 1) * sizeof *c);
    cand *shown = vm_xmalloc((max + 1) * sizeof *shown);
    size_t n = t->docs ? candidates(L, m, t, c) : 0, k = 0;
    for (size_t i = 0; i < n && k < max; i++) take(L, m, &c[i], shown, &k);
    for (size_t i = 0; i < k; i++) {
        if (i) vm_buf_puts(out, sep);
        put_display(L, m, shown[i].term, out);
    }
    free(shown);
    free(c);
}
