/*
 * outputs.h - the report files, each written into an open vm_outfile
 * (temporary name; report_main.c renames them all after the database
 * commit). All of them are pure functions of the analysis: no clock, no
 * host names, so two runs over the same inputs give the same bytes.
 *
 *   topn.csv.gz     the TOP-N rows (records.h), RFC 4180 + formula guard
 *   alerts.csv.gz   the alert rows (records.h)
 *   topics.json.gz  every topic with its row, per-day counts and
 *                   exemplar texts; groups, channels, alerts
 *   report.md.gz    readable summary for e-mail / wiki
 *   report.html     one self-contained page (inline CSS and SVG, strict
 *                   Content-Security-Policy, no scripts or external files)
 */
#ifndef VM_REPORT_OUTPUTS_H
#define VM_REPORT_OUTPUTS_H

#include "common/error.h"
#include "common/outfile.h"
#include "report/findings.h"

int vm_write_topn_csv(const vm_findings *an, vm_outfile *o, vm_error *err);
int vm_write_alerts_csv(const vm_findings *an, vm_outfile *o, vm_error *err);
int vm_write_topics_json(const vm_findings *an, vm_outfile *o, vm_error *err);
int vm_write_report_md(const vm_findings *an, vm_outfile *o, vm_error *err);
int vm_write_report_html(const vm_findings *an, vm_outfile *o, vm_error *err);

/* Display snippet of an exemplar comment id, or NULL if not seen. */
const char *vm_exemplar_text(const vm_rundata *rd, const char *id);
/* "Delivery / 配送 (ops-logistics)": the topic's aspect label and owner. */
const char *vm_owner_text(const vm_findings *an, const vm_topic_result *t, char *buf, size_t cap);

#endif
