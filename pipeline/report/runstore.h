/*
 * runstore.h - reading earlier runs from the database and writing one run
 * (the schema is in schema.h).
 */
#ifndef VM_REPORT_RUNSTORE_H
#define VM_REPORT_RUNSTORE_H

#include "common/buf.h"
#include "common/error.h"
#include "report/findings.h"
#include "report/store.h"

/* Loads up to VM_HISTORY_RUNS runs whose id sorts below run_id (oldest
 * first) with the counts of rd's topics, groups and channels in them.
 * Variants (schema.h) are never part of a history. */
int vm_history_load(vm_store *s, const char *run_id, const vm_rundata *rd, vm_history *h, vm_error *err);

typedef struct vm_run_write {
    const vm_findings *an;
    const vm_buf *run_json;   /* vm_record_run */
    const vm_buf *model;      /* topic_model.tsv.gz bytes, or NULL */
    int variant;              /* a variant (schema.h): no topic history, never current */
} vm_run_write;

/* Replaces the run in one write transaction (store.h). */
int vm_runstore_write(vm_store *s, const vm_run_write *w, vm_error *err);

#endif
