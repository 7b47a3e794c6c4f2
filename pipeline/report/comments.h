/*
 * comments.h - the one streaming pass over DIR/features.tsv.gz: tallies
 * every row into the run's cells and writes comments.csv.gz row by row.
 *
 * comments.csv columns: id, lang, polarity, score, severity, topic,
 * aspects (category:polarity joined by ';'), keywords (';'), group,
 * channel, time, rating, duplicate_of, near_duplicate_of, complaint (1 if
 * the row is a complaint as defined in SPEC.md). One row per features row,
 * in input order; RFC 4180 with the formula guard of csv.h.
 *
 * A row's day is the date part of its `time` (the export's local date),
 * else the UTC date of its `epoch`, else it has none (counted as undated).
 *
 * The pass runs on `threads` threads (1 or more); rd and the bytes
 * written to csv are the same for any number.
 */
#ifndef VM_REPORT_COMMENTS_H
#define VM_REPORT_COMMENTS_H

#include "common/error.h"
#include "common/outfile.h"
#include "report/rundata.h"

int vm_comments_pass(vm_rundata *rd, const char *features_path, vm_outfile *csv, int threads, vm_error *err);

#endif
