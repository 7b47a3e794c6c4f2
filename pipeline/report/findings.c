/*
 * findings.c - ranking, trends and alerts (rules documented in
 * findings.h, impact.h and spike.h).
 */
#include "report/findings.h"
#include "common/mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vm_report_options_default(vm_report_options *o) {
    o->top = 10;
    o->alert_threshold = -0.3;
    o->min_count = VM_SPIKE_MIN_COUNT;
    o->min_comments = 20;
}

void vm_history_init(vm_history *h, const vm_rundata *rd, size_t nruns) {
    memset(h, 0, sizeof *h);
    h->nruns = nruns;
    h->ntopics = rd->ntopics;
    h->ngroups = vm_strmap_size(rd->groups);
    h->nchannels = vm_strmap_size(rd->channels);
    h->run_ids = vm_xcalloc(nruns + 1, sizeof *h->run_ids);
    h->run_comments = vm_xcalloc(nruns + 1, sizeof *h->run_comments);
    h->topic_counts = vm_xcalloc(h->ntopics * nruns + 1, sizeof *h->topic_counts);
    h->groups = vm_xcalloc(h->ngroups * nruns + 1, sizeof *h->groups);
    h->channels = vm_xcalloc(h->nchannels * nruns + 1, sizeof *h->channels);
}

void vm_history_free(vm_history *h) {
    if (h->run_ids)
        for (size_t i = 0; i < h->nruns; i++) free(h->run_ids[i]);
    free(h->run_ids);
    free(h->run_comments);
    free(h->topic_counts);
    free(h->groups);
    free(h->channels);
    memset(h, 0, sizeof *h);
}

const char *vm_topic_display(const vm_rundata *rd, uint32_t topic, char *buf, size_t cap) {
    const vm_topic_info *t = &rd->topics[topic];
    if (*t->label) return t->label;
    snprintf(buf, cap, "topic %s", t->id);
    return buf;
}

void vm_day_totals(const vm_rundata *rd, double *out) {
    for (size_t p = 0; p < rd->ndays; p++) {
        const vm_tally *s = vm_rundata_find(rd, VM_CELL_RUN, 0, 0, rd->day_order[p]);
        out[p] = s ? (double)s->comments : 0;
    }
}

/* ---- trends ---- */

