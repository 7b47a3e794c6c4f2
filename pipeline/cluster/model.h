/*
 * model.h - the topic model: the state a deployment carries from run to
 * run, and its text format (DIR/topic_model.tsv.gz, also the bytes the
 * report stage stores in LMDB).
 *
 * Format, version 1. UTF-8 text, one record per line, fields separated by
 * TAB and escaped as in our TSV files (COPY: \\ \t \n \r). The first line
 * is the magic and the version; every other line starts with its kind:
 *
 *   vocmine-topic-model <TAB> 1
 *   run        <TAB> N        runs completed (the last run's number)
 *   next_topic <TAB> N        number the next new topic gets (never reused)
 *   docs       <TAB> N        documents behind the df counts below
 *   term       <TAB> TERM <TAB> DF
 *   topic      <TAB> T<num> <TAB> STATUS <TAB> CREATED_RUN <TAB> LAST_RUN
 *              <TAB> DOCS <TAB> WORDS <TAB> LABEL <TAB> ASPECT <TAB> EXEMPLARS
 *              <TAB> LINEAGE
 *   w          <TAB> TERM <TAB> COUNT   (belongs to the topic line above)
 *
 * TERM is a clustering feature: a word in match-text form, "~concept" for
 * a word of the bilingual seed list, "@category" for a negative aspect.
 * DF is the number of documents (over all runs) holding the term. A topic's
 * DOCS is the number of complaints ever assigned to it, WORDS the sum of
 * their feature counts, and each w line the number of its documents
 * holding TERM (so COUNT <= DOCS and the counts sum to at most WORDS; a
 * topic keeps only its VM_MODEL_TOPIC_TERMS most frequent terms). All
 * statistics are sums over documents, so models of shards can be added.
 * STATUS is new, active, dormant or merged (absorbed by another topic,
 * never assigned again). EXEMPLARS holds up to 3 comment ids joined by
 * ';'. LINEAGE holds events joined by ';': split_from=T<n>@<run>,
 * merged_into=T<n>@<run>, absorbed=T<n>@<run>.
 *
 * Canonical order, produced by vm_topic_model_write: header, run,
 * next_topic, docs, term lines sorted by bytes (only terms some topic
 * uses), then topics by number, each followed by its w lines sorted by
 * count descending then term bytes. The parser accepts any order of term
 * and topic records (w lines follow their topic), so write -> parse ->
 * write gives identical bytes. Gzip input is inflated transparently.
 *
 * Ownership: a vm_topic_model owns its vocabulary, arrays and strings;
 * vm_topic_model_free releases everything.
 */
#ifndef VM_CLUSTER_MODEL_H
#define VM_CLUSTER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/error.h"
#include "common/strmap.h"

#define VM_MODEL_VERSION 1
#define VM_MODEL_TOPIC_TERMS 300     /* terms kept per topic */
#define VM_MODEL_MAX_TERMS (1u << 22)
#define VM_MODEL_MAX_TOPICS (1u << 20)
#define VM_MODEL_MAX_TERM_BYTES 256

enum { VM_TOPIC_NEW = 0, VM_TOPIC_ACTIVE, VM_TOPIC_DORMANT, VM_TOPIC_MERGED };

typedef struct vm_topic_term {
    uint32_t term;    /* id in the model's vocabulary */
    uint64_t count;
} vm_topic_term;

typedef struct vm_topic {
    uint32_t num;                 /* shown as "T<num>" */
    int status;
    uint32_t created_run, last_run;
    uint64_t docs, words;
    vm_topic_term *terms;         /* owned */
    uint32_t nterms;
    char *label, *aspect, *exemplars, *lineage;   /* owned, never NULL */
} vm_topic;

typedef struct vm_topic_model {
    uint32_t run;
    uint32_t next_topic;
    uint64_t docs;
    vm_strmap *vocab;             /* term -> id; ids index df */
    uint64_t *df;
    size_t df_cap;
    vm_topic *topics;
    size_t ntopics, topics_cap;
} vm_topic_model;

vm_topic_model *vm_topic_model_new(void);
void vm_topic_model_free(vm_topic_model *m);

/* Parses a model from bytes (plain or gzip); name is used in messages
 * ("name: line N: reason"). Returns NULL on malformed input. */
vm_topic_model *vm_topic_model_parse(const void *data, size_t len, const char *name, vm_error *err);

/* Appends the canonical plain-text form of m to out. */
void vm_topic_model_write(const vm_topic_model *m, vm_buf *out);

/* Interns a term and makes sure df has a slot for it; returns its id. */
uint32_t vm_topic_model_term(vm_topic_model *m, const char *term, size_t len);
/* Grows df to cover every vocabulary id (after others interned terms). */
void vm_topic_model_sync_df(vm_topic_model *m);

/* Compares two vocabulary terms by their bytes (shorter first on a tie). */
int vm_topic_model_term_cmp(const vm_topic_model *m, uint32_t a, uint32_t b);
/* Sorts term counts canonically: count descending, then term bytes. */
void vm_topic_terms_sort(const vm_topic_model *m, vm_topic_term *terms, size_t n);

/* Appends a topic with the given number and empty strings; returns it
 * (valid until the next append). */
vm_topic *vm_topic_model_add(vm_topic_model *m, uint32_t num);
/* Index of topic number num, or -1. */
long vm_topic_model_find(const vm_topic_model *m, uint32_t num);

/* Replaces a topic's owned string field. */
void vm_topic_set_str(char **field, const char *s);

const char *vm_topic_status_name(int status);

#endif
