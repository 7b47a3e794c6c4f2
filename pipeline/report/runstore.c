/*
 * runstore.c - history reads and the per-run write transaction (see
 * runstore.h and schema.h).
 *
 * Replacing a run: inside the one write transaction, every key of the
 * run id is deleted first (its topic_history entries are found through
 * its topics keys), then the new values are put. Nothing is visible to
 * readers until the commit. A variant's runs value holds "variant_of";
 * history reads and the "current" model decision skip such runs.
 */
#include "report/runstore.h"
#include "report/jsonget.h"
#include "report/keys.h"
#include "report/records.h"
#include "report/schema.h"
#include "common/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- history ---- */

typedef struct run_list {
    size_t n;
    char *ids[VM_HISTORY_RUNS];
    double comments[VM_HISTORY_RUNS];
} run_list;

static int is_variant(const char *val, size_t vlen) {
    size_t n;
    return vm_jsonget_raw(val, vlen, "variant_of", &n) != NULL;
}

static int collect_run(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    run_list *l = ctx;
    double c = 0;
    if (is_variant(val, vlen)) return 0;
    vm_jsonget_num(val, vlen, "comments", &c);
    l->ids[l->n] = vm_xstrndup(key, klen);
    l->comments[l->n] = c;
    return ++l->n >= VM_HISTORY_RUNS ? 1 : 0;
}

static double get_num(vm_store_txn *t, const char *db, const vm_buf *key, const char *field, vm_buf *val,
                      int *found, vm_error *err) {
    double v = 0;
    int r = vm_store_get(t, db, key->data, key->len, val, err);
    if (r < 0) {
        *found = -1;
        return 0;
    }
    *found = r;
    if (r == 1) vm_jsonget_num(val->data, val->len, field, &v);
    return v;
}

static int load_dim(vm_store_txn *t, const vm_rundata *rd, vm_history *h, int kind, size_t run, vm_buf *key,
                    vm_buf *val, vm_error *err) {
    const vm_strmap *names = kind == VM_CELL_GROUP ? rd->groups : rd->channels;
    vm_hist_dim *out = kind == VM_CELL_GROUP ? h->groups : h->channels;
    const char *kname = kind == VM_CELL_GROUP ? "group" : "channel";
    size_t n = vm_strmap_size(names);
    for (size_t i = 0; i < n; i++) {
        vm_buf_reset(key);
        vm_key_run_dim(key, h->run_ids[run], kname, vm_strmap_key(names, (long)i, NULL));
        int found;
        vm_hist_dim *d = &out[i * h->nruns + run];
        d->comments = get_num(t, VM_DB_GROUPS, key, "comments", val, &found, err);
        if (found < 0) return -1;
        if (!found) continue;
        d->present = 1;
        vm_jsonget_num(val->data, val->len, "complaints", &d->complaints);
        vm_jsonget_num(val->data, val->len, "score_sum", &d->score_sum);
    }
    return 0;
}

static int load_run(vm_store_txn *t, const vm_rundata *rd, vm_history *h, size_t run, vm_error *err) {
    vm_buf key = {0}, val = {0};
    int rc = 0;
    for (size_t i = 0; i < rd->ntopics && rc == 0; i++) {
        vm_buf_reset(&key);
        vm_key_run_topic(&key, h->run_ids[run], rd->topics[i].id);
        int found;
        h->topic_counts[i * h->nruns + run] = get_num(t, VM_DB_TOPICS, &key, "comments", &val, &found, err);
        if (found < 0) rc = -1;
    }
    if (rc == 0) rc = load_dim(t, rd, h, VM_CELL_GROUP, run, &key, &val, err);
    if (rc == 0) rc = load_dim(t, rd, h, VM_CELL_CHANNEL, run, &key, &val, err);
    vm_buf_free(&key);
    vm_buf_free(&val);
    return rc;
}

