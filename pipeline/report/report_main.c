/*
 * report_main.c - `vocmine report`: stage 4 (see report.h for usage).
 *
 * Order of work, and what a kill at each point leaves behind:
 *   1. read topics, assignments, features; write comments.csv.gz under a
 *      temporary name while streaming           -> kill: old outputs and
 *                                                  database untouched
 *   2. read earlier runs from the database, analyse, write every other
 *      output under a temporary name            -> same
 *   3. ONE LMDB write transaction replaces the run (runstore.c)
 *                                               -> kill before the commit:
 *                                                  database as it was
 *   4. rename the outputs into place, in a fixed order
 *                                               -> kill here: database has
 *                                                  the new run, DIR a mix;
 *                                                  rerunning the same run
 *                                                  id repairs both
 *   5. write the manifest part (manifest.report.json, manifest.json)
 * Temporary files of killed runs (".NAME.tmp.PID" of dead processes) are
 * removed by the next run in the same DIR. A second report on the same
 * database waits for LMDB's writer lock at step 3.
 */
#include "report/report.h"
#include "report/findings.h"
#include "report/comments.h"
#include "report/keys.h"
#include "report/outputs.h"
#include "report/jsonget.h"
#include "report/records.h"
#include "report/runstore.h"
#include "report/testhook.h"
#include "common/json.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/manifest.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/paths.h"
#include "common/pipeline.h"
#include "common/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OUT_COMMENTS, OUT_TOPN, OUT_TOPICS, OUT_ALERTS, OUT_MD, OUT_HTML, NOUT };

static const struct {
    const char *name;
    int mode;
} out_files[NOUT] = {
    {"comments.csv.gz", VM_OUT_GZIP}, {"topn.csv.gz", VM_OUT_GZIP},    {"topics.json.gz", VM_OUT_GZIP},
    {"alerts.csv.gz", VM_OUT_GZIP},   {"report.md.gz", VM_OUT_GZIP},   {"report.html", VM_OUT_PLAIN},
};

typedef struct report_args {
    const char *out, *db, *run_id, *lexicons;
    const char *variant_of;   /* --variant-of BASE, or NULL */
    int threads;
    vm_report_options opt;
} report_args;

typedef struct report_state {
    report_args a;
    char started[32];
    char run_id[VM_RUN_ID_MAX + 1];
    vm_owners owners;
    vm_rundata rd;
    vm_history hist;
    vm_findings an;
    vm_store *store;
    vm_outfile *out[NOUT];
} report_state;

static void usage(FILE *f) {
    fprintf(f, "usage: vocmine report --out DIR [--db PATH] [--run-id ID] [--top N] [--alert-threshold X]\n"
               "                      [--min-count N] [--lexicons DIR] [--variant-of RUN] [--threads N]\n"
               "                      [--quiet|--verbose]\n"
               "Reads DIR/features.tsv.gz, DIR/assignments.tsv.gz, DIR/topics.tsv.gz; writes comments.csv.gz,\n"
               "topn.csv.gz, topics.json.gz, alerts.csv.gz, report.md.gz, report.html in DIR and the run into\n"
               "the LMDB database at PATH. RUN ID defaults to the last day of the comments (YYYY-MM-DD).\n"
               "--variant-of RUN stores a variant of RUN (vocmine rerun): compared with RUN's history, kept\n"
               "out of topic history and of every later run's history, never the current topic model.\n"
               "--threads N (default: the number of CPUs) worker threads for the comments pass; the outputs\n"
               "are identical for any N.\n");
}

static int parse_num(const char *s, double lo, double hi, double *out) {
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !(v >= lo && v <= hi)) return -1;
    *out = v;
    return 0;
}

