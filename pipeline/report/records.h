/*
 * records.h - the rows the report publishes, built once and written to
 * CSV, JSON files and LMDB values alike (row.h).
 *
 * TOP-N row (topn.csv, LMDB topn, topics.json): rank, topic, label,
 * comments, share, impact, then the impact factors (severity_factor,
 * negativity_factor, growth_factor, growth_ratio), the severity mix
 * (severe, moderate, minor, none), mean_score, trend, the comparison with
 * earlier runs (prev_count, baseline_share, expected, change = share /
 * baseline_share - 1, baseline_runs), the within-run comparison
 * (recent_window, recent_count, recent_expected), spike (1 if either
 * comparison spiked) and spike_basis ("runs", "days", "runs+days"),
 * aspect, owner, top_groups and top_channels ("NAME:COUNT" joined by ';'),
 * keywords, exemplars (comment ids joined by ';'). Values that do not
 * apply are empty (CSV) or null (JSON).
 */
#ifndef VM_REPORT_RECORDS_H
#define VM_REPORT_RECORDS_H

#include "common/json.h"
#include "report/findings.h"
#include "report/row.h"

void vm_record_topn(vm_row *r, const vm_findings *an, const vm_topic_result *t);
/* The TOP-N row plus the cluster's status and size (LMDB topics). */
void vm_record_topic(vm_row *r, const vm_findings *an, const vm_topic_result *t);
/* One topic in one run (LMDB topic_history). */
void vm_record_topic_history(vm_row *r, const vm_findings *an, const vm_topic_result *t);
/* level, kind, subject_kind, subject, label, metric, value, baseline, z,
 * window, message */
void vm_record_alert(vm_row *r, const vm_findings *an, const vm_alert *a);
/* kind, name, comments, complaints, negative, complaint_rate, mean_score,
 * score_sum, trend, baseline_complaint_rate, prev_complaints,
 * expected_complaints, recent_window, recent_complaint_rate,
 * earlier_complaint_rate, spike, low_sentiment */
void vm_record_dim(vm_row *r, const vm_findings *an, const vm_dim_result *d);

/* CSV header lines of the TOP-N and alert rows (also for empty files). */
void vm_record_topn_header(vm_buf *out);
void vm_record_alert_header(vm_buf *out);

/* The run's rows, comments, complaints and duplicates as JSON members
 * (shared by the LMDB run summary and topics.json). */
void vm_record_run_counts(vm_json *j, const vm_findings *an);

/* Run summary JSON (LMDB runs): the counts, days, the TOP-N topic ids and
 * the manifest object (raw JSON text, or null when empty); variant_of
 * (NULL for an ordinary run) names the run this one is a variant of. */
void vm_record_run(vm_buf *out, const vm_findings *an, const char *variant_of, const char *manifest,
                   size_t manifest_len);

#endif
