/*
 * simhash.h - 64-bit SimHash of match text, for near-duplicate spam.
 *
 * Features are shingles over a token stream that skips whitespace,
 * punctuation and symbols (emoji included): every CJK character (Han,
 * kana, Hangul) is a token, every run of other letters and digits (a
 * Latin word, a number, the name inside a mask) is a token. A CJK token
 * starts a 3-token shingle, any other token a 2-token shingle (word
 * pairs); a text too short for any shingle gets one feature of all its
 * tokens. Each feature votes +1/-1 on the 64 bits of its hash
 * (vm_hash64, fixed seed), so the result is deterministic.
 *
 * Punctuation, emoji and spacing do not change the hash: "好吃" + "!" and
 * "好吃" + "。" hash alike.
 *
 * Recommended near-duplicate rule (used by normalize): two comments are
 * near-duplicates when vm_hamming64 of their hashes is <= VM_SIMHASH_MAX_DIST
 * and both have >= VM_SIMHASH_MIN_FEATURES features. Short texts ("很好",
 * "Great food") are left to exact duplicate detection: with few shingles
 * unrelated texts collide too easily. On a 20,000-row make_corpus.py
 * export (tests/unit/test_simhash.c) the rule catches all 672 spam rows
 * with >= 8 features (a review plus " ", "!", "。" or "！！": punctuation
 * does not change the hash), and 26 of 12.6M pairs of different rows are
 * within distance 3 — one review in simplified and traditional script,
 * which fold alike. It does not promise to catch edited wording: with a
 * few dozen features one changed character can flip several bits. A
 * lookup index can split the hash into 4 bands of 16 bits: by pigeonhole,
 * two hashes within distance 3 share at least one band.
 */
#ifndef VM_SIMHASH_H
#define VM_SIMHASH_H

#include <stddef.h>
#include <stdint.h>

#define VM_SIMHASH_MAX_DIST 3
#define VM_SIMHASH_MIN_FEATURES 8

/* SimHash of match text; *nfeatures (if non-NULL) gets the number of
 * features. Text with no token hashes to 0 with 0 features. */
uint64_t vm_simhash(const char *match, size_t len, int *nfeatures);

/* Number of differing bits. */
int vm_hamming64(uint64_t a, uint64_t b);

/* The recommended rule above, for two hashes and their feature counts. */
int vm_simhash_near(uint64_t a, int na, uint64_t b, int nb);

#endif