/* 0 ok, 2 usage error, 1 help printed. */
static int parse_args(int argc, char **argv, report_args *a) {
    memset(a, 0, sizeof *a);
    vm_report_options_default(&a->opt);
    a->threads = vm_cpu_count();
    a->lexicons = vm_default_lexicons_dir();
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        double num;
        if (strcmp(f, "--help") == 0 || strcmp(f, "-h") == 0) {
            usage(stdout);
            return 1;
        } else if (strcmp(f, "--quiet") == 0) {
            vm_log_level = VM_LOG_QUIET;
        } else if (strcmp(f, "--verbose") == 0) {
            vm_log_level = VM_LOG_VERBOSE;
        } else if (!v) {
            vm_log_error("report: unknown option or missing value: %s", f);
            return 2;
        } else if (strcmp(f, "--out") == 0) {
            a->out = argv[++i];
        } else if (strcmp(f, "--db") == 0) {
            a->db = argv[++i];
        } else if (strcmp(f, "--run-id") == 0) {
            a->run_id = argv[++i];
        } else if (strcmp(f, "--lexicons") == 0) {
            a->lexicons = argv[++i];
        } else if (strcmp(f, "--variant-of") == 0) {
            a->variant_of = argv[++i];
        } else if (strcmp(f, "--models") == 0) {
            i++; /* accepted for a common command line; the report uses no models */
        } else if (strcmp(f, "--threads") == 0 && parse_num(v, 1, 256, &num) == 0) {
            a->threads = (int)num;
            i++;
        } else if (strcmp(f, "--top") == 0 && parse_num(v, 1, 1000, &num) == 0) {
            a->opt.top = (int)num;
            i++;
        } else if (strcmp(f, "--alert-threshold") == 0 && parse_num(v, -1, 1, &num) == 0) {
            a->opt.alert_threshold = num;
            i++;
        } else if (strcmp(f, "--min-count") == 0 && parse_num(v, 1, 1e9, &num) == 0) {
            a->opt.min_count = num;
            i++;
        } else {
            vm_log_error("report: bad option or value: %s %s", f, v);
            return 2;
        }
    }
    if (!a->out) {
        vm_log_error("report: --out DIR is required");
        return 2;
    }
    if ((a->run_id && !vm_key_run_id_ok(a->run_id)) || (a->variant_of && !vm_key_run_id_ok(a->variant_of))) {
        vm_log_error("report: a run id must be 1 to %d characters of A-Z a-z 0-9 . _ : + -", VM_RUN_ID_MAX);
        return 2;
    }
    return 0;
}

static void path_in(char *buf, size_t cap, const char *dir, const char *name) {
    snprintf(buf, cap, "%s/%s", dir, name);
}

/* Removes ".NAME.tmp.PID" files of our outputs whose process is gone. */
static void remove_stale_temps(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        for (int k = 0; k < NOUT; k++) {
            size_t n = strlen(out_files[k].name);
            const char *s = e->d_name;
            if (s[0] != '.' || strncmp(s + 1, out_files[k].name, n) != 0 || strncmp(s + 1 + n, ".tmp.", 5) != 0)
                continue;
            char *end;
            long pid = strtol(s + n + 6, &end, 10);
            if (*end || pid <= 0 || (kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
                char path[4096];
                path_in(path, sizeof path, dir, s);
                if (unlink(path) == 0) vm_log_info("removed stale temporary file %s", path);
            }
        }
    }
    closedir(d);
}

static int load_inputs(report_state *st, vm_error *err) {
    char path[4096];
    if (vm_owners_load(&st->owners, st->a.lexicons, err) != 0)
        vm_log_warn("%s (owners will show as unknown)", err->msg);
    path_in(path, sizeof path, st->a.out, "topics.tsv.gz");
    if (vm_rundata_load_topics(&st->rd, path, err) != 0) return -1;
    path_in(path, sizeof path, st->a.out, "assignments.tsv.gz");
    if (vm_rundata_load_assignments(&st->rd, path, err) != 0) return -1;
    path_in(path, sizeof path, st->a.out, out_files[OUT_COMMENTS].name);
    st->out[OUT_COMMENTS] = vm_outfile_open(path, out_files[OUT_COMMENTS].mode, err);
    if (!st->out[OUT_COMMENTS]) return -1;
    path_in(path, sizeof path, st->a.out, "features.tsv.gz");
    return vm_comments_pass(&st->rd, path, st->out[OUT_COMMENTS], st->a.threads, err);
}

static int choose_run_id(report_state *st, vm_error *err) {
    const vm_rundata *rd = &st->rd;
    if (st->a.run_id)
        snprintf(st->run_id, sizeof st->run_id, "%s", st->a.run_id);
    else if (rd->ndays)
        snprintf(st->run_id, sizeof st->run_id, "%s", vm_rundata_day(rd, rd->day_order[rd->ndays - 1]));
    else
        return vm_fail(err, "%s: the comments carry no dates; give the run an id with --run-id", st->a.out);
    if (st->a.variant_of && strcmp(st->a.variant_of, st->run_id) == 0)
        return vm_fail(err, "run %s cannot be a variant of itself", st->run_id);
    vm_log_info("run id %s", st->run_id);
    return 0;
}