int vm_history_load(vm_store *s, const char *run_id, const vm_rundata *rd, vm_history *h, vm_error *err) {
    vm_store_txn *t = vm_store_begin_read(s, err);
    if (!t) return -1;
    run_list l = {0};
    int rc = vm_store_scan_below(t, VM_DB_RUNS, run_id, strlen(run_id), collect_run, &l, err);
    vm_history_init(h, rd, l.n);
    for (size_t i = 0; i < l.n; i++) {  /* collected newest first */
        h->run_ids[i] = l.ids[l.n - 1 - i];
        h->run_comments[i] = l.comments[l.n - 1 - i];
    }
    for (size_t r = 0; r < h->nruns && rc == 0; r++) rc = load_run(t, rd, h, r, err);
    vm_store_end(t);
    return rc;
}

/* ---- writing a run ---- */

/* Deletes topic_history entries of the run's old topics. */
static int del_old_history(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    vm_buf *keys = ctx;
    const char *run, *topic;
    size_t rl = vm_key_field(key, klen, 0, &run), tl = vm_key_field(key, klen, 1, &topic);
    if (rl == (size_t)-1 || tl == (size_t)-1) return 0;
    uint32_t n = (uint32_t)(tl + 1 + rl);
    vm_buf_append(keys, &n, sizeof n);
    vm_buf_append(keys, topic, tl);
    vm_buf_putc(keys, '\0');
    vm_buf_append(keys, run, rl);
    return 0;
}

static int delete_run(vm_store_txn *t, const char *run_id, vm_error *err) {
    vm_buf prefix = {0}, keys = {0};
    vm_key_run_prefix(&prefix, run_id);
    int rc = vm_store_scan(t, VM_DB_TOPICS, prefix.data, prefix.len, 0, del_old_history, &keys, err);
    for (size_t off = 0; rc == 0 && off < keys.len;) {
        uint32_t n;
        memcpy(&n, keys.data + off, sizeof n);
        rc = vm_store_del(t, VM_DB_TOPIC_HISTORY, keys.data + off + sizeof n, n, err);
        off += sizeof n + n;
    }
    const char *per_run[] = {VM_DB_TOPN, VM_DB_TOPICS, VM_DB_GROUPS, VM_DB_ALERTS};
    for (size_t i = 0; rc == 0 && i < sizeof per_run / sizeof per_run[0]; i++)
        rc = vm_store_del_prefix(t, per_run[i], prefix.data, prefix.len, err);
    if (rc == 0) rc = vm_store_del(t, VM_DB_RUNS, run_id, strlen(run_id), err);
    if (rc == 0) rc = vm_store_del(t, VM_DB_MODEL_RUNS, run_id, strlen(run_id), err);
    vm_buf_free(&prefix);
    vm_buf_free(&keys);
    return rc;
}

/* Puts the row as a JSON value under key. */
static int put_row(vm_store_txn *t, const char *db, const vm_buf *key, const vm_row *r, vm_buf *val,
                   vm_error *err) {
    vm_buf_reset(val);
    vm_json j;
    vm_json_init(&j, val, 0);
    vm_row_json(r, &j);
    return vm_store_put(t, db, key->data, key->len, val->data, val->len, err);
}

static int put_topics(vm_store_txn *t, const vm_findings *an, int history, vm_row *row, vm_buf *key, vm_buf *val,
                      vm_error *err) {
    const char *run = an->run_id;
    for (size_t i = 0; i < an->ntopics; i++) {
        const vm_topic_result *tr = &an->topics[i];
        const char *topic = an->rd->topics[tr->topic].id;
        if ((int)i < an->opt.top) {
            vm_record_topn(row, an, tr);
            vm_buf_reset(key);
            vm_key_run_num(key, run, (unsigned)tr->rank);
            if (put_row(t, VM_DB_TOPN, key, row, val, err) != 0) return -1;
        }
        vm_record_topic(row, an, tr);
        vm_buf_reset(key);
        vm_key_run_topic(key, run, topic);
        if (put_row(t, VM_DB_TOPICS, key, row, val, err) != 0) return -1;
        if (!history) continue;
        vm_record_topic_history(row, an, tr);
        vm_buf_reset(key);
        vm_key_topic_run(key, topic, run);
        if (put_row(t, VM_DB_TOPIC_HISTORY, key, row, val, err) != 0) return -1;
    }
    return 0;
}

