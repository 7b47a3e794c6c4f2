/*
 * tsvrows.h - reading stage TSV files row by row while tolerating bad
 * rows: a record with the wrong number of fields is reported (file, row,
 * reason), counted and skipped; the run goes on. Read errors still stop.
 */
#ifndef VM_REPORT_TSVROWS_H
#define VM_REPORT_TSVROWS_H

#include <stdint.h>

#include "common/error.h"
#include "common/tsv.h"

/* 1 with a good record, 0 at the end, -1 on a read error. */
int vm_tsvrows_next(vm_tsvfile *t, const char *path, uint64_t *bad, vm_error *err);
/* Counts a skipped bad row in *bad and prints its message (msg) while
 * few have been. */
void vm_tsvrows_skip(const char *msg, const char *path, uint64_t *bad);

#endif
