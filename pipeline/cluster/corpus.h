/*
 * corpus.h - the documents a cluster run groups, read from
 * DIR/features.tsv.gz and held compactly in memory.
 *
 * A document is a complaint (SPEC: empty dup_of and negative polarity, a
 * negative aspect or moderate/severe severity; with `all` every row with
 * an empty dup_of) reduced to the set of its features: its tokens and
 * keywords that can name a topic (extract/topicword.h: no masks, numbers,
 * counts, Latin words under 3 letters, stopwords, negators, degree words,
 * contrast markers or cues; a word of the seed list then becomes its
 * concept "~name"), and "@category" for each negatively mentioned aspect.
 * Features are ids in the topic model's vocabulary, at most VM_DOC_MAX_FEATURES per document,
 * each once, in order of first appearance. What grows with the input: 4
 * bytes per feature occurrence, 8 bytes plus the id per document, and the
 * vocabulary (capped at VM_CORPUS_MAX_VOCAB terms; later new words are
 * dropped and counted).
 *
 * The caller owns the corpus (usually on its stack) and releases it with
 * vm_corpus_free.
 */
#ifndef VM_CLUSTER_CORPUS_H
#define VM_CLUSTER_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/model.h"
#include "cluster/seeds.h"
#include "common/buf.h"
#include "common/error.h"
#include "extract/lexicon.h"

#define VM_DOC_MAX_FEATURES 64
#define VM_CORPUS_MAX_VOCAB (1u << 21)
#define VM_FEATURE_MAX_BYTES 64

typedef struct vm_corpus_counts {
    uint64_t rows;              /* data rows read */
    uint64_t bad_rows;          /* malformed rows skipped (warned) */
    uint64_t duplicates;        /* rows with dup_of: not clustered */
    uint64_t not_complaints;    /* rows that are not complaints */
    uint64_t docs;              /* documents kept */
    uint64_t features_capped;   /* features beyond VM_DOC_MAX_FEATURES */
    uint64_t vocab_full;        /* features dropped: vocabulary full */
} vm_corpus_counts;

typedef struct vm_corpus {
    size_t ndocs;
    uint64_t *off;          /* ndocs + 1 offsets into feat */
    uint32_t *feat;
    size_t feat_cap, docs_cap;
    vm_buf ids;             /* comment ids, each NUL-terminated */
    uint64_t *id_off;       /* ndocs offsets into ids */
    uint64_t *df;           /* per vocabulary id: documents holding it */
    size_t df_cap;
    vm_corpus_counts counts;
    char sha256[65];        /* of the input file */
    uint64_t bytes;         /* input file size */
} vm_corpus;

/* Reads path, interning features into m's vocabulary in order of first
 * appearance. lx may be NULL (no lexicon: only the rules of topicword.h
 * that need none apply). threads (1 or more) work on the rows; the result
 * does not depend on their number. Malformed rows are warned about and
 * counted; I/O errors and a missing column fail. */
int vm_corpus_read(vm_corpus *c, const char *path, vm_topic_model *m, const vm_seeds *seeds,
                   const vm_lexicon *lx, int all, int threads, vm_error *err);
void vm_corpus_free(vm_corpus *c);
/* Removes from every document the features with keep[id] == 0 (keep is
 * indexed by vocabulary id); returns how many occurrences went. */
uint64_t vm_corpus_prune(vm_corpus *c, const unsigned char *keep);

static inline const char *vm_corpus_id(const vm_corpus *c, size_t doc) {
    return c->ids.data + c->id_off[doc];
}
static inline size_t vm_corpus_len(const vm_corpus *c, size_t doc) {
    return (size_t)(c->off[doc + 1] - c->off[doc]);
}

#endif
