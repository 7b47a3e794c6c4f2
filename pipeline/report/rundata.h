/*
 * rundata.h - what the report knows about one run, in memory.
 *
 * Built from DIR/topics.tsv.gz, DIR/assignments.tsv.gz and one streaming
 * pass over DIR/features.tsv.gz (comments.c). Memory is bounded by the
 * number of distinct topics, groups, channels, days and complaint ids,
 * never by the text of the export.
 *
 * Tallies (vm_tally) live in cells keyed by (kind, a, b, day): kind says
 * what a and b index (topic, group, channel), day is an index into
 * `days` or VM_ALL_DAYS for the whole run. Exact duplicates (dup_of set)
 * are counted in `duplicates` only, never in cells, as they are not
 * complaints and must not weigh twice. Ids are dense indices in insertion
 * order, so every iteration is deterministic.
 */
#ifndef VM_REPORT_RUNDATA_H
#define VM_REPORT_RUNDATA_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/strmap.h"
#include "report/impact.h"

typedef struct vm_tally {
    uint64_t comments;
    uint64_t complaints;
    uint64_t negative;          /* polarity negative */
    uint64_t sev[VM_SEV_COUNT];
    double score_sum;
    double neg_sum;             /* sum of max(0, -score) */
} vm_tally;

enum vm_cell_kind {
    VM_CELL_RUN,            /* a = b = 0 */
    VM_CELL_TOPIC,          /* a = topic */
    VM_CELL_GROUP,          /* a = group */
    VM_CELL_CHANNEL,        /* a = channel */
    VM_CELL_TOPIC_GROUP,    /* a = topic, b = group */
    VM_CELL_TOPIC_CHANNEL   /* a = topic, b = channel */
};

#define VM_ALL_DAYS UINT32_MAX
#define VM_MAX_EXEMPLARS 5
#define VM_SNIPPET_MAX 600   /* bytes of display text kept per exemplar */

typedef struct vm_topic_info {
    char *id;
    char *status;    /* as the cluster stage wrote it */
    char *label;
    char *aspect;    /* aspect category (first one, without ":polarity") */
    char *keywords;  /* ';'-joined */
    long size;       /* the cluster's size column, -1 if absent */
    char *exemplars[VM_MAX_EXEMPLARS];
    size_t nexemplars;
    int listed;      /* 0: only seen in assignments.tsv */
} vm_topic_info;

typedef struct vm_rundata {
    vm_strmap *topic_ids;
    vm_topic_info *topics;
    size_t ntopics;
    vm_strmap *groups;
    vm_strmap *channels;
    vm_strmap *days;        /* "YYYY-MM-DD" in first-seen order */
    uint32_t *day_order;    /* day ids sorted by date (after finish) */
    size_t ndays;

    vm_strmap *cells;
    vm_tally *cellv;
    size_t cellcap;

    vm_strmap *assign;      /* comment id -> slot in assign_topic */
    uint32_t *assign_topic;
    size_t assigncap;

    vm_strmap *wanted;      /* exemplar comment id -> slot in wanted_text */
    char **wanted_text;     /* display snippet, NULL until seen */

    char features_sha256[65]; /* of the features file the pass read to its end, or "" */

    /* counts for the manifest */
    uint64_t rows, duplicates, assigned, unassigned_complaints, undated;
    uint64_t bad_feature_rows, bad_values, bad_assignment_rows, bad_topic_rows;
    uint64_t unknown_topics, unmatched_assignments;
} vm_rundata;

void vm_rundata_init(vm_rundata *rd);
void vm_rundata_free(vm_rundata *rd);

/* Reads DIR/topics.tsv.gz (columns by name; extra ones ignored). */
int vm_rundata_load_topics(vm_rundata *rd, const char *path, vm_error *err);
/* Reads DIR/assignments.tsv.gz (id, topic). */
int vm_rundata_load_assignments(vm_rundata *rd, const char *path, vm_error *err);

/* Topic index of a comment id, -1 if it has none. */
long vm_rundata_topic_of(const vm_rundata *rd, const char *id, size_t len);
/* Index of a topic id, adding an unlisted topic if new. */
size_t vm_rundata_topic_intern(vm_rundata *rd, const char *id);

/* The cell, created empty if absent. */
vm_tally *vm_rundata_cell(vm_rundata *rd, int kind, uint32_t a, uint32_t b, uint32_t day);
/* The cell or NULL. */
const vm_tally *vm_rundata_find(const vm_rundata *rd, int kind, uint32_t a, uint32_t b, uint32_t day);
/* Decodes cell i's key. */
void vm_rundata_cell_key(const vm_rundata *rd, size_t i, int *kind, uint32_t *a, uint32_t *b, uint32_t *day);
size_t vm_rundata_ncells(const vm_rundata *rd);

/* Sorts the days; call once after the features pass. */
void vm_rundata_finish(vm_rundata *rd);
const char *vm_rundata_day(const vm_rundata *rd, uint32_t day);

/* Name of a group / channel / topic id by index. */
const char *vm_rundata_name(const vm_rundata *rd, int kind, uint32_t index);

double vm_tally_mean_score(const vm_tally *s);
double vm_tally_complaint_rate(const vm_tally *s);
void vm_tally_add(vm_tally *into, const vm_tally *s);

#endif
