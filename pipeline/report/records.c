/*
 * records.c - building the published rows (see records.h).
 */
#include "report/records.h"
#include "report/jsonget.h"

#include <math.h>
#include <string.h>

static void dims_list(vm_buf *b, const vm_rundata *rd, int kind, const uint32_t *idx, const uint64_t *n, int count) {
    for (int i = 0; i < count; i++) {
        if (i) vm_buf_putc(b, ';');
        vm_buf_printf(b, "%s:%llu", vm_rundata_name(rd, kind, idx[i]), (unsigned long long)n[i]);
    }
}

static void exemplar_ids(vm_buf *b, const vm_topic_info *t) {
    for (size_t i = 0; i < t->nexemplars; i++) {
        if (i) vm_buf_putc(b, ';');
        vm_buf_puts(b, t->exemplars[i]);
    }
}

static const char *spike_basis(const vm_trend *tr) {
    int runs = tr->has_baseline && tr->cross.spike, days = tr->has_window && tr->within.spike;
    return runs && days ? "runs+days" : runs ? "runs" : days ? "days" : "";
}

void vm_record_topn(vm_row *r, const vm_findings *an, const vm_topic_result *t) {
    const vm_rundata *rd = an->rd;
    const vm_topic_info *tp = &rd->topics[t->topic];
    const vm_trend *tr = &t->trend;
    char buf[256];
    vm_row_reset(r);
    vm_row_int(r, "rank", t->rank);
    vm_row_str(r, "topic", tp->id);
    vm_row_str(r, "label", vm_topic_display(rd, t->topic, buf, sizeof buf));
    vm_row_int(r, "comments", (int64_t)t->st.comments);
    vm_row_num(r, "share", t->share, 4);
    vm_row_num(r, "impact", t->impact.score, 1);
    vm_row_num(r, "severity_factor", t->impact.severity, 3);
    vm_row_num(r, "negativity_factor", t->impact.negativity, 3);
    vm_row_num(r, "growth_factor", t->impact.growth, 3);
    vm_row_num(r, "growth_ratio", tr->growth_ratio, 3);
    vm_row_int(r, "severe", (int64_t)t->st.sev[VM_SEV_SEVERE]);
    vm_row_int(r, "moderate", (int64_t)t->st.sev[VM_SEV_MODERATE]);
    vm_row_int(r, "minor", (int64_t)t->st.sev[VM_SEV_MINOR]);
    vm_row_int(r, "none", (int64_t)t->st.sev[VM_SEV_NONE]);
    vm_row_num(r, "mean_score", vm_tally_mean_score(&t->st), 3);
    vm_row_str(r, "trend", tr->label);
    int hb = tr->has_baseline;
    vm_row_num(r, "prev_count", hb ? tr->prev_count : NAN, 0);
    vm_row_num(r, "baseline_share", hb ? tr->baseline_share : NAN, 4);
    vm_row_num(r, "expected", hb ? tr->cross.expected : NAN, 1);
    vm_row_num(r, "change", hb && tr->baseline_share > 0 ? t->share / tr->baseline_share - 1 : NAN, 3);
    vm_row_int(r, "baseline_runs", tr->baseline_runs);
    int hw = tr->has_window;
    vm_row_str(r, "recent_window", hw ? tr->window : "");
    vm_row_num(r, "recent_count", hw ? tr->within.observed : NAN, 0);
    vm_row_num(r, "recent_expected", hw ? tr->within.expected : NAN, 1);
    vm_row_bool(r, "spike", *spike_basis(tr) != '\0');
    vm_row_str(r, "spike_basis", spike_basis(tr));
    vm_row_str(r, "aspect", tp->aspect);
    vm_row_str(r, "owner", t->owner ? t->owner : "");
    dims_list(vm_row_strbuf(r, "top_groups"), rd, VM_CELL_GROUP, t->group, t->group_n, t->ngroups);
    dims_list(vm_row_strbuf(r, "top_channels"), rd, VM_CELL_CHANNEL, t->channel, t->channel_n, t->nchannels);
    vm_row_str(r, "keywords", tp->keywords);
    exemplar_ids(vm_row_strbuf(r, "exemplars"), tp);
}

void vm_record_topic(vm_row *r, const vm_findings *an, const vm_topic_result *t) {
    const vm_topic_info *tp = &an->rd->topics[t->topic];
    vm_record_topn(r, an, t);
    vm_row_str(r, "status", tp->status);
    vm_row_num(r, "cluster_size", tp->size >= 0 ? (double)tp->size : NAN, 0);
    vm_row_num(r, "score_sum", t->st.score_sum, 4);
}

void vm_record_topic_history(vm_row *r, const vm_findings *an, const vm_topic_result *t) {
    char buf[256];
    vm_row_reset(r);
    vm_row_str(r, "run_id", an->run_id);
    vm_row_str(r, "topic", an->rd->topics[t->topic].id);
    vm_row_str(r, "label", vm_topic_display(an->rd, t->topic, buf, sizeof buf));
    vm_row_int(r, "rank", t->rank);
    vm_row_int(r, "comments", (int64_t)t->st.comments);
    vm_row_num(r, "share", t->share, 4);
    vm_row_num(r, "impact", t->impact.score, 1);
    vm_row_str(r, "trend", t->trend.label);
}

