/*
 * simhash.c - SimHash over CJK 3-grams and word pairs (see simhash.h).
 *
 * Streaming: only the last three tokens are kept. A token's hash is its
 * code point (CJK) or vm_hash64 of its bytes (words); a shingle's hash
 * chains the token hashes through vm_mix64.
 *
 * Votes are counted bit-sliced: plane[k] holds bit k of 64 parallel 8-bit
 * counters of "feature hashes with bit b set", so adding a feature is a
 * ripple-carry over a few words instead of 64 increments; the counters
 * are flushed into ones[] every 255 features, before they can overflow.
 */
#include "normalize/simhash.h"

#include <utf8proc.h>

#include "common/hash.h"
#include "common/utf8.h"

#define SHINGLE_SEED 0x5348494e474c4531ULL   /* fixed: hashes are reproducible */

typedef struct token {
    uint64_t hash;
    int cjk;
} token;

#define PLANES 8   /* 8-bit counters: flush every 255 features */

typedef struct shingler {
    token last[3];     /* last[2] is the newest */
    long ntokens;
    int nfeatures;
    int pending;               /* features in the planes */
    uint64_t plane[PLANES];
    uint32_t ones[64];         /* flushed counts of features with bit b set */
} shingler;

static void flush_planes(shingler *s) {
    for (int b = 0; b < 64; b++) {
        uint32_t count = 0;
        for (int k = 0; k < PLANES; k++) count |= (uint32_t)((s->plane[k] >> b) & 1) << k;
        s->ones[b] += count;
    }
    for (int k = 0; k < PLANES; k++) s->plane[k] = 0;
    s->pending = 0;
}

static void add_feature(shingler *s, const token *t, int n) {
    uint64_t h = SHINGLE_SEED;
    for (int i = 0; i < n; i++) h = vm_mix64(h ^ t[i].hash) + (uint64_t)n;
    uint64_t carry = h;
    for (int k = 0; k < PLANES && carry; k++) {
        uint64_t next = s->plane[k] & carry;
        s->plane[k] ^= carry;
        carry = next;
    }
    s->nfeatures++;
    if (++s->pending == 255) flush_planes(s);
}

/* Adds a token; emits the shingles that end with it. */
static void add_token(shingler *s, uint64_t hash, int cjk) {
    s->last[0] = s->last[1];
    s->last[1] = s->last[2];
    s->last[2] = (token){hash, cjk};
    s->ntokens++;
    if (s->ntokens >= 3 && s->last[0].cjk) add_feature(s, &s->last[0], 3);
    if (s->ntokens >= 2 && !s->last[1].cjk) add_feature(s, &s->last[1], 2);
}

static int is_word_cp(int32_t cp) {
    if (cp < 0x80) return vm_is_ascii_alpha(cp) || vm_is_ascii_digit(cp);
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO;
}

uint64_t vm_simhash(const char *match, size_t len, int *nfeatures) {
    shingler s = {0};
    size_t i = 0, word = SIZE_MAX;
    while (i <= len) {
        size_t adv = 1;
        int32_t cp = i == len ? -1 : vm_utf8_decode(match + i, len - i, &adv);
        int cjk = vm_is_han(cp) || vm_is_kana(cp) || vm_is_hangul(cp);
        if (word != SIZE_MAX && (cjk || cp < 0 || !is_word_cp(cp))) {
            add_token(&s, vm_hash64(match + word, i - word, SHINGLE_SEED), 0);
            word = SIZE_MAX;
        }
        if (cjk) add_token(&s, (uint64_t)cp, 1);
        else if (cp >= 0 && word == SIZE_MAX && is_word_cp(cp)) word = i;
        i += adv;
    }
    if (s.nfeatures == 0 && s.ntokens > 0) {
        int n = s.ntokens < 3 ? (int)s.ntokens : 3;
        add_feature(&s, &s.last[3 - n], n);
    }
    if (nfeatures) *nfeatures = s.nfeatures;
    if (s.nfeatures == 0) return 0;
    flush_planes(&s);
    uint64_t h = 0;
    for (int b = 0; b < 64; b++)
        if (2 * (long)s.ones[b] > s.nfeatures) h |= 1ULL << b;   /* more +1 than -1 votes */
    return h;
}

int vm_hamming64(uint64_t a, uint64_t b) {
    return __builtin_popcountll(a ^ b);
}

int vm_simhash_near(uint64_t a, int na, uint64_t b, int nb) {
    return na >= VM_SIMHASH_MIN_FEATURES && nb >= VM_SIMHASH_MIN_FEATURES &&
           vm_hamming64(a, b) <= VM_SIMHASH_MAX_DIST;
}
