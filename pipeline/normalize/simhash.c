/*
 * simhash.c - SimHash over CJK 3-grams and word pairs (see simhash.h).
 *
 * Streaming: only the last three tokens are kept. A token's hash is its
 * code point (CJK) or vm_hash64 of its bytes (words); a shingle's hash
 * chains the token hashes through vm_mix64.
 *
 * Votes are counted in lanes of small counters, so adding a feature is
 * four shift-mask-adds instead of 64 increments: nibble i of nib[j]
 * counts the features whose hash has bit 4i + j set. Every 15 features,
 * before a nibble can overflow, the nibbles are widened into byte lanes
 * (byte k of byte[j] counts bit 8k + j: the even nibbles of nib[j] go to
 * byte[j], the odd ones to byte[j + 4]); every 17 widenings (255
 * features), before a byte can overflow, the bytes are added to ones[].
 */
#include "normalize/simhash.h"

#include <utf8proc.h>

#include "common/hash.h"
#include "common/utf8.h"

#define SHINGLE_SEED 0x5348494e474c4531ULL   /* fixed: hashes are reproducible */
#define NIBBLE_ONES 0x1111111111111111ULL    /* bit 0 of every nibble */
#define LOW_NIBBLES 0x0F0F0F0F0F0F0F0FULL
#define NIBBLE_MAX 15                        /* features a nibble can count */
#define WIDEN_MAX 17                         /* widenings a byte can take: 17 * 15 = 255 */

typedef struct token {
    uint64_t hash;
    int cjk;
} token;

typedef struct shingler {
    token last[3];     /* last[2] is the newest */
    long ntokens;
    int nfeatures;
    int in_nibbles;            /* features counted in nib[] */
    int widenings;             /* widenings counted in byte[] */
    uint64_t nib[4];
    uint64_t byte[8];
    uint32_t ones[64];         /* counts of features with bit b set, as flushed */
} shingler;

static void widen_nibbles(shingler *s) {
    for (int j = 0; j < 4; j++) {
        s->byte[j] += s->nib[j] & LOW_NIBBLES;
        s->byte[j + 4] += (s->nib[j] >> 4) & LOW_NIBBLES;
        s->nib[j] = 0;
    }
    s->in_nibbles = 0;
}

static void flush_bytes(shingler *s) {
    for (int j = 0; j < 8; j++) {
        for (int k = 0; k < 8; k++) s->ones[8 * k + j] += (uint32_t)(s->byte[j] >> (8 * k)) & 0xFF;
        s->byte[j] = 0;
    }
    s->widenings = 0;
}

static void add_feature(shingler *s, const token *t, int n) {
    uint64_t h = SHINGLE_SEED;
    for (int i = 0; i < n; i++) h = vm_mix64(h ^ t[i].hash) + (uint64_t)n;
    for (int j = 0; j < 4; j++) s->nib[j] += (h >> j) & NIBBLE_ONES;
    s->nfeatures++;
    if (++s->in_nibbles < NIBBLE_MAX) return;
    widen_nibbles(s);
    if (++s->widenings == WIDEN_MAX) flush_bytes(s);
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

/* What a code point is to the tokenizer. */
enum { SEP, WORD, CJK };

static int char_class(int32_t cp) {
    if (cp < 0x80) return (vm_is_ascii_alpha(cp) || vm_is_ascii_digit(cp)) ? WORD : SEP;
    if (vm_is_han(cp) || vm_is_kana(cp) || vm_is_hangul(cp)) return CJK;
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO) ? WORD : SEP;
}

uint64_t vm_simhash(const char *match, size_t len, int *nfeatures) {
    shingler s = {0};
    size_t i = 0, word = SIZE_MAX;   /* start of the current word token */
    while (i < len) {
        size_t adv;
        int32_t cp = vm_utf8_decode(match + i, len - i, &adv);
        int cls = cp < 0 ? SEP : char_class(cp);   /* an invalid byte separates */
        if (cls == WORD) {
            if (word == SIZE_MAX) word = i;
        } else {
            if (word != SIZE_MAX) add_token(&s, vm_hash64(match + word, i - word, SHINGLE_SEED), 0);
            word = SIZE_MAX;
            if (cls == CJK) add_token(&s, (uint64_t)cp, 1);
        }
        i += adv;
    }
    if (word != SIZE_MAX) add_token(&s, vm_hash64(match + word, len - word, SHINGLE_SEED), 0);
    if (s.nfeatures == 0 && s.ntokens > 0) {
        int n = s.ntokens < 3 ? (int)s.ntokens : 3;
        add_feature(&s, &s.last[3 - n], n);
    }
    if (nfeatures) *nfeatures = s.nfeatures;
    if (s.nfeatures == 0) return 0;
    widen_nibbles(&s);
    flush_bytes(&s);
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