void vm_record_alert(vm_row *r, const vm_findings *an, const vm_alert *a) {
    vm_row_reset(r);
    vm_row_str(r, "level", a->critical ? "critical" : "warning");
    vm_row_str(r, "kind", a->kind);
    vm_row_str(r, "subject_kind", a->subject_kind);
    vm_row_str(r, "subject", a->subject);
    vm_row_str(r, "label", a->subject_label);
    vm_row_str(r, "metric", a->metric);
    int score = strcmp(a->metric, "mean_score") == 0;
    vm_row_num(r, "value", a->value, score ? 3 : 0);
    vm_row_num(r, "baseline", a->baseline, score ? 3 : 1);
    vm_row_num(r, "z", a->z, 2);
    vm_row_str(r, "window", a->window);
    vm_row_str(r, "message", a->message);
}

void vm_record_dim(vm_row *r, const vm_findings *an, const vm_dim_result *d) {
    const vm_trend *tr = &d->trend;
    vm_row_reset(r);
    vm_row_str(r, "kind", d->kind == VM_CELL_GROUP ? "group" : "channel");
    vm_row_str(r, "name", d->name);
    vm_row_int(r, "comments", (int64_t)d->st.comments);
    vm_row_int(r, "complaints", (int64_t)d->st.complaints);
    vm_row_int(r, "negative", (int64_t)d->st.negative);
    vm_row_num(r, "complaint_rate", d->complaint_rate, 4);
    vm_row_num(r, "mean_score", d->mean_score, 4);
    vm_row_num(r, "score_sum", d->st.score_sum, 4);
    vm_row_str(r, "trend", tr->label);
    vm_row_num(r, "baseline_complaint_rate", d->baseline_rate >= 0 ? d->baseline_rate : NAN, 4);
    vm_row_num(r, "prev_complaints", tr->has_baseline ? tr->prev_count : NAN, 0);
    vm_row_num(r, "expected_complaints", tr->has_baseline ? tr->cross.expected : NAN, 1);
    vm_row_str(r, "recent_window", tr->has_window ? tr->window : "");
    vm_row_num(r, "recent_complaint_rate", tr->has_window ? d->recent_rate : NAN, 4);
    vm_row_num(r, "earlier_complaint_rate", tr->has_window ? d->earlier_rate : NAN, 4);
    vm_row_bool(r, "spike", *spike_basis(tr) != '\0');
    vm_row_bool(r, "low_sentiment", d->low);
}

void vm_record_run_counts(vm_json *j, const vm_findings *an) {
    vm_json_key(j, "rows");
    vm_json_int(j, (int64_t)an->rd->rows);
    vm_json_key(j, "comments");
    vm_json_int(j, (int64_t)an->run.comments);
    vm_json_key(j, "complaints");
    vm_json_int(j, (int64_t)an->run.complaints);
    vm_json_key(j, "duplicates");
    vm_json_int(j, (int64_t)an->rd->duplicates);
}

void vm_record_run(vm_buf *out, const vm_findings *an, const char *variant_of, const char *manifest,
                   size_t manifest_len) {
    const vm_rundata *rd = an->rd;
    vm_json j;
    vm_json_init(&j, out, 0);
    vm_json_obj_begin(&j);
    vm_json_key(&j, "run_id");
    vm_json_str(&j, an->run_id);
    if (variant_of) {
        vm_json_key(&j, "variant_of");
        vm_json_str(&j, variant_of);
    }
    vm_record_run_counts(&j, an);
    vm_json_key(&j, "mean_score");
    vm_json_num(&j, vm_tally_mean_score(&an->run), 4);
    vm_json_key(&j, "topics");
    vm_json_int(&j, (int64_t)an->ntopics);
    vm_json_key(&j, "alerts");
    vm_json_int(&j, (int64_t)an->nalerts);
    vm_json_key(&j, "days");
    vm_json_int(&j, (int64_t)rd->ndays);
    vm_json_key(&j, "first_day");
    vm_json_str(&j, rd->ndays ? vm_rundata_day(rd, rd->day_order[0]) : "");
    vm_json_key(&j, "last_day");
    vm_json_str(&j, rd->ndays ? vm_rundata_day(rd, rd->day_order[rd->ndays - 1]) : "");
    vm_json_key(&j, "top");
    vm_json_arr_begin(&j);
    for (size_t i = 0; i < an->ntopics && (int)i < an->opt.top; i++)
        vm_json_str(&j, rd->topics[an->topics[i].topic].id);
    vm_json_arr_end(&j);
    vm_json_key(&j, "manifest");
    if (manifest_len && vm_jsonget_valid(manifest, manifest_len)) {
        vm_json_raw(&j, manifest, manifest_len);
    } else {
        vm_json_null(&j);
    }
    vm_json_obj_end(&j);
}

void vm_record_topn_header(vm_buf *out) {
    vm_topic_info topic = {0};
    topic.id = topic.label = topic.aspect = topic.keywords = topic.status = "";
    vm_rundata rd = {0};
    rd.topics = &topic;
    rd.ntopics = 1;
    vm_findings an = {0};
    an.rd = &rd;
    vm_topic_result t = {0};
    t.trend.label = "";
    vm_row r = {0};
    vm_record_topn(&r, &an, &t);
    vm_row_csv_header(&r, out);
    vm_row_free(&r);
}

void vm_record_alert_header(vm_buf *out) {
    vm_alert a = {0};
    a.kind = a.subject_kind = a.metric = "";
    a.subject = a.subject_label = a.message = "";
    vm_findings an = {0};
    vm_row r = {0};
    vm_record_alert(&r, &an, &a);
    vm_row_csv_header(&r, out);
    vm_row_free(&r);
}