static int write_outputs(report_state *st, vm_error *err) {
    int (*writers[NOUT])(const vm_findings *, vm_outfile *, vm_error *) = {
        NULL, vm_write_topn_csv, vm_write_topics_json, vm_write_alerts_csv, vm_write_report_md, vm_write_report_html};
    for (int k = OUT_TOPN; k < NOUT; k++) {
        char path[4096];
        path_in(path, sizeof path, st->a.out, out_files[k].name);
        st->out[k] = vm_outfile_open(path, out_files[k].mode, err);
        if (!st->out[k] || writers[k](&st->an, st->out[k], err) != 0) return -1;
    }
    return 0;
}

static void counts_json(vm_json *j, const report_state *st) {
    const vm_rundata *rd = &st->rd;
    const struct {
        const char *k;
        uint64_t v;
    } c[] = {
        {"rows", rd->rows},
        {"comments", st->an.run.comments},
        {"complaints", st->an.run.complaints},
        {"duplicates", rd->duplicates},
        {"assigned", rd->assigned},
        {"unassigned_complaints", rd->unassigned_complaints},
        {"undated", rd->undated},
        {"days", rd->ndays},
        {"topics", st->an.ntopics},
        {"groups", st->an.ngroups},
        {"channels", st->an.nchannels},
        {"alerts", st->an.nalerts},
        {"earlier_runs", st->hist.nruns},
        {"bad_feature_rows", rd->bad_feature_rows},
        {"bad_values", rd->bad_values},
        {"bad_assignment_rows", rd->bad_assignment_rows},
        {"bad_topic_rows", rd->bad_topic_rows},
        {"unknown_topics", rd->unknown_topics},
        {"unmatched_assignments", rd->unmatched_assignments},
    };
    vm_json_key(j, "counts");
    vm_json_obj_begin(j);
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        vm_json_key(j, c[i].k);
        vm_json_int(j, (int64_t)c[i].v);
    }
    vm_json_obj_end(j);
}

/* The inputs' digests; the features file's was taken as the pass read it. */
static void inputs_json(vm_json *j, const report_state *st) {
    static const char *const names[] = {"features.tsv.gz", "assignments.tsv.gz", "topics.tsv.gz", "topic_model.tsv.gz"};
    vm_json_key(j, "inputs");
    vm_json_arr_begin(j);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[4096], hex[65];
        path_in(path, sizeof path, st->a.out, names[i]);
        if (i == 0 && st->rd.features_sha256[0]) memcpy(hex, st->rd.features_sha256, sizeof hex);
        else if (vm_sha256_file(path, hex) != 0) continue;
        vm_json_obj_begin(j);
        vm_json_key(j, "file");
        vm_json_str(j, names[i]);
        vm_json_key(j, "sha256");
        vm_json_str(j, hex);
        vm_json_obj_end(j);
    }
    vm_json_arr_end(j);
}

static void manifest_part(const report_state *st, vm_buf *out) {
    char now[32];
    vm_utc_now(now);
    vm_json j;
    vm_json_init(&j, out, 1);
    vm_json_obj_begin(&j);
    vm_json_key(&j, "started");
    vm_json_str(&j, st->started);
    vm_json_key(&j, "finished");
    vm_json_str(&j, now);
    vm_json_key(&j, "run_id");
    vm_json_str(&j, st->run_id);
    if (st->a.variant_of) {
        vm_json_key(&j, "variant_of");
        vm_json_str(&j, st->a.variant_of);
    }
    vm_json_key(&j, "options");
    vm_json_obj_begin(&j);
    vm_json_key(&j, "top");
    vm_json_int(&j, st->a.opt.top);
    vm_json_key(&j, "alert_threshold");
    vm_json_num(&j, st->a.opt.alert_threshold, 3);
    vm_json_key(&j, "min_count");
    vm_json_num(&j, st->a.opt.min_count, 0);
    vm_json_key(&j, "db");
    if (st->a.db)
        vm_json_str(&j, st->a.db);
    else
        vm_json_null(&j);
    vm_json_key(&j, "lexicons");
    vm_json_str(&j, st->a.lexicons);
    vm_json_obj_end(&j);
    inputs_json(&j, st);
    counts_json(&j, st);
    vm_json_key(&j, "outputs");
    vm_json_arr_begin(&j);
    for (int k = 0; k < NOUT; k++) vm_json_str(&j, out_files[k].name);
    vm_json_arr_end(&j);
    vm_json_obj_end(&j);
    vm_buf_putc(out, '\n');
}

