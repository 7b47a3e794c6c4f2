/*
 * segment.h - dictionary-driven Chinese word segmentation.
 *
 * A vm_segdict merges word lists into one dictionary: an external general
 * dictionary ("word freq [tag]" lines, e.g. jieba's dict.txt), vocmine's
 * own learned vocabulary (models/words.tsv: "word<TAB>freq", '#'
 * comments) and lexicon terms added one by one. After vm_segdict_freeze
 * it is read-only and may be shared by any number of threads; each thread
 * brings its own vm_seg_scratch.
 *
 * vm_segment cuts a text into tokens (see token.h):
 *   - whitespace and invisible format characters separate tokens and
 *     belong to none;
 *   - a maximal run of Han characters, letters and digits is segmented as
 *     a whole: the best path over the word graph, where a word's score is
 *     log(freq / total) and the path with the largest sum wins (ties go
 *     to the longer word). Latin/digit runs are atoms that no word may
 *     cut ("wi-fi", "don't", "5g", "3.5", "-5", "90%"); a dictionary word
 *     may span atoms ("t恤", "卡拉ok");
 *   - numbers: a digit atom takes magnitudes and one date/time unit
 *     ("1万亿", "2000年", "12日", "8时"); Chinese numeral runs of two or
 *     more ("二十一", "二○○一年", "十二月", "第十七") are one token;
 *   - out-of-vocabulary runs: consecutive single Han characters left by
 *     the best path are re-cut with a character-position (BMES) model of
 *     unknown words estimated at freeze time from the dictionary itself
 *     (see segment.c), so unknown names and slang come out as words, not
 *     character soup;
 *   - every other character is a PUNCT token; a run of one repeated
 *     character ("……", "!!!") is one token.
 *
 * Words are looked up in folded form: the dictionary folds its keys with
 * its fold function, and with VM_SEG_FOLD vm_segment folds the text's code
 * points the same way before lookup (raw text). Without the flag the text
 * is assumed folded already (the pipeline's match text). Token offsets are
 * always offsets in the text as given.
 */
#ifndef VM_SEGMENT_H
#define VM_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "extract/token.h"

/* A per-code-point fold: fn(ctx, cp) returns the folded code point. */
typedef struct vm_cpfold {
    int32_t (*fn)(const void *ctx, int32_t cp);
    const void *ctx;
} vm_cpfold;

/* The built-in fold: full-width ASCII to ASCII, ideographic space to
 * space, ASCII upper case to lower case; ctx is unused. */
int32_t vm_seg_basic_fold(const void *ctx, int32_t cp);

/* The match-text fold of normalize/fold.h, one code point at a time
 * (vm_fold_codepoint); the folder must outlive every use. */
struct vm_folder;
vm_cpfold vm_seg_match_fold(const struct vm_folder *folder);

typedef struct vm_segdict vm_segdict;

/* Frequency given to a term added with freq <= 0 (see vm_segdict_add):
 * this percentile of the multi-character words' frequencies. */
#define VM_SEG_DEFAULT_PERCENTILE 0.9

/* A new, empty dictionary. fold (copied; NULL = vm_seg_basic_fold) folds
 * keys when they are added and text under VM_SEG_FOLD. */
vm_segdict *vm_segdict_new(const vm_cpfold *fold);
/* Adds every line "word freq [tag]" or "word<TAB>freq" of a (possibly
 * gzip) file; '#' lines and blank lines are skipped; a word without a
 * frequency gets the default. A malformed line is a warning naming file
 * and line, and is skipped. Fails only if the file cannot be read. */
int vm_segdict_load(vm_segdict *d, const char *path, vm_error *err);
/* What vm_segdict_load_standard loaded, for manifests. */
typedef struct vm_segdict_sources {
    char general_sha256[65]; /* hex SHA-256 of the general dictionary file; "" without one */
    int vocabulary;          /* models_dir/words.tsv was found and loaded */
} vm_segdict_sources;

/* The standard sources, in order: the general dictionary general_path
 * (NULL: none; usually vm_default_general_dict()), then the learned
 * vocabulary models_dir/words.tsv. A missing words.tsv is an error when
 * models_required (the user named the directory), else a warning. Lexicon
 * terms come after this, through vm_segdict_add (vm_lexicon_add_to_segdict).
 * found (may be NULL) tells what was loaded. */
int vm_segdict_load_standard(vm_segdict *d, const char *general_path, const char *models_dir,
                             int models_required, vm_segdict_sources *found, vm_error *err);
/* Adds one word (UTF-8, folded here). A word already present keeps the
 * larger frequency. freq <= 0 asks for the default frequency
 * (VM_SEG_DEFAULT_PERCENTILE, fixed at freeze time), at least: use it for
 * lexicon terms, which must come out whole. Words with whitespace or
 * invalid UTF-8 are ignored. Must not be called after freeze. */
void vm_segdict_add(vm_segdict *d, const char *term, size_t len, double freq);
/* Builds the lookup trie and the unknown-word model; afterwards the
 * dictionary is read-only. An empty dictionary is valid. */
void vm_segdict_freeze(vm_segdict *d);
/* Number of distinct words. */
size_t vm_segdict_size(const vm_segdict *d);
/* Frozen dictionary only: the word's log probability, or 0 if the
 * (folded) word is not in the dictionary. */
double vm_segdict_logp(const vm_segdict *d, const char *word, size_t len);
void vm_segdict_free(vm_segdict *d);

/* Payloads: a number the caller attaches to a dictionary word (or a
 * prefix of one), which vm_segment copies into the token of every word it
 * cuts from the dictionary (vm_token.payload), so the caller need not
 * look the word up again. word is taken exactly as given, not folded.
 * Once any payload is set, words given none have payload 0; tokens that
 * are no dictionary word (unknown words, numbers, punctuation), tokens
 * cut under VM_SEG_FOLD, and every token of a dictionary without
 * payloads get VM_TOK_NO_PAYLOAD. Frozen dictionary only, before any
 * vm_segment. A payload fits in 24 bits (two-character words keep theirs
 * beside their trie entry): one above VM_SEG_PAYLOAD_MAX is not set.
 * Returns 1 if word is in the trie (and got the payload), else 0. */
#define VM_SEG_PAYLOAD_MAX 0xFFFFFFu
int vm_segdict_set_payload(vm_segdict *d, const char *word, size_t len, uint32_t payload);

/* Per-thread working memory, grown as needed and reused. */
typedef struct vm_seg_scratch vm_seg_scratch;
vm_seg_scratch *vm_seg_scratch_new(void);
void vm_seg_scratch_free(vm_seg_scratch *s);

enum {
    VM_SEG_FOLD = 1,    /* fold the text's code points before lookup */
    VM_SEG_NO_OOV = 2   /* no unknown-word model: leave single characters */
};

/* Appends the tokens of text[0, len) to out (types HAN, LATIN, NUMBER,
 * PUNCT) and returns how many it appended. Text longer than 4 GiB - 1
 * is cut there. Invalid UTF-8 bytes become PUNCT tokens. */
size_t vm_segment(const vm_segdict *d, const char *text, size_t len, unsigned flags,
                  vm_tokens *out, vm_seg_scratch *s);

/* Whether cp (folded) is punctuation that ends a clause. */
int vm_seg_clause_end(int32_t cp);

#endif
