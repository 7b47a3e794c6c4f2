/*
 * analyze.h - everything stage 2 learns from one comment's match text:
 * tokens, lexicon hits, sentiment score and polarity, aspects, severity
 * and keywords.
 *
 * A vm_analyzer bundles what analysis reads: the match-text folder, the
 * lexicons, the segmentation dictionary (general dictionary + the learned
 * vocabulary MODELS/words.tsv + every Chinese lexicon term), the tokenizer
 * (with emoji.tsv's emoticons) and the matcher. It is built once and is
 * read-only afterwards, so any number of threads share it; each thread
 * brings its own vm_analysis_scratch and vm_text_analysis, both reused from one
 * comment to the next. The caller owns all three and frees them with the
 * matching free function.
 */
#ifndef VM_ANALYZE_H
#define VM_ANALYZE_H

#include <stddef.h>

#include "common/buf.h"
#include "common/error.h"
#include "extract/aspects.h"
#include "extract/lexicon.h"
#include "extract/match.h"
#include "extract/sentiment.h"
#include "extract/token.h"
#include "normalize/fold.h"

typedef struct vm_analyzer_options {
    const char *lexicons;  /* lexicon directory; NULL = vm_default_lexicons_dir() */
    const char *models;    /* models directory; NULL = vm_default_models_dir() */
    const char *dict;      /* general dictionary; NULL = vm_default_general_dict() */
    int no_dict;           /* no general dictionary at all */
} vm_analyzer_options;

/* Command-line options shared by every command that analyzes:
 * --lexicons DIR, --models DIR, --dict PATH, --no-dict. Consumes argv[*i]
 * (and its value, advancing *i) if it is one; returns 1 if it was, 0 if
 * not, -1 if its value is missing or --dict and --no-dict are both given. */
int vm_analyzer_option(vm_analyzer_options *o, int argc, char **argv, int *i);
/* Usage lines describing those options. */
extern const char vm_analyzer_usage[];

typedef struct vm_analyzer vm_analyzer;

/* Fails (NULL) on any lexicon problem, an unreadable dictionary, or an
 * explicitly given models directory without words.tsv. */
vm_analyzer *vm_analyzer_new(const vm_analyzer_options *o, vm_error *err);
void vm_analyzer_free(vm_analyzer *a);

const vm_folder *vm_analyzer_folder(const vm_analyzer *a);
const vm_lexicon *vm_analyzer_lexicon(const vm_analyzer *a);
const char *vm_analyzer_lexicons_dir(const vm_analyzer *a);
const char *vm_analyzer_models_dir(const vm_analyzer *a);
/* The general dictionary used and its sha256 (both NULL without one). */
const char *vm_analyzer_dict_path(const vm_analyzer *a);
const char *vm_analyzer_dict_sha256(const vm_analyzer *a);
/* Whether MODELS/words.tsv was found and loaded. */
int vm_analyzer_has_vocabulary(const vm_analyzer *a);
size_t vm_analyzer_dict_words(const vm_analyzer *a);

typedef struct vm_analysis_scratch vm_analysis_scratch;
vm_analysis_scratch *vm_analysis_scratch_new(void);
void vm_analysis_scratch_free(vm_analysis_scratch *s);

typedef struct vm_text_analysis {
    vm_tokens tokens;
    vm_hits hits;
    vm_sentiment sentiment;
    vm_aspects aspects;
    int severity;          /* VM_SEV_* */
    vm_buf keywords;       /* joined by ';' */
    int nkeywords;
    vm_buf *trace;         /* set by the caller to get an explanation; NULL = none */
} vm_text_analysis;

/* Frees what the analysis owns (not the trace buffer). */
void vm_text_analysis_free(vm_text_analysis *an);

/* Analyzes one comment. match[0..len) is match text (vm_fold_match);
 * lang is normalize's language tag (used in the trace only: both
 * languages' rules apply to every comment, by script); emphasis is
 * normalize's count of squeezed runs. */
void vm_analyze_text(const vm_analyzer *a, vm_analysis_scratch *s, const char *match, size_t len, const char *lang,
                int emphasis, vm_text_analysis *out);

/* Appends the word tokens (no punctuation, emoji or emoticons) joined by
 * single spaces: the features `tokens` column. Word tokens never hold a
 * TAB, LF, CR, backslash or ';' (those are whitespace or punctuation to
 * the segmenter), so neither this column nor the keywords, which are word
 * units or their stems joined by ';', need TSV escaping. */
void vm_text_analysis_tokens(const vm_text_analysis *an, const char *match, vm_buf *out);

#endif
