/*
 * test_report_findings.c - trends, ranking and alerts on hand-made tallies
 * (report/findings.h): a within-run incident at one store, a spike and a
 * new topic against earlier runs, a sentiment alert, the ranking order.
 */
#include "check.h"
#include "report/findings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds n comments of one kind to every cell the features pass would. */
static void add(vm_rundata *rd, const char *group, long topic, const char *day, int n, int complaint, double score) {
    long g = vm_strmap_intern(rd->groups, group, strlen(group), NULL);
    long d = vm_strmap_intern(rd->days, day, strlen(day), NULL);
    vm_tally one = {0};
    one.comments = (uint64_t)n;
    one.complaints = complaint ? (uint64_t)n : 0;
    one.negative = score < 0 ? (uint64_t)n : 0;
    one.sev[complaint ? VM_SEV_MODERATE : VM_SEV_NONE] = (uint64_t)n;
    one.score_sum = score * n;
    one.neg_sum = score < 0 ? -score * n : 0;
    uint32_t days[2] = {(uint32_t)d, VM_ALL_DAYS};
    for (int k = 0; k < 2; k++) {
        vm_tally_add(vm_rundata_cell(rd, VM_CELL_RUN, 0, 0, days[k]), &one);
        vm_tally_add(vm_rundata_cell(rd, VM_CELL_GROUP, (uint32_t)g, 0, days[k]), &one);
        if (topic >= 0) {
            vm_tally_add(vm_rundata_cell(rd, VM_CELL_TOPIC, (uint32_t)topic, 0, days[k]), &one);
            vm_tally_add(vm_rundata_cell(rd, VM_CELL_TOPIC_GROUP, (uint32_t)topic, (uint32_t)g, days[k]), &one);
        }
    }
}

static const vm_alert *find_alert(const vm_findings *f, const char *kind, const char *subject) {
    for (size_t i = 0; i < f->nalerts; i++)
        if (strcmp(f->alerts[i].kind, kind) == 0 && strcmp(f->alerts[i].subject, subject) == 0) return &f->alerts[i];
    return NULL;
}

static const vm_topic_result *find_topic(const vm_findings *f, const char *id) {
    for (size_t i = 0; i < f->ntopics; i++)
        if (strcmp(f->rd->topics[f->topics[i].topic].id, id) == 0) return &f->topics[i];
    return NULL;
}

/* A week in one run: every store has a steady background; on the last two
 * days S01 gets a burst of delivery complaints. */
static void test_week_incident(void) {
    vm_rundata rd;
    vm_rundata_init(&rd);
    long delivery = (long)vm_rundata_topic_intern(&rd, "T1");
    long food = (long)vm_rundata_topic_intern(&rd, "T2");
    free(rd.topics[delivery].label);
    rd.topics[delivery].label = strdup("late delivery");
    char day[16], store[8];
    for (int d = 1; d <= 7; d++) {
        snprintf(day, sizeof day, "2026-11-0%d", d);
        for (int s = 1; s <= 10; s++) {
            snprintf(store, sizeof store, "S%02d", s);
            add(&rd, store, -1, day, 20, 0, 0.5);
            add(&rd, store, delivery, day, 3, 1, -0.5);
            add(&rd, store, food, day, 4, 1, -0.5);
        }
        if (d >= 6) add(&rd, "S01", delivery, day, 30, 1, -0.8);
    }
    vm_rundata_finish(&rd);
    vm_report_options opt;
    vm_report_options_default(&opt);
    vm_findings f;
    vm_findings_build(&f, "2026-11-07", &rd, NULL, NULL, &opt);

    CHECK(f.ntopics == 2);
    CHECK(f.topics[0].rank == 1 && strcmp(rd.topics[f.topics[0].topic].id, "T1") == 0);
    const vm_topic_result *t1 = find_topic(&f, "T1");
    CHECK(t1 && t1->trend.has_window && t1->trend.within.spike);
    CHECK(t1 && strcmp(t1->trend.window, "2026-11-06..2026-11-07") == 0);
    CHECK(t1 && t1->impact.growth > 1.4);
    CHECK(t1 && strcmp(t1->trend.label, "rising") == 0);
    const vm_topic_result *t2 = find_topic(&f, "T2");
    CHECK(t2 && !t2->trend.within.spike && strcmp(t2->trend.label, "stable") == 0);
    CHECK(t2 && fabs(t2->impact.growth - 1.0) < 1e-9);

    const vm_alert *a = find_alert(&f, "complaint_spike_recent", "S01");
    CHECK(a != NULL);
    CHECK(a && a->critical && strstr(a->message, "late delivery") != NULL);
    CHECK(a && strcmp(a->window, "2026-11-06..2026-11-07") == 0);
    for (int s = 2; s <= 10; s++) {
        snprintf(store, sizeof store, "S%02d", s);
        CHECK(find_alert(&f, "complaint_spike_recent", store) == NULL);
    }
    CHECK(f.nalerts > 0 && f.alerts[0].critical);
    vm_findings_free(&f);
    vm_rundata_free(&rd);
}

