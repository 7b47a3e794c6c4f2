/*
 * lexicon.h - the word lists of stage 2 (extract), loaded from a lexicon
 * directory (see SPEC "Lexicons") and read-only afterwards.
 *
 * Every term is folded with vm_fold_match when it is loaded, so text in
 * match form (traditional script, full-width or upper case folded away)
 * finds it. One folded term is one vm_lexterm that may hold several roles
 * (a word can be an aspect term and a stopword, say); within one role a
 * term may be defined once only, and a weighted term (sentiment or emoji
 * file) once across all weighted files, except that the Chinese and the
 * English file of a kind may both list a term (Chinese reviews say "ok"):
 * the first definition counts, and weights of opposite signs are an
 * error. Every role remembers the file and
 * line that defined it, so traces and errors can point there.
 *
 * Loading checks everything `vocmine lexicon check` reports: missing
 * files and headers, malformed lines, values out of range, unknown
 * lang / kind / level / category / validator values, duplicates after
 * folding, and terms both positive and negative; pii.tsv (normalize's)
 * is checked by its own loader, vm_pii_load. Each problem is one line
 * "path:line: reason". With a problems buffer every problem is listed
 * there; the load fails when there is any.
 *
 * Ownership: the caller owns the vm_lexicon and frees it with
 * vm_lexicon_free; every pointer handed out stays valid until then. A
 * loaded lexicon is never modified, so threads share it freely.
 */
#ifndef VM_LEXICON_H
#define VM_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/error.h"
#include "extract/segment.h"
#include "extract/tokenize.h"
#include "normalize/fold.h"

/* Roles a term can play; vm_lexterm.roles has bit (1 << role) per role. */
enum {
    VM_ROLE_SENTIMENT,  /* sentiment.zh.tsv, sentiment.en.tsv: weight */
    VM_ROLE_EMOJI,      /* emoji.tsv: weight */
    VM_ROLE_NEGATOR,    /* negators.tsv */
    VM_ROLE_DEGREE,     /* degree.tsv: multiplier */
    VM_ROLE_CONTRAST,   /* contrast.tsv: contrast kind */
    VM_ROLE_STOPWORD,   /* stopwords.zh.tsv, stopwords.en.tsv */
    VM_ROLE_ASPECT,     /* aspects.tsv: category */
    VM_ROLE_SEVERITY,   /* severity.tsv: level and cue */
    VM_ROLE_CUE,        /* cues.tsv: cue kind */
    VM_ROLE_COUNT
};

enum { VM_LANG_ANY = 0, VM_LANG_ZH = 1, VM_LANG_EN = 2 };
enum { VM_CONTRAST_BUT = 1, VM_CONTRAST_ALTHOUGH = 2 };
enum { VM_CUE_SARCASM = 1, VM_CUE_RHETORICAL = 2 };
/* Severity levels, in order (also the features column values). */
enum { VM_SEV_NONE = 0, VM_SEV_MINOR = 1, VM_SEV_MODERATE = 2, VM_SEV_SEVERE = 3 };

/* Range limits of the numeric columns. */
#define VM_LEX_WEIGHT_MAX 2.0
#define VM_LEX_MULT_MIN 0.2
#define VM_LEX_MULT_MAX 3.0

/* Where a role of a term was defined: file index (vm_lexicon_file_name)
 * and 1-based line. */
typedef struct vm_lexsrc {
    int16_t file;
    uint32_t line;
} vm_lexsrc;

/* A term's roles and values: what scoring reads, 20 bytes, so that the
 * entries of common words share cache lines. Where each role was
 * defined is kept apart (vm_lexicon_src). */
typedef struct vm_lexterm {
    unsigned roles;          /* (1 << VM_ROLE_*) bits */
    float weight;            /* SENTIMENT or EMOJI: in [-2, 2] */
    float multiplier;        /* DEGREE: in [0.2, 3.0] */
    uint8_t contrast;        /* CONTRAST: VM_CONTRAST_* */
    uint8_t cue;             /* CUE: VM_CUE_* */
    uint8_t level;           /* SEVERITY: VM_SEV_MINOR..VM_SEV_SEVERE */
    uint8_t lang;            /* VM_LANG_* of the file or column defining it first */
    int16_t severity_cue;    /* SEVERITY: index for vm_lexicon_cue_name */
    int16_t category;        /* ASPECT: index for vm_lexicon_category */
} vm_lexterm;

typedef struct vm_lexcategory {
    const char *id;          /* snake_case */
    const char *owner;
    const char *label_zh;
    const char *label_en;
    vm_lexsrc src;
} vm_lexcategory;

typedef struct vm_lexicon vm_lexicon;

/* Loads every lexicon file of dir. problems may be NULL; otherwise each
 * problem is appended to it as one line. Returns NULL (err = the first
 * problem and how many there were) if anything is wrong. */
vm_lexicon *vm_lexicon_load(const char *dir, const vm_folder *folder, vm_buf *problems, vm_error *err);
void vm_lexicon_free(vm_lexicon *lx);

/* Terms, by dense id in load order. */
size_t vm_lexicon_size(const vm_lexicon *lx);
long vm_lexicon_find(const vm_lexicon *lx, const char *term, size_t len);
const vm_lexterm *vm_lexicon_term(const vm_lexicon *lx, long id);
/* Where the term's role was defined (meaningful if it has the role). */
vm_lexsrc vm_lexicon_src(const vm_lexicon *lx, long id, int role);
const char *vm_lexicon_text(const vm_lexicon *lx, long id, size_t *len);

/* Files: index -> name (e.g. "sentiment.zh.tsv") and content sha256.
 * The files and their names are fixed: vm_lexicon_nfiles and
 * vm_lexicon_file_name accept lx == NULL. */
int vm_lexicon_nfiles(const vm_lexicon *lx);
const char *vm_lexicon_file_name(const vm_lexicon *lx, int file);
const char *vm_lexicon_file_sha256(const vm_lexicon *lx, int file);

size_t vm_lexicon_ncategories(const vm_lexicon *lx);
const vm_lexcategory *vm_lexicon_category(const vm_lexicon *lx, size_t i);
const char *vm_lexicon_cue_name(const vm_lexicon *lx, int cue);

/* Role names for traces ("sentiment", "negator", ...). */
const char *vm_lexicon_role_name(int role);

/* Adds every term holding a Han character to the segmentation
 * dictionary with the default lexicon frequency, so each comes out as
 * one word. */
void vm_lexicon_add_to_segdict(const vm_lexicon *lx, vm_segdict *d);

/* Registers the emoticons of emoji.tsv (entries without a pictographic
 * emoji: ":)", "[怒]") with the tokenizer, so each is one token. */
void vm_lexicon_add_emoticons(const vm_lexicon *lx, vm_tokenizer *t);

#endif
