/*
 * run.c - `vocmine run`: the nightly job, normalize -> extract -> cluster
 * -> report over one run directory.
 *
 * run calls the four stage entry points with the options that belong to
 * each (a table says which stage takes which flag), so a run produces
 * exactly the files that the four stage programs produce when run by
 * hand. --from-stage skips the stages before the one named, reusing their
 * files in DIR: resume after a failure, or redo the later stages after a
 * change. While two or more of the stages that fold text run, run holds a
 * reference to the shared folder (fold.h), so its tables are built once,
 * not once per stage.
 *
 * Streaming: extract and cluster each run on their own thread, started
 * with the stage before them, and read that stage's output as it is
 * written (handoff.h): the file is still written and committed, but the
 * reader gets its plain bytes without inflating them, and start-up work
 * overlaps. Stages still succeed or fail one by one, in order: a stage
 * whose input was not completed fails, and the first failure in stage
 * order is the one reported. Option parsing with getopt is not thread
 * safe: normalize starts once cluster has opened its input (or failed),
 * which it does after parsing its options. With --threads 1 the stages
 * run one after another, so the run keeps one core busy.
 */
#include "vocmine.h"
#include "common/handoff.h"
#include "common/log.h"
#include "common/manifest.h"
#include "common/mem.h"
#include "normalize/fold.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { NORMALIZE = 1, EXTRACT = 2, CLUSTER = 4, REPORT = 8, ALL = 15 };

typedef struct flag {
    const char *name;
    int has_arg;
    int stages;
} flag;

static const flag flags[] = {
    {"input", 1, NORMALIZE},       {"id", 1, NORMALIZE},           {"text", 1, NORMALIZE},
    {"time", 1, NORMALIZE},        {"group", 1, NORMALIZE},        {"channel", 1, NORMALIZE},
    {"rating", 1, NORMALIZE},      {"time-format", 1, NORMALIZE},  {"encoding", 1, NORMALIZE},
    {"format", 1, NORMALIZE},      {"pii", 1, NORMALIZE},          {"max-chars", 1, NORMALIZE},
    {"max-reject-rate", 1, NORMALIZE}, {"dedup-window", 1, NORMALIZE},
    {"lexicons", 1, NORMALIZE | EXTRACT | CLUSTER | REPORT},
    {"models", 1, EXTRACT | CLUSTER},        {"dict", 1, EXTRACT},           {"no-dict", 0, EXTRACT},
    {"db", 1, CLUSTER | REPORT},   {"model", 1, CLUSTER},          {"retrain", 0, CLUSTER},
    {"seed", 1, CLUSTER},          {"run-id", 1, REPORT},          {"top", 1, REPORT},
    {"alert-threshold", 1, REPORT},
    {"threads", 1, ALL},
    {"quiet", 0, ALL},             {"verbose", 0, ALL},
};

typedef struct stage {
    const char *name;
    int bit;
    int (*main)(int argc, char **argv);
} stage;

static const stage stages[] = {
    {"normalize", NORMALIZE, vm_normalize_main},
    {"extract", EXTRACT, vm_extract_main},
    {"cluster", CLUSTER, vm_cluster_main},
    {"report", REPORT, vm_report_main},
};
#define NSTAGES 4

enum { HELP_SHOWN = -1 };   /* split_args: --help was answered */

typedef struct argvec {
    char **v;
    int n, cap;
} argvec;

static void push(argvec *a, const char *s) {
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = vm_xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = (char *)s;
    a->v[a->n] = NULL;
}

static void usage(FILE *f) {
    fprintf(f,
            "usage: vocmine run --input FILE… --out DIR [--db PATH] [--run-id ID] [--top N]\n"
            "                   [--threads N] [--lexicons DIR] [--models DIR] [--from-stage STAGE]\n"
            "                   [column flags] [--quiet|--verbose]\n"
            "\n"
            "Runs normalize, extract, cluster and report into DIR. Every flag goes to the\n"
            "stages that take it (see `vocmine STAGE --help`); --from-stage starts at\n"
            "normalize|extract|cluster|report, reusing the earlier stages' files in DIR.\n");
}

static const flag *find_flag(const char *name, size_t len) {
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (strlen(flags[i].name) == len && strncmp(flags[i].name, name, len) == 0) return &flags[i];
    return NULL;
}

static int stage_index(const char *name) {
    for (int i = 0; i < NSTAGES; i++)
        if (strcmp(stages[i].name, name) == 0) return i;
    return -1;
}

/* Hands each flag to its stages and notes --out, --from-stage and
 * whether --threads is 1. Returns 0, HELP_SHOWN after --help, 2 on error. */
static int split_args(int argc, char **argv, argvec *per_stage, argvec *owned, const char **out, int *from,
                      int *one_thread) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return HELP_SHOWN; }
        if (strncmp(a, "--", 2) != 0) { vm_log_error("run: unexpected argument '%s'", a); return 2; }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const char *value = eq ? eq + 1 : NULL;
        int needs_value = strncmp(name, "out", len) == 0 || strncmp(name, "from-stage", len) == 0;
        const flag *f = needs_value ? NULL : find_flag(name, len);
        if (!f && !needs_value) { vm_log_error("run: unknown option '%s'", a); usage(stderr); return 2; }
        if ((needs_value || f->has_arg) && !value) {
            if (i + 1 >= argc) { vm_log_error("run: %s needs a value", a); return 2; }
            value = argv[++i];
        }
        if (len == 3 && strncmp(name, "out", 3) == 0) { *out = value; continue; }
        if (len == 7 && strncmp(name, "threads", 7) == 0) *one_thread = strcmp(value, "1") == 0;
        if (len == 10 && strncmp(name, "from-stage", 10) == 0) {
            if ((*from = stage_index(value)) < 0) { vm_log_error("run: unknown stage '%s'", value); return 2; }
            continue;
        }
        for (int s = 0; s < NSTAGES; s++) {
            if (!(f->stages & stages[s].bit)) continue;
            char *name_copy = vm_xstrndup(a, eq ? (size_t)(eq - a) : strlen(a));
            push(owned, name_copy);
            push(&per_stage[s], name_copy);
            if (value) push(&per_stage[s], value);
        }
    }
    if (!*out) { vm_log_error("run: --out DIR is required"); usage(stderr); return 2; }
    return 0;
}

