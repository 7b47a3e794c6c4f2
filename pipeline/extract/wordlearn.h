/*
 * wordlearn.h - statistical new-word discovery (`vocmine words learn`).
 *
 * Learns a vocabulary from raw comments (one per line, plain or gzip),
 * with no dictionary: every line is folded to match text, its Han runs
 * are counted as n-grams, and a string of 2..max_len characters becomes
 * a candidate word when it is
 *   - frequent:  count >= min_count;
 *   - cohesive:  the pointwise mutual information of its weakest split,
 *                min over a+b=w of log(count(w) N / (count(a) count(b))),
 *                is >= min_pmi (min_pmi_long for three or more
 *                characters: phrases such as "在京东" or "质量很好" are
 *                cohesive too, but less than words like "性价比");
 *                N = Han characters in the input;
 *   - free:      the entropy of the characters on either side (a run
 *                boundary counts as a distinct neighbour) is >=
 *                min_entropy on both sides.
 * The input is then segmented with the two-character candidates and all
 * characters (the segmenter of segment.h, no unknown-word model). A
 * longer candidate w is dropped as a phrase when it gains too little over
 * its best segmentation t1..tm into those tokens:
 *     (log P(w) - sum log P(ti)) / (m - 1) < min_gain
 * ("给差评" = 给 + 差评 gains little; "洗发水" gains a lot). The
 * survivors and all characters segment the input again, twice (the
 * second time with the frequencies of the first); a word's frequency is
 * its token count in that last segmentation, words below min_count are
 * dropped, and the max_words most frequent are written as
 * "word<TAB>freq" lines (frequency descending, then byte order) after
 * '#' comments stating version, parameters and each input's SHA-256.
 *
 * Longer words are off by default (max_len 3): strings of four or more
 * characters in reviews are mostly phrases ("价格适中", "态度恶劣")
 * whose parts are words anyway, and a phrase token would hide its
 * opinion word from the lexicons.
 *
 * Memory is bounded: n-grams are counted one length per pass over the
 * input (up to max_len + 1, for the entropies), a k-gram only when one
 * of its (k-1)-gram halves is frequent, in a table of at most max_ngrams
 * entries (32 bytes each); when it fills up the rarest entries are
 * pruned (the header records the largest pruned count).
 * Output depends only on the inputs and the options.
 */
#ifndef VM_WORDLEARN_H
#define VM_WORDLEARN_H

#include <stddef.h>

#include "common/error.h"

#define VM_WORDLEARN_MAX_LEN 6

typedef struct vm_wordlearn_opts {
    unsigned min_count;    /* default 5 */
    double min_pmi;        /* natural log; default 3.0 */
    double min_pmi_long;   /* the same for three or more characters; default 4.5 */
    double min_entropy;    /* nats; default 1.0 */
    double min_gain;       /* nats per boundary; default 4.0 */
    unsigned max_len;      /* 2..VM_WORDLEARN_MAX_LEN; default 3 */
    size_t max_words;      /* default 30000 */
    size_t max_ngrams;     /* default 1500000 */
} vm_wordlearn_opts;

void vm_wordlearn_defaults(vm_wordlearn_opts *o);

/* Learns from the input files and writes the vocabulary to out_path
 * atomically. Unreadable input fails; a bad line cannot occur (invalid
 * UTF-8 is folded to U+FFFD, which is not Han). */
int vm_wordlearn(const char *const *inputs, size_t ninputs, const vm_wordlearn_opts *o,
                 const char *out_path, vm_error *err);

/* `vocmine words learn --input FILE... [--min-count N] [...] --out PATH`. */
int vm_words_main(int argc, char **argv);

#endif