/* One night against seven earlier runs. */
static void test_across_runs(void) {
    vm_rundata rd;
    vm_rundata_init(&rd);
    long steady = (long)vm_rundata_topic_intern(&rd, "T1");
    long jump = (long)vm_rundata_topic_intern(&rd, "T2");
    long fresh = (long)vm_rundata_topic_intern(&rd, "T3");
    add(&rd, "S01", -1, "2026-11-08", 875, 0, 0.4); /* 1000 comments in all */
    add(&rd, "S01", steady, "2026-11-08", 20, 1, -0.5);
    add(&rd, "S01", jump, "2026-11-08", 60, 1, -0.5);
    add(&rd, "S02", fresh, "2026-11-08", 15, 1, -0.5);
    add(&rd, "S03", -1, "2026-11-08", 10, 0, -0.9);
    add(&rd, "S03", -1, "2026-11-08", 20, 1, -0.6);
    vm_rundata_finish(&rd);

    vm_history h;
    vm_history_init(&h, &rd, 7);
    for (size_t r = 0; r < 7; r++) {
        char id[16];
        snprintf(id, sizeof id, "2026-11-0%zu", r + 1);
        h.run_ids[r] = strdup(id);
        h.run_comments[r] = 1000;
        h.topic_counts[(size_t)steady * 7 + r] = 20;
        h.topic_counts[(size_t)jump * 7 + r] = 15;
        h.topic_counts[(size_t)fresh * 7 + r] = 0;
        vm_hist_dim *g = &h.groups[0 * 7 + r]; /* S01 */
        g->present = 1;
        g->comments = 950;
        g->complaints = 40;
        g->score_sum = 300;
    }
    vm_report_options opt;
    vm_report_options_default(&opt);
    vm_findings f;
    vm_findings_build(&f, "2026-11-08", &rd, &h, NULL, &opt);
    const vm_topic_result *t1 = find_topic(&f, "T1"), *t2 = find_topic(&f, "T2"), *t3 = find_topic(&f, "T3");
    CHECK(t1 && t2 && t3);
    if (t1 && t2 && t3) {
        CHECK(t1->trend.has_baseline && !t1->trend.cross.spike && strcmp(t1->trend.label, "stable") == 0);
        CHECK(fabs(t1->trend.cross.expected - 20.0) < 1e-9);
        CHECK(t1->trend.prev_count == 20 && t1->trend.baseline_runs == 7);
        CHECK(t2->trend.cross.spike && strcmp(t2->trend.label, "rising") == 0);
        CHECK(t3->trend.is_new && strcmp(t3->trend.label, "new") == 0);
        CHECK(t2->rank == 1); /* 60 comments, growing */
    }
    CHECK(find_alert(&f, "topic_spike", "T2") != NULL);
    CHECK(find_alert(&f, "topic_spike", "T1") == NULL);
    CHECK(find_alert(&f, "new_topic", "T3") != NULL);
    CHECK(find_alert(&f, "topic_spike", "T3") == NULL); /* one alert for a new topic */
    /* S01: 80 complaints vs 40/1000 x 1000 = 40 expected */
    CHECK(find_alert(&f, "complaint_spike", "S01") != NULL);
    /* S03: 30 comments, mean (-9 - 12) / 30 = -0.70 */
    const vm_alert *low = find_alert(&f, "low_sentiment", "S03");
    CHECK(low && fabs(low->value + 0.7) < 1e-9);
    opt.alert_threshold = -0.8;
    vm_findings g;
    vm_findings_build(&g, "2026-11-08", &rd, &h, NULL, &opt);
    CHECK(find_alert(&g, "low_sentiment", "S03") == NULL);
    vm_findings_free(&g);
    vm_findings_free(&f);
    vm_history_free(&h);
    vm_rundata_free(&rd);
}

int main(void) {
    test_week_incident();
    test_across_runs();
    return check_done();
}
