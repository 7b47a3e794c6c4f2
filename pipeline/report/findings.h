/*
 * findings.h - ranking, trends and alerts for one run.
 *
 * Inputs: the run's tallies (rundata.h), the history of earlier runs from
 * the database (runstore.h; empty without --db) and the owners table.
 * Everything here is a pure function of those inputs, so reports are
 * reproducible.
 *
 * Trends across runs: "earlier runs" are the runs whose id sorts below
 * this run's id (keys.h). The previous run is the last of them; the
 * baseline is the last VM_BASELINE_RUNS of them. A topic's baseline share
 * is the median over the baseline runs of its comments / all comments of
 * that run (the median, so that one bad night does not hide the next); the
 * spike test (spike.h) takes baseline count = that share x the baseline
 * runs' comments, so expected = share x this run's comments. Groups and
 * channels likewise, on their complaints.
 *
 * Trends within a run: when the run's comments span two or more days,
 * each topic, group and channel compares its last day(s) with its earlier
 * days: the recent window is the last 1 or 2 days (2 only when at least 2
 * earlier days remain), the baseline is the earlier days (their count and
 * comments), and the window with the larger z wins.
 * So a week exported in one file still shows an incident of its last days.
 *
 * Trend label: "new" (absent from every baseline run, or from all earlier
 * days of the run, with at least min_count comments now), "rising" (a
 * spike, or growth ratio >= 2 with at least min_count comments),
 * "falling" (baseline expected >= min_count and ratio <= 0.5), "stable"
 * (compared, none of those), "" (nothing to compare with).
 *
 * Alerts (alerts.csv, report, database), each with level warning or
 * critical (spike z >= 5):
 *   topic_spike / topic_spike_recent     topic count spike across runs / within the run
 *   new_topic                            a new topic with >= min_count comments
 *   complaint_spike / complaint_spike_recent
 *                                        a group's or channel's complaints spike across
 *                                        runs / within the run (names its main topic)
 *   low_sentiment                        a group's or channel's mean sentiment is below
 *                                        --alert-threshold over the run, or over the last
 *                                        day of a multi-day run (>= min_comments comments)
 */
#ifndef VM_REPORT_FINDINGS_H
#define VM_REPORT_FINDINGS_H

#include <stddef.h>
#include <stdint.h>

#include "report/impact.h"
#include "report/keys.h"
#include "report/owners.h"
#include "report/rundata.h"
#include "report/spike.h"

#define VM_BASELINE_RUNS 7
#define VM_HISTORY_RUNS 13
#define VM_TOP_DIMS 3

typedef struct vm_report_options {
    int top;                 /* TOP-N size (default 10) */
    double alert_threshold;  /* mean sentiment alert threshold (default -0.3) */
    double min_count;        /* spike and new-topic minimum count (default 10) */
    double min_comments;     /* minimum comments for a sentiment alert (default 20) */
} vm_report_options;

void vm_report_options_default(vm_report_options *o);

/* One group or channel in one earlier run. */
typedef struct vm_hist_dim {
    double comments, complaints, score_sum;
    int present;
} vm_hist_dim;

/* Earlier runs, oldest first (at most VM_HISTORY_RUNS). Arrays indexed
 * [subject * nruns + run]; topics, groups and channels by rundata index. */
typedef struct vm_history {
    size_t nruns;
    char **run_ids;
    double *run_comments;
    double *topic_counts;
    vm_hist_dim *groups;
    vm_hist_dim *channels;
    size_t ntopics, ngroups, nchannels;
} vm_history;

void vm_history_init(vm_history *h, const vm_rundata *rd, size_t nruns);
void vm_history_free(vm_history *h);

typedef struct vm_trend {
    int has_baseline;
    int baseline_runs;
    double prev_count;       /* -1 without a previous run */
    double prev_share;
    double baseline_share;   /* median count per comment over the baseline runs */
    vm_spike cross;
    int has_window;
    int window_days;         /* 1 or 2 */
    char window[32];         /* "2026-11-06..2026-11-07" */
    double recent_share, earlier_share;
    vm_spike within;
    double growth_ratio;
    int is_new;
    const char *label;
} vm_trend;

typedef struct vm_topic_result {
    uint32_t topic;
    vm_tally st;
    double share;            /* comments / all comments of the run */
    vm_impact impact;
    vm_trend trend;
    int rank;                /* 1-based */
    const char *owner;       /* NULL if unknown */
    uint32_t group[VM_TOP_DIMS], channel[VM_TOP_DIMS];
    uint64_t group_n[VM_TOP_DIMS], channel_n[VM_TOP_DIMS];
    int ngroups, nchannels;
} vm_topic_result;

typedef struct vm_dim_result {
    int kind;                /* VM_CELL_GROUP or VM_CELL_CHANNEL */
    uint32_t index;
    const char *name;
    vm_tally st;
    double mean_score, complaint_rate;
    vm_trend trend;          /* on complaint counts */
    double baseline_rate;    /* complaint rate over baseline runs, -1 if none */
    double baseline_mean;
    double recent_rate, earlier_rate; /* complaint rates in / before the window */
    int low;                 /* sentiment alert */
    const char *low_scope;   /* "run" or the last day */
    double low_mean, low_comments;
} vm_dim_result;

typedef struct vm_alert {
    int critical;
    const char *kind;
    const char *subject_kind;   /* "topic", "group", "channel" */
    char *subject;              /* topic id or name */
    char *subject_label;
    const char *metric;
    double value, baseline, z;  /* z is NAN when not a spike */
    char window[48];
    char *message;
} vm_alert;

typedef struct vm_findings {
    const vm_rundata *rd;
    const vm_history *h;
    const vm_owners *owners;
    vm_report_options opt;
    char run_id[VM_RUN_ID_MAX + 1];
    vm_tally run;
    vm_topic_result *topics;   /* topics with comments, in rank order */
    size_t ntopics;
    vm_dim_result *groups;     /* by complaints, descending */
    size_t ngroups;
    vm_dim_result *channels;
    size_t nchannels;
    vm_alert *alerts;          /* most urgent first */
    size_t nalerts;
} vm_findings;

void vm_findings_build(vm_findings *an, const char *run_id, const vm_rundata *rd, const vm_history *h,
                const vm_owners *owners, const vm_report_options *opt);
void vm_findings_free(vm_findings *an);

/* Display name of a topic: its label, else "topic ID". */
const char *vm_topic_display(const vm_rundata *rd, uint32_t topic, char *buf, size_t cap);
/* Comments per day of the run, by position in day order ([rd->ndays]). */
void vm_day_totals(const vm_rundata *rd, double *out);

#endif