static double seconds_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One stage of the run: on the calling thread, or on its own when it
 * reads the stage before it as that one writes. */
typedef struct stage_run {
    const stage *st;
    argvec *args;
    vm_handoff *input;    /* the handoff it reads, or NULL */
    vm_handoff *output;   /* the handoff it writes, or NULL */
    pthread_t thread;
    int threaded;
    int rc;
    double seconds;
} stage_run;

/* The stage has returned: its neighbours stop waiting for it. */
static void end_stage(stage_run *r) {
    if (r->output) vm_handoff_producer_done(r->output);
    if (r->input) vm_handoff_leave(r->input);
}

static void run_stage(stage_run *r) {
    double t0 = seconds_now();
    r->rc = r->st->main(r->args->n, r->args->v);
    r->seconds = seconds_now() - t0;
    end_stage(r);
}

static void *stage_thread(void *arg) {
    run_stage(arg);
    return NULL;
}

/* Starts r on its own thread; if none can start, r fails at once. */
static void start_stage(stage_run *r) {
    int e = pthread_create(&r->thread, NULL, stage_thread, r);
    r->threaded = e == 0;
    if (r->threaded) return;
    vm_log_error("run: cannot start a thread for %s: %s", r->st->name, strerror(e));
    r->rc = 1;
    end_stage(r);
}

static void wait_stage(stage_run *r) {
    if (r->threaded) pthread_join(r->thread, NULL);
    r->threaded = 0;
}

/* Announces a handoff of DIR/name from stage a to stage b. */
static vm_handoff *link_stages(const char *dir, const char *name, stage_run *a, stage_run *b) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    a->output = b->input = vm_handoff_announce(path);
    return a->output;
}

/* Runs stages [from, NSTAGES): streamed (extract and cluster on threads
 * of their own, reading their inputs as the stage before them writes
 * them) or one after another. Returns the first failing stage's status
 * (0 if none) and sets *failed to its index (-1 if none). */
static int run_stages(int from, int stream, argvec *per_stage, const char *out, int *failed) {
    stage_run r[NSTAGES];
    memset(r, 0, sizeof r);
    for (int s = 0; s < NSTAGES; s++) {
        r[s].st = &stages[s];
        r[s].args = &per_stage[s];
    }
    vm_handoff *normalized = stream && from <= 0 ? link_stages(out, "normalized.tsv.gz", &r[0], &r[1]) : NULL;
    vm_handoff *features = stream && from <= 1 ? link_stages(out, "features.tsv.gz", &r[1], &r[2]) : NULL;
    if (!stream) {
        for (int s = from; s < NSTAGES - 1 && (s == from || r[s - 1].rc == 0); s++) run_stage(&r[s]);
    } else if (from == 0) {
        /* Cluster must read as extract writes (or extract would wait for it
         * while normalize waits for extract); it parses its options with
         * getopt before it opens its input, normalize after this wait. */
        start_stage(&r[2]);
        vm_handoff_await_consumer(features);
        start_stage(&r[1]);
        run_stage(&r[0]);
        wait_stage(&r[1]);
    } else if (from == 1) {
        start_stage(&r[2]);
        run_stage(&r[1]);
    } else if (from == 2) {
        run_stage(&r[2]);
    }
    wait_stage(&r[2]);
    int rc = 0;
    *failed = -1;
    for (int s = from; s < NSTAGES && rc == 0; s++) {
        if (s == NSTAGES - 1) run_stage(&r[s]);
        rc = r[s].rc;
        if (rc != 0) *failed = s;
        else vm_log_info("run: %s done in %.2f s", stages[s].name, r[s].seconds);
    }
    vm_handoff_release(normalized);
    vm_handoff_release(features);
    return rc;
}

int vm_run_main(int argc, char **argv) {
    argvec per_stage[NSTAGES] = {{0}}, owned = {0};
    const char *out = NULL;
    int from = 0, one_thread = 0;
    for (int s = 0; s < NSTAGES; s++) push(&per_stage[s], stages[s].name);
    int rc = split_args(argc, argv, per_stage, &owned, &out, &from, &one_thread);
    for (int s = 0; rc == 0 && s < NSTAGES; s++) {
        push(&per_stage[s], "--out");
        push(&per_stage[s], out);
    }
    vm_error err;
    /* Normalize, extract and cluster fold text: share one folder between them.
     * If it cannot be built, the stage that needs it says why. */
    vm_folder *folder = rc == 0 && from < 2 ? vm_folder_new(&err) : NULL;
    int failed = -1;
    /* --threads 1 asks for one core: stages one after another. */
    if (rc == 0) rc = run_stages(from, !one_thread, per_stage, out, &failed);
    if (failed >= 0)
        vm_log_error("run: stage %s failed; fix the cause and rerun with --from-stage %s", stages[failed].name,
                     stages[failed].name);
    vm_folder_free(folder);
    for (int s = 0; s < NSTAGES; s++) free(per_stage[s].v);
    for (int i = 0; i < owned.n; i++) free(owned.v[i]);
    free(owned.v);
    return rc == HELP_SHOWN ? 0 : rc;
}