static int put_dims(vm_store_txn *t, const vm_findings *an, const vm_dim_result *d, size_t n, vm_row *row,
                    vm_buf *key, vm_buf *val, vm_error *err) {
    for (size_t i = 0; i < n; i++) {
        vm_record_dim(row, an, &d[i]);
        vm_buf_reset(key);
        vm_key_run_dim(key, an->run_id, d[i].kind == VM_CELL_GROUP ? "group" : "channel", d[i].name);
        if (put_row(t, VM_DB_GROUPS, key, row, val, err) != 0) return -1;
    }
    return 0;
}

static int put_alerts(vm_store_txn *t, const vm_findings *an, vm_row *row, vm_buf *key, vm_buf *val,
                      vm_error *err) {
    for (size_t i = 0; i < an->nalerts; i++) {
        vm_record_alert(row, an, &an->alerts[i]);
        vm_buf_reset(key);
        vm_key_run_num(key, an->run_id, (unsigned)(i + 1));
        if (put_row(t, VM_DB_ALERTS, key, row, val, err) != 0) return -1;
    }
    return 0;
}

/* Scans runs newest first down to the run being written: is there a
 * later run that is no variant? */
typedef struct later_scan {
    const char *run;
    size_t len;
    int found;
} later_scan;

static int find_later(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    later_scan *s = ctx;
    size_t n = klen < s->len ? klen : s->len;
    int cmp = memcmp(key, s->run, n);
    if (cmp < 0 || (cmp == 0 && klen <= s->len)) return 1;  /* at or below the run: stop */
    if (is_variant(val, vlen)) return 0;
    s->found = 1;
    return 1;
}

static int put_model(vm_store_txn *t, const vm_run_write *w, vm_error *err) {
    const char *run = w->an->run_id;
    size_t rl = strlen(run);
    if (!w->model) return 0;
    if (vm_store_put(t, VM_DB_MODEL_RUNS, run, rl, w->model->data, w->model->len, err) != 0) return -1;
    if (w->variant) return 0;
    int above = vm_store_has_above(t, VM_DB_RUNS, run, rl, err);
    if (above < 0) return -1;
    later_scan later = {run, rl, 0};
    if (above && vm_store_scan(t, VM_DB_RUNS, "", 0, 1, find_later, &later, err) != 0) return -1;
    if (later.found) return 0;
    vm_buf quoted = {0};
    vm_json_escape(&quoted, run, rl);
    int rc = vm_store_put(t, VM_DB_MODEL, VM_MODEL_CURRENT_KEY, strlen(VM_MODEL_CURRENT_KEY), w->model->data,
                          w->model->len, err);
    if (rc == 0)
        rc = vm_store_put(t, VM_DB_META, VM_META_MODEL_RUN_KEY, strlen(VM_META_MODEL_RUN_KEY), quoted.data,
                          quoted.len, err);
    vm_buf_free(&quoted);
    return rc;
}

static int fill_run(void *ctx, vm_store_txn *t, vm_error *err) {
    const vm_run_write *w = ctx;
    const vm_findings *an = w->an;
    vm_row row = {0};
    vm_buf key = {0}, val = {0};
    int rc = delete_run(t, an->run_id, err);
    if (rc == 0) rc = put_topics(t, an, !w->variant, &row, &key, &val, err);
    if (rc == 0) rc = put_dims(t, an, an->groups, an->ngroups, &row, &key, &val, err);
    if (rc == 0) rc = put_dims(t, an, an->channels, an->nchannels, &row, &key, &val, err);
    if (rc == 0) rc = put_alerts(t, an, &row, &key, &val, err);
    if (rc == 0) rc = put_model(t, w, err);
    if (rc == 0)
        rc = vm_store_put(t, VM_DB_RUNS, an->run_id, strlen(an->run_id), w->run_json->data, w->run_json->len, err);
    vm_row_free(&row);
    vm_buf_free(&key);
    vm_buf_free(&val);
    return rc;
}

int vm_runstore_write(vm_store *s, const vm_run_write *w, vm_error *err) {
    return vm_store_write(s, fill_run, (void *)w, err);
}
