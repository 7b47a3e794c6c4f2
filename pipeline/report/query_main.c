/*
 * query_main.c - `vocmine query`: reading the database for people and
 * scripts (see report.h for usage).
 *
 *   runs            every run, oldest first (a variant names its base)
 *   top RUN_ID      the run's TOP-N
 *   topic TOPIC_ID  the topic across runs
 *   alerts RUN_ID   the run's alerts
 * RUN_ID may be "latest": the newest run that is no variant (schema.h).
 * --format json prints the stored JSON values as
 * one array; csv prints RFC 4180 with the formula guard; table (default)
 * aligns columns for a terminal, with control and bidi characters shown
 * as '?' so stored text cannot drive the terminal.
 */
#include "report/report.h"
#include "report/csv.h"
#include "report/jsonget.h"
#include "report/keys.h"
#include "report/schema.h"
#include "report/store.h"
#include "report/termtext.h"
#include "common/log.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_MAX_WIDTH 40

enum { FMT_TABLE, FMT_CSV, FMT_JSON };

typedef struct query {
    const char *db, *cmd, *arg;
    int format;
} query;

typedef struct values {
    size_t n;
    vm_buf *v;
} values;

static const char *const runs_cols[] = {"run_id", "comments", "complaints", "duplicates", "topics",
                                        "alerts", "first_day", "last_day", "variant_of", NULL};
static const char *const top_cols[] = {"rank", "topic", "label", "comments", "share", "impact",
                                       "trend", "spike", "owner", NULL};
static const char *const topic_cols[] = {"run_id", "rank", "comments", "share", "impact", "trend", "label", NULL};
static const char *const alert_cols[] = {"level", "kind", "subject_kind", "subject", "value",
                                         "baseline", "z", "window", "message", NULL};

static void usage(FILE *f) {
    fprintf(f, "usage: vocmine query --db PATH [--format table|csv|json] COMMAND\n"
               "commands: runs | top RUN_ID | topic TOPIC_ID | alerts RUN_ID   (RUN_ID may be \"latest\")\n");
}

static int parse(int argc, char **argv, query *q) {
    memset(q, 0, sizeof *q);
    const char *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        if (strcmp(f, "--help") == 0 || strcmp(f, "-h") == 0) {
            usage(stdout);
            return 1;
        } else if (strcmp(f, "--db") == 0 && i + 1 < argc) {
            q->db = argv[++i];
        } else if (strcmp(f, "--format") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            q->format = strcmp(v, "table") == 0 ? FMT_TABLE : strcmp(v, "csv") == 0 ? FMT_CSV
                      : strcmp(v, "json") == 0  ? FMT_JSON
                                                : -1;
            if (q->format < 0) {
                vm_log_error("query: --format must be table, csv or json");
                return 2;
            }
        } else if (f[0] == '-' && f[1] == '-') {
            vm_log_error("query: unknown option or missing value: %s", f);
            return 2;
        } else if (npos < 3) {
            pos[npos++] = f;
        }
    }
    q->cmd = pos[0];
    q->arg = pos[1];
    int need = q->cmd && strcmp(q->cmd, "runs") == 0 ? 1 : 2;
    int known = q->cmd && (strcmp(q->cmd, "runs") == 0 || strcmp(q->cmd, "top") == 0 ||
                           strcmp(q->cmd, "topic") == 0 || strcmp(q->cmd, "alerts") == 0);
    if (!q->db || !known || npos != need) {
        usage(stderr);
        return 2;
    }
    return 0;
}

static int collect(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    values *vs = ctx;
    vs->v = vm_xrealloc(vs->v, (vs->n + 1) * sizeof *vs->v);
    memset(&vs->v[vs->n], 0, sizeof vs->v[vs->n]);
    vm_buf_append(&vs->v[vs->n++], val, vlen);
    return 0;
}

static int latest_run(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    size_t n;
    if (vm_jsonget_raw(val, vlen, "variant_of", &n)) return 0;
    vm_buf_append(ctx, key, klen);
    return 1;
}

/* Resolves "latest" and checks the run exists. */
static int resolve_run(vm_store_txn *t, const char *arg, vm_buf *run, vm_error *err) {
    if (strcmp(arg, "latest") == 0) {
        if (vm_store_scan(t, VM_DB_RUNS, "", 0, 1, latest_run, run, err) != 0) return -1;
        if (!run->len) return vm_fail(err, "the database holds no runs yet");
        return 0;
    }
    if (!vm_key_run_id_ok(arg)) return vm_fail(err, "not a valid run id: %s", arg);
    vm_buf tmp = {0};
    int r = vm_store_get(t, VM_DB_RUNS, arg, strlen(arg), &tmp, err);
    vm_buf_free(&tmp);
    if (r < 0) return -1;
    if (r == 0) return vm_fail(err, "run %s is not in the database (vocmine query --db PATH runs lists them)", arg);
    vm_buf_puts(run, arg);
    return 0;
}