static int cmp_double(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* Median of the per-run rates count/exposure over runs [from, n). */
static double median_rate(const double *counts, const double *exposure, size_t from, size_t n) {
    double rates[VM_HISTORY_RUNS];
    size_t m = 0;
    for (size_t r = from; r < n && m < VM_HISTORY_RUNS; r++)
        if (exposure[r] > 0) rates[m++] = counts[r] / exposure[r];
    if (m == 0) return 0;
    qsort(rates, m, sizeof *rates, cmp_double);
    return m % 2 ? rates[m / 2] : (rates[m / 2 - 1] + rates[m / 2]) / 2;
}

static void cross_test(const double *counts, const double *exposure, size_t nruns, double count, double total,
                       double min_count, vm_trend *tr) {
    tr->prev_count = -1;
    if (nruns == 0) return;
    tr->has_baseline = 1;
    tr->prev_count = counts[nruns - 1];
    tr->prev_share = exposure[nruns - 1] > 0 ? counts[nruns - 1] / exposure[nruns - 1] : 0;
    size_t from = nruns > VM_BASELINE_RUNS ? nruns - VM_BASELINE_RUNS : 0;
    tr->baseline_runs = (int)(nruns - from);
    double base_e = 0;
    for (size_t r = from; r < nruns; r++) base_e += exposure[r];
    tr->baseline_share = median_rate(counts, exposure, from, nruns);
    vm_spike_test(count, total, tr->baseline_share * base_e, base_e, min_count, &tr->cross);
}

/* Within-run test over per-day counts (by day position); returns the
 * earlier days' count of the chosen window (-1 without a window). */
static double window_test(const vm_rundata *rd, const double *counts, const double *totals, double min_count,
                          vm_trend *tr) {
    size_t nd = rd->ndays;
    double earlier_best = -1;
    for (size_t k = 1; k <= 2 && k < nd; k++) {
        if (k == 2 && nd - k < 2) break;
        double rc = 0, re = 0, ec = 0, ee = 0;
        for (size_t p = 0; p < nd; p++) {
            if (p >= nd - k) {
                rc += counts[p];
                re += totals[p];
            } else {
                ec += counts[p];
                ee += totals[p];
            }
        }
        vm_spike s;
        vm_spike_test(rc, re, ec, ee, min_count, &s);
        if (tr->has_window && !(s.z > tr->within.z)) continue;
        tr->has_window = 1;
        tr->window_days = (int)k;
        tr->within = s;
        tr->recent_share = re > 0 ? rc / re : 0;
        tr->earlier_share = ee > 0 ? ec / ee : 0;
        earlier_best = ec;
        const char *first = vm_rundata_day(rd, rd->day_order[nd - k]);
        const char *last = vm_rundata_day(rd, rd->day_order[nd - 1]);
        if (k == 1)
            snprintf(tr->window, sizeof tr->window, "%s", last);
        else
            snprintf(tr->window, sizeof tr->window, "%s..%s", first, last);
    }
    return earlier_best;
}

static void finish_trend(vm_trend *tr, double count, double min_count) {
    tr->growth_ratio = 1.0;
    if (tr->has_baseline) tr->growth_ratio = tr->cross.ratio;
    if (tr->has_window && tr->within.ratio > tr->growth_ratio) tr->growth_ratio = tr->within.ratio;
    int spike = (tr->has_baseline && tr->cross.spike) || (tr->has_window && tr->within.spike);
    if (tr->is_new)
        tr->label = "new";
    else if (spike || (tr->growth_ratio >= 2.0 && count >= min_count))
        tr->label = "rising";
    else if (tr->has_baseline && tr->cross.expected >= min_count && tr->cross.ratio <= 0.5)
        tr->label = "falling";
    else if (tr->has_baseline || tr->has_window)
        tr->label = "stable";
    else
        tr->label = "";
}

/* ---- topics ---- */

static void topic_trend(vm_findings *an, vm_topic_result *r, const double *day_totals, double *scratch) {
    const vm_rundata *rd = an->rd;
    const vm_history *h = an->h;
    double count = (double)r->st.comments;
    if (h && h->nruns) {
        cross_test(&h->topic_counts[(size_t)r->topic * h->nruns], h->run_comments, h->nruns, count,
                   (double)an->run.comments, an->opt.min_count, &r->trend);
        double base = r->trend.cross.expected;
        r->trend.is_new = base == 0 && count >= an->opt.min_count;
    } else {
        r->trend.prev_count = -1;
    }
    for (size_t p = 0; p < rd->ndays; p++) {
        const vm_tally *s = vm_rundata_find(rd, VM_CELL_TOPIC, r->topic, 0, rd->day_order[p]);
        scratch[p] = s ? (double)s->comments : 0;
    }
    double earlier = window_test(rd, scratch, day_totals, an->opt.min_count, &r->trend);
    if (!r->trend.has_baseline && r->trend.has_window && earlier == 0 && r->trend.within.observed >= an->opt.min_count)
        r->trend.is_new = 1;
    finish_trend(&r->trend, count, an->opt.min_count);
}

static int cmp_topic(const void *x, const void *y, const vm_rundata *rd) {
    const vm_topic_result *a = x, *b = y;
    if (a->impact.score != b->impact.score) return a->impact.score > b->impact.score ? -1 : 1;
    if (a->st.comments != b->st.comments) return a->st.comments > b->st.comments ? -1 : 1;
    return strcmp(rd->topics[a->topic].id, rd->topics[b->topic].id);
}

static const vm_rundata *sort_rd;
static int cmp_topic_q(const void *x, const void *y) { return cmp_topic(x, y, sort_rd); }

/* Inserts (index, n) into a top list kept by count desc, then name asc. */
static void top_insert(uint32_t *idx, uint64_t *cnt, int *n, uint32_t i, uint64_t c, const vm_rundata *rd,
                       int kind) {
    int pos = *n;
    while (pos > 0) {
        uint64_t pc = cnt[pos - 1];
        int before = pc > c || (pc == c && strcmp(vm_rundata_name(rd, kind, idx[pos - 1]), vm_rundata_name(rd, kind, i)) < 0);
        if (before) break;
        pos--;
    }
    if (pos >= VM_TOP_DIMS) return;
    int last = *n < VM_TOP_DIMS ? *n : VM_TOP_DIMS - 1;
    for (int k = last; k > pos; k--) {
        idx[k] = idx[k - 1];
        cnt[k] = cnt[k - 1];
    }
    idx[pos] = i;
    cnt[pos] = c;
    if (*n < VM_TOP_DIMS) (*n)++;
}

static void topic_top_dims(vm_findings *an) {
    const vm_rundata *rd = an->rd;
    long *pos = vm_xmalloc((rd->ntopics + 1) * sizeof *pos);
    for (size_t i = 0; i < rd->ntopics; i++) pos[i] = -1;
    for (size_t i = 0; i < an->ntopics; i++) pos[an->topics[i].topic] = (long)i;
    size_t ncells = vm_rundata_ncells(rd);
    for (size_t c = 0; c < ncells; c++) {
        int kind;
        uint32_t a, b, day;
        vm_rundata_cell_key(rd, c, &kind, &a, &b, &day);
        if (day != VM_ALL_DAYS || (kind != VM_CELL_TOPIC_GROUP && kind != VM_CELL_TOPIC_CHANNEL) || pos[a] < 0)
            continue;
        vm_topic_result *r = &an->topics[pos[a]];
        uint64_t n = rd->cellv[c].comments;
        if (kind == VM_CELL_TOPIC_GROUP)
            top_insert(r->group, r->group_n, &r->ngroups, b, n, rd, VM_CELL_GROUP);
        else
            top_insert(r->channel, r->channel_n, &r->nchannels, b, n, rd, VM_CELL_CHANNEL);
    }
    free(pos);
}

static void analyze_topics(vm_findings *an, const double *day_totals, double *scratch) {
    const vm_rundata *rd = an->rd;
    an->topics = vm_xcalloc(rd->ntopics + 1, sizeof *an->topics);
    for (uint32_t t = 0; t < rd->ntopics; t++) {
        const vm_tally *s = vm_rundata_find(rd, VM_CELL_TOPIC, t, 0, VM_ALL_DAYS);
        if (!s || s->comments == 0) continue;
        vm_topic_result *r = &an->topics[an->ntopics++];
        r->topic = t;
        r->st = *s;
        r->share = an->run.comments ? (double)s->comments / (double)an->run.comments : 0;
        topic_trend(an, r, day_totals, scratch);
        vm_impact_compute((double)s->comments, s->sev, s->neg_sum, r->trend.growth_ratio, &r->impact);
        r->owner = vm_owners_owner(an->owners, rd->topics[t].aspect);
    }
    sort_rd = rd;
    qsort(an->topics, an->ntopics, sizeof *an->topics, cmp_topic_q);
    sort_rd = NULL;
    for (size_t i = 0; i < an->ntopics; i++) an->topics[i].rank = (int)i + 1;
    topic_top_dims(an);
}

/* ---- groups and channels ---- */

static void dim_history(vm_findings *an, vm_dim_result *d, double *counts) {
    const vm_history *h = an->h;
    const vm_hist_dim *hd = d->kind == VM_CELL_GROUP ? h->groups : h->channels;
    hd += (size_t)d->index * h->nruns;
    for (size_t r = 0; r < h->nruns; r++) counts[r] = hd[r].present ? hd[r].complaints : 0;
    cross_test(counts, h->run_comments, h->nruns, (double)d->st.complaints, (double)an->run.comments,
               an->opt.min_count, &d->trend);
    size_t from = h->nruns > VM_BASELINE_RUNS ? h->nruns - VM_BASELINE_RUNS : 0;
    double c = 0, k = 0, s = 0;
    for (size_t r = from; r < h->nruns; r++) {
        if (!hd[r].present) continue;
        c += hd[r].comments;
        k += hd[r].complaints;
        s += hd[r].score_sum;
    }
    d->baseline_rate = c > 0 ? k / c : -1;
    d->baseline_mean = c > 0 ? s / c : 0;
}

static void dim_window(vm_findings *an, vm_dim_result *d, const double *day_totals, double *scratch) {
    const vm_rundata *rd = an->rd;
    for (size_t p = 0; p < rd->ndays; p++) {
        const vm_tally *s = vm_rundata_find(rd, d->kind, d->index, 0, rd->day_order[p]);
        scratch[p] = s ? (double)s->complaints : 0;
    }
    window_test(rd, scratch, day_totals, an->opt.min_count, &d->trend);
    if (!d->trend.has_window) return;
    double rc = 0, rn = 0, ec = 0, en = 0;
    for (size_t p = 0; p < rd->ndays; p++) {
        const vm_tally *s = vm_rundata_find(rd, d->kind, d->index, 0, rd->day_order[p]);
        if (!s) continue;
        int recent = p >= rd->ndays - (size_t)d->trend.window_days;
        *(recent ? &rc : &ec) += (double)s->complaints;
        *(recent ? &rn : &en) += (double)s->comments;
    }
    d->recent_rate = rn > 0 ? rc / rn : 0;
    d->earlier_rate = en > 0 ? ec / en : 0;
}

static void dim_low(vm_findings *an, vm_dim_result *d) {
    const vm_rundata *rd = an->rd;
    if ((double)d->st.comments >= an->opt.min_comments && d->mean_score < an->opt.alert_threshold) {
        d->low = 1;
        d->low_scope = "run";
        d->low_mean = d->mean_score;
        d->low_comments = (double)d->st.comments;
        return;
    }
    if (rd->ndays < 2) return;
    uint32_t last = rd->day_order[rd->ndays - 1];
    const vm_tally *s = vm_rundata_find(rd, d->kind, d->index, 0, last);
    if (s && (double)s->comments >= an->opt.min_comments && vm_tally_mean_score(s) < an->opt.alert_threshold) {
        d->low = 1;
        d->low_scope = vm_rundata_day(rd, last);
        d->low_mean = vm_tally_mean_score(s);
        d->low_comments = (double)s->comments;
    }
}

static int cmp_dim(const void *x, const void *y) {
    const vm_dim_result *a = x, *b = y;
    if (a->st.complaints != b->st.complaints) return a->st.complaints > b->st.complaints ? -1 : 1;
    if (a->st.comments != b->st.comments) return a->st.comments > b->st.comments ? -1 : 1;
    return strcmp(a->name, b->name);
}

static vm_dim_result *analyze_dims(vm_findings *an, int kind, size_t *count, const double *day_totals,
                                   double *scratch) {
    const vm_rundata *rd = an->rd;
    const vm_strmap *names = kind == VM_CELL_GROUP ? rd->groups : rd->channels;
    size_t n = vm_strmap_size(names);
    vm_dim_result *out = vm_xcalloc(n + 1, sizeof *out);
    size_t hist_runs = an->h ? an->h->nruns : 0;
    double *counts = vm_xcalloc(hist_runs + 1, sizeof *counts);
    for (uint32_t i = 0; i < n; i++) {
        vm_dim_result *d = &out[i];
        d->kind = kind;
        d->index = i;
        d->name = vm_strmap_key(names, (long)i, NULL);
        const vm_tally *s = vm_rundata_find(rd, kind, i, 0, VM_ALL_DAYS);
        if (s) d->st = *s;
        d->mean_score = vm_tally_mean_score(&d->st);
        d->complaint_rate = vm_tally_complaint_rate(&d->st);
        d->baseline_rate = -1;
        d->trend.prev_count = -1;
        if (hist_runs) dim_history(an, d, counts);
        dim_window(an, d, day_totals, scratch);
        finish_trend(&d->trend, (double)d->st.complaints, an->opt.min_count);
        dim_low(an, d);
    }
    free(counts);
    qsort(out, n, sizeof *out, cmp_dim);
    *count = n;
    return out;
}

/* ---- alerts ---- */

static vm_alert *new_alert(vm_findings *an, const char *kind, const char *subject_kind, const char *subject,
                           const char *label, const char *metric) {
    an->alerts = vm_xrealloc(an->alerts, (an->nalerts + 1) * sizeof *an->alerts);
    vm_alert *a = &an->alerts[an->nalerts++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->subject_kind = subject_kind;
    a->subject = vm_xstrdup(subject);
    a->subject_label = vm_xstrdup(label);
    a->metric = metric;
    a->z = NAN;
    return a;
}

static void set_spike(vm_alert *a, const vm_spike *s, const char *window) {
    a->critical = s->critical;
    a->value = s->observed;
    a->baseline = s->expected;
    a->z = s->z;
    snprintf(a->window, sizeof a->window, "%s", window);
}

static char *msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *msg(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0) s = vm_xstrdup("");
    va_end(ap);
    return s;
}

static void topic_alerts(vm_findings *an, const vm_topic_result *r) {
    char buf[256];
    const vm_trend *tr = &r->trend;
    const vm_topic_info *t = &an->rd->topics[r->topic];
    const char *label = vm_topic_display(an->rd, r->topic, buf, sizeof buf);
    double n = (double)r->st.comments;
    if (tr->is_new) {
        vm_alert *a = new_alert(an, "new_topic", "topic", t->id, label, "comments");
        if (tr->has_baseline) {
            set_spike(a, &tr->cross, "this run");
            a->message = msg("New topic \"%s\": %.0f comments, none in the last %d runs", label, n, tr->baseline_runs);
        } else {
            set_spike(a, &tr->within, tr->window);
            a->message = msg("New topic \"%s\": %.0f comments on %s, none on the earlier days", label,
                             tr->within.observed, tr->window);
        }
        a->critical = 0;
        return;
    }
    if (tr->has_baseline && tr->cross.spike) {
        vm_alert *a = new_alert(an, "topic_spike", "topic", t->id, label, "comments");
        set_spike(a, &tr->cross, "this run");
        a->message = msg("Topic \"%s\": %.0f comments vs %.1f expected from the last %d runs (share %.1f%% vs "
                         "%.1f%%, z=%.1f)",
                         label, n, tr->cross.expected, tr->baseline_runs, 100 * r->share, 100 * tr->baseline_share,
                         tr->cross.z);
    }
    if (tr->has_window && tr->within.spike) {
        vm_alert *a = new_alert(an, "topic_spike_recent", "topic", t->id, label, "comments");
        set_spike(a, &tr->within, tr->window);
        a->message = msg("Topic \"%s\": %.0f comments on %s vs %.1f expected from the earlier days (share %.1f%% vs "
                         "%.1f%%, z=%.1f)",
                         label, tr->within.observed, tr->window, tr->within.expected, 100 * tr->recent_share,
                         100 * tr->earlier_share, tr->within.z);
    }
}

/* The topic with most complaints of a group/channel, over the whole run
 * (window_days 0) or the last window_days days. */
static long main_topic(const vm_findings *an, const vm_dim_result *d, int window_days, double *count) {
    const vm_rundata *rd = an->rd;
    int kind = d->kind == VM_CELL_GROUP ? VM_CELL_TOPIC_GROUP : VM_CELL_TOPIC_CHANNEL;
    if (kind == VM_CELL_TOPIC_CHANNEL) window_days = 0; /* channels keep no per-day topic cells */
    long best = -1;
    *count = 0;
    for (size_t i = 0; i < an->ntopics; i++) {
        uint32_t t = an->topics[i].topic;
        double c = 0;
        if (window_days == 0) {
            const vm_tally *s = vm_rundata_find(rd, kind, t, d->index, VM_ALL_DAYS);
            c = s ? (double)s->comments : 0;
        } else {
            for (size_t p = rd->ndays - (size_t)window_days; p < rd->ndays; p++) {
                const vm_tally *s = vm_rundata_find(rd, kind, t, d->index, rd->day_order[p]);
                c += s ? (double)s->comments : 0;
            }
        }
        if (c > *count) {
            *count = c;
            best = (long)t;
        }
    }
    return best;
}

static char *theme_text(const vm_findings *an, const vm_dim_result *d, int window_days) {
    double c;
    long t = main_topic(an, d, window_days, &c);
    if (t < 0) return vm_xstrdup("");
    char buf[256];
    return msg("; main topic \"%s\" (%.0f)", vm_topic_display(an->rd, (uint32_t)t, buf, sizeof buf), c);
}

static void dim_alerts(vm_findings *an, const vm_dim_result *d) {
    const char *sk = d->kind == VM_CELL_GROUP ? "group" : "channel";
    const char *Sk = d->kind == VM_CELL_GROUP ? "Group" : "Channel";
    const vm_trend *tr = &d->trend;
    if (tr->has_baseline && tr->cross.spike) {
        vm_alert *a = new_alert(an, "complaint_spike", sk, d->name, d->name, "complaints");
        set_spike(a, &tr->cross, "this run");
        char *theme = theme_text(an, d, 0);
        a->message = msg("%s %s: %.0f complaints vs %.1f expected from the last %d runs (complaint rate %.0f%% vs "
                         "%.0f%%, z=%.1f)%s",
                         Sk, d->name, tr->cross.observed, tr->cross.expected, tr->baseline_runs,
                         100 * d->complaint_rate, 100 * (d->baseline_rate < 0 ? 0 : d->baseline_rate), tr->cross.z,
                         theme);
        free(theme);
    }
    if (tr->has_window && tr->within.spike) {
        vm_alert *a = new_alert(an, "complaint_spike_recent", sk, d->name, d->name, "complaints");
        set_spike(a, &tr->within, tr->window);
        char *theme = theme_text(an, d, tr->window_days);
        a->message = msg("%s %s: %.0f complaints on %s vs %.1f expected from its earlier days (complaint rate %.0f%% "
                         "vs %.0f%%, z=%.1f)%s",
                         Sk, d->name, tr->within.observed, tr->window, tr->within.expected, 100 * d->recent_rate,
                         100 * d->earlier_rate, tr->within.z, theme);
        free(theme);
    }
    if (d->low) {
        vm_alert *a = new_alert(an, "low_sentiment", sk, d->name, d->name, "mean_score");
        a->value = d->low_mean;
        a->baseline = an->opt.alert_threshold;
        snprintf(a->window, sizeof a->window, "%s", strcmp(d->low_scope, "run") == 0 ? "this run" : d->low_scope);
        a->message = msg("%s %s: mean sentiment %.2f over %.0f comments (%s) is below the alert threshold %.2f", Sk,
                         d->name, d->low_mean, d->low_comments, a->window, an->opt.alert_threshold);
    }
}

static int cmp_alert(const void *x, const void *y) {
    const vm_alert *a = x, *b = y;
    if (a->critical != b->critical) return a->critical ? -1 : 1;
    double za = isnan(a->z) ? -1e300 : a->z, zb = isnan(b->z) ? -1e300 : b->z;
    if (za != zb) return za > zb ? -1 : 1;
    int c = strcmp(a->kind, b->kind);
    if (c) return c;
    c = strcmp(a->subject_kind, b->subject_kind);
    return c ? c : strcmp(a->subject, b->subject);
}

static void build_alerts(vm_findings *an) {
    for (size_t i = 0; i < an->ntopics; i++) topic_alerts(an, &an->topics[i]);
    for (size_t i = 0; i < an->ngroups; i++) dim_alerts(an, &an->groups[i]);
    for (size_t i = 0; i < an->nchannels; i++) dim_alerts(an, &an->channels[i]);
    if (an->nalerts) qsort(an->alerts, an->nalerts, sizeof *an->alerts, cmp_alert);
}

void vm_findings_build(vm_findings *an, const char *run_id, const vm_rundata *rd, const vm_history *h,
                const vm_owners *owners, const vm_report_options *opt) {
    memset(an, 0, sizeof *an);
    an->rd = rd;
    an->h = h;
    an->owners = owners;
    an->opt = *opt;
    snprintf(an->run_id, sizeof an->run_id, "%s", run_id);
    const vm_tally *run = vm_rundata_find(rd, VM_CELL_RUN, 0, 0, VM_ALL_DAYS);
    if (run) an->run = *run;
    double *day_totals = vm_xcalloc(rd->ndays + 1, sizeof *day_totals);
    double *scratch = vm_xcalloc(rd->ndays + 1, sizeof *scratch);
    vm_day_totals(rd, day_totals);
    analyze_topics(an, day_totals, scratch);
    an->groups = analyze_dims(an, VM_CELL_GROUP, &an->ngroups, day_totals, scratch);
    an->channels = analyze_dims(an, VM_CELL_CHANNEL, &an->nchannels, day_totals, scratch);
    build_alerts(an);
    free(day_totals);
    free(scratch);
}

void vm_findings_free(vm_findings *an) {
    for (size_t i = 0; i < an->nalerts; i++) {
        free(an->alerts[i].subject);
        free(an->alerts[i].subject_label);
        free(an->alerts[i].message);
    }
    free(an->alerts);
    free(an->topics);
    free(an->groups);
    free(an->channels);
    memset(an, 0, sizeof *an);
}