/* {"normalize": ..., "extract": ..., "cluster": ..., "report": part}. */
static void run_manifest(const report_state *st, const vm_buf *part, vm_buf *out) {
    vm_buf_puts(out, "{");
    int first = 1;
    for (int i = 0; i < vm_stage_count; i++) {
        vm_buf p = {0};
        vm_error ignored;
        int is_report = strcmp(vm_stage_names[i], "report") == 0;
        if (is_report)
            vm_buf_append(&p, part->data, part->len);
        else if (vm_manifest_read_part(st->a.out, vm_stage_names[i], &p, &ignored) != 0 ||
                 !vm_jsonget_valid(p.data, p.len))
            vm_buf_reset(&p);
        if (p.len) {
            vm_buf_printf(out, "%s\"%s\":", first ? "" : ",", vm_stage_names[i]);
            vm_buf_append(out, p.data, p.len);
            first = 0;
        }
        vm_buf_free(&p);
    }
    vm_buf_puts(out, "}");
}

static int read_model(const char *dir, vm_buf *model) {
    char path[4096];
    path_in(path, sizeof path, dir, "topic_model.tsv.gz");
    if (vm_read_file(path, model) == 0) return 1;
    return errno == ENOENT ? 0 : -1;
}

static int store_run(report_state *st, const vm_buf *part, vm_error *err) {
    vm_buf manifest = {0}, run_json = {0}, model = {0};
    run_manifest(st, part, &manifest);
    vm_record_run(&run_json, &st->an, st->a.variant_of, manifest.data, manifest.len);
    int have = read_model(st->a.out, &model);
    if (have < 0) vm_log_warn("%s/topic_model.tsv.gz: read error; the model is not stored", st->a.out);
    if (have == 0) vm_log_warn("%s/topic_model.tsv.gz: missing; no topic model stored for this run", st->a.out);
    vm_run_write w = {&st->an, &run_json, have > 0 ? &model : NULL, st->a.variant_of != NULL};
    int rc = vm_runstore_write(st->store, &w, err);
    vm_buf_free(&manifest);
    vm_buf_free(&run_json);
    vm_buf_free(&model);
    return rc;
}

static int commit_outputs(report_state *st, vm_error *err) {
    for (int k = 0; k < NOUT; k++) {
        vm_outfile *o = st->out[k];
        st->out[k] = NULL;
        if (vm_outfile_commit(o, err) != 0) return -1;
    }
    return 0;
}

static int run_report(report_state *st, vm_error *err) {
    remove_stale_temps(st->a.out);
    if (load_inputs(st, err) != 0 || choose_run_id(st, err) != 0) return -1;
    if (st->a.db) {
        st->store = vm_store_open(st->a.db, 1, err);
        const char *below = st->a.variant_of ? st->a.variant_of : st->run_id;  /* a variant has its base's history */
        if (!st->store || vm_history_load(st->store, below, &st->rd, &st->hist, err) != 0) return -1;
        vm_log_info("%zu earlier runs in %s", st->hist.nruns, st->a.db);
    }
    vm_findings_build(&st->an, st->run_id, &st->rd, st->a.db ? &st->hist : NULL, &st->owners, &st->a.opt);
    if (write_outputs(st, err) != 0) return -1;
    vm_test_pause("files");
    vm_buf part = {0};
    manifest_part(st, &part);
    int rc = st->store ? store_run(st, &part, err) : 0;
    if (rc == 0) {
        vm_test_pause("rename");
        rc = commit_outputs(st, err);
    }
    if (rc == 0) rc = vm_manifest_write(st->a.out, "report", &part, err);
    vm_buf_free(&part);
    if (rc == 0)
        vm_log_info("run %s: %llu comments, %zu topics, %zu alerts", st->run_id,
                    (unsigned long long)st->an.run.comments, st->an.ntopics, st->an.nalerts);
    return rc;
}

int vm_report_main(int argc, char **argv) {
    report_state st;
    memset(&st, 0, sizeof st);
    int u = parse_args(argc, argv, &st.a);
    if (u) return u == 1 ? 0 : 2;
    vm_utc_now(st.started);
    vm_owners_init(&st.owners);
    vm_rundata_init(&st.rd);
    vm_error err = {{0}};
    int rc = run_report(&st, &err);
    if (rc != 0) vm_log_error("report: %s", err.msg);
    for (int k = 0; k < NOUT; k++) vm_outfile_abort(st.out[k]);
    vm_findings_free(&st.an);
    vm_history_free(&st.hist);
    vm_store_close(st.store);
    vm_rundata_free(&st.rd);
    vm_owners_free(&st.owners);
    return rc == 0 ? 0 : 1;
}