static int fetch(vm_store_txn *t, const query *q, values *vs, const char *const **cols, vm_error *err) {
    vm_buf prefix = {0};
    int rc = 0;
    const char *db = VM_DB_RUNS;
    if (strcmp(q->cmd, "runs") == 0) {
        *cols = runs_cols;
    } else if (strcmp(q->cmd, "topic") == 0) {
        if (!vm_key_topic_id_ok(q->arg)) rc = vm_fail(err, "not a valid topic id");
        vm_key_topic_prefix(&prefix, q->arg);
        db = VM_DB_TOPIC_HISTORY;
        *cols = topic_cols;
    } else {
        vm_buf run = {0};
        rc = resolve_run(t, q->arg, &run, err);
        vm_key_run_prefix(&prefix, run.data ? run.data : "");
        vm_buf_free(&run);
        int top = strcmp(q->cmd, "top") == 0;
        db = top ? VM_DB_TOPN : VM_DB_ALERTS;
        *cols = top ? top_cols : alert_cols;
    }
    if (rc == 0) rc = vm_store_scan(t, db, prefix.data ? prefix.data : "", prefix.len, 0, collect, vs, err);
    vm_buf_free(&prefix);
    return rc;
}

/* A cell's text: strings unescaped, numbers and literals as stored. */
static void cell_text(const vm_buf *json, const char *col, vm_buf *out) {
    vm_buf_reset(out);
    size_t vlen;
    const char *v = vm_jsonget_raw(json->data, json->len, col, &vlen);
    if (!v || (vlen == 4 && memcmp(v, "null", 4) == 0)) return;
    if (*v == '"')
        vm_jsonget_unescape(v, vlen, out);
    else
        vm_buf_append(out, v, vlen);
}

/* A cell made terminal-safe (termtext.h). */
static size_t terminal_safe(const vm_buf *in, vm_buf *out, size_t max) {
    return vm_term_safe(in->data ? in->data : "", in->len, out, max);
}

static void print_table(const values *vs, const char *const *cols) {
    size_t nc = 0;
    while (cols[nc]) nc++;
    size_t *w = vm_xcalloc(nc, sizeof *w);
    vm_buf cell = {0}, safe = {0}, line = {0};
    for (size_t c = 0; c < nc; c++) w[c] = strlen(cols[c]);
    for (size_t r = 0; r < vs->n; r++)
        for (size_t c = 0; c + 1 < nc; c++) {
            cell_text(&vs->v[r], cols[c], &cell);
            size_t cw = terminal_safe(&cell, &safe, CELL_MAX_WIDTH);
            if (cw > w[c]) w[c] = cw;
        }
    for (size_t r = 0; r <= vs->n; r++) {
        vm_buf_reset(&line);
        for (size_t c = 0; c < nc; c++) {
            size_t cw;
            if (r == 0) {
                vm_buf_reset(&safe);
                vm_buf_puts(&safe, cols[c]);
                cw = strlen(cols[c]);
            } else {
                cell_text(&vs->v[r - 1], cols[c], &cell);
                cw = terminal_safe(&cell, &safe, c + 1 < nc ? CELL_MAX_WIDTH : 0);
            }
            vm_buf_append(&line, safe.data, safe.len);
            if (c + 1 < nc)
                for (size_t k = cw; k < w[c] + 2; k++) vm_buf_putc(&line, ' ');
        }
        while (line.len && line.data[line.len - 1] == ' ') line.len--;
        vm_buf_putc(&line, '\n');
        fwrite(line.data, 1, line.len, stdout);
    }
    vm_buf_free(&cell);
    vm_buf_free(&safe);
    vm_buf_free(&line);
    free(w);
}

static void print_csv(const values *vs, const char *const *cols) {
    size_t nc = 0;
    while (cols[nc]) nc++;
    vm_buf out = {0}, cell = {0};
    vm_csv_header(&out, cols, nc);
    for (size_t r = 0; r < vs->n; r++) {
        for (size_t c = 0; c < nc; c++) {
            if (c) vm_buf_putc(&out, ',');
            cell_text(&vs->v[r], cols[c], &cell);
            vm_csv_cell(&out, cell.data ? cell.data : "", cell.len);
        }
        vm_buf_append(&out, "\r\n", 2);
    }
    fwrite(out.data, 1, out.len, stdout);
    vm_buf_free(&out);
    vm_buf_free(&cell);
}

static void print_json(const values *vs) {
    fputs("[", stdout);
    for (size_t r = 0; r < vs->n; r++) {
        fputs(r ? ",\n" : "\n", stdout);
        fwrite(vs->v[r].data, 1, vs->v[r].len, stdout);
    }
    fputs(vs->n ? "\n]\n" : "]\n", stdout);
}

int vm_query_main(int argc, char **argv) {
    query q;
    int u = parse(argc, argv, &q);
    if (u) return u == 1 ? 0 : 2;
    vm_error err = {{0}};
    values vs = {0};
    const char *const *cols = NULL;
    vm_store *s = vm_store_open(q.db, 0, &err);
    vm_store_txn *t = s ? vm_store_begin_read(s, &err) : NULL;
    int rc = t ? fetch(t, &q, &vs, &cols, &err) : -1;
    vm_store_end(t);
    vm_store_close(s);
    if (rc == 0) {
        if (q.format == FMT_JSON)
            print_json(&vs);
        else if (q.format == FMT_CSV)
            print_csv(&vs, cols);
        else
            print_table(&vs, cols);
        if (fflush(stdout) != 0) rc = vm_fail(&err, "cannot write to standard output");
    }
    if (rc != 0) vm_log_error("query: %s", err.msg);
    for (size_t i = 0; i < vs.n; i++) vm_buf_free(&vs.v[i]);
    free(vs.v);
    return rc == 0 ? 0 : 1;
}
