/*
 * test_report_store.c - LMDB mechanics (report/store.h): prefix and
 * range scans, one-transaction writes that roll back on failure, map
 * growth from a tiny initial map, read-only opening, the model reader.
 */
#include "check.h"
#include "report/schema.h"
#include "report/store.h"
#include "common/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct kv {
    const char *db;
    int n;          /* keys to put */
    size_t vsize;   /* value size */
    int fail_at;    /* return -1 after this many puts (-1: never) */
} kv;

static int fill(void *ctx, vm_store_txn *t, vm_error *err) {
    const kv *p = ctx;
    char *val = malloc(p->vsize + 1);
    memset(val, 'v', p->vsize);
    for (int i = 0; i < p->n; i++) {
        if (i == p->fail_at) {
            free(val);
            return vm_fail(err, "deliberate failure");
        }
        char key[32];
        int kl = snprintf(key, sizeof key, "k%c%05d", i % 2 ? 'b' : 'a', i);
        if (vm_store_put(t, p->db, key, (size_t)kl, val, p->vsize, err) != 0) {
            free(val);
            return -1;
        }
    }
    free(val);
    return 0;
}

static int count_cb(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    int *n = ctx;
    (*n)++;
    return 0;
}

static int first_cb(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    vm_buf_append(ctx, key, klen);
    return 1;
}

static int count(vm_store *s, const char *db, const char *prefix, int reverse) {
    vm_error err;
    int n = 0;
    vm_store_txn *t = vm_store_begin_read(s, &err);
    CHECK(t != NULL);
    CHECK(vm_store_scan(t, db, prefix, strlen(prefix), reverse, count_cb, &n, &err) == 0);
    vm_store_end(t);
    return n;
}

static int del_b(void *ctx, vm_store_txn *t, vm_error *err) { return vm_store_del_prefix(t, "d", "kb", 2, err); }

static int put_model(void *ctx, vm_store_txn *t, vm_error *err) {
    return vm_store_put(t, VM_DB_MODEL, VM_MODEL_CURRENT_KEY, strlen(VM_MODEL_CURRENT_KEY), "MODEL", 5, err);
}

int main(void) {
    char dir[] = "/tmp/vm_store_test_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char db[4096];
    snprintf(db, sizeof db, "%s/db", dir);
    vm_error err;
    vm_buf out = {0};

    CHECK(vm_store_read_model(db, &out, &err) == 0 && out.len == 0); /* no database yet */
    CHECK(vm_store_open(db, 0, &err) == NULL);                        /* read-only needs a database */
    CHECK(strstr(err.msg, "no vocmine database") != NULL);

    vm_log_level = VM_LOG_VERBOSE; /* shows the map growth in the test log */
    setenv("VOCMINE_TEST_MAPSIZE", "65536", 1); /* 16 pages: the big write below must grow the map */
    vm_store *s = vm_store_open(db, 1, &err);
    CHECK(s != NULL);
    kv big = {"d", 200, 3000, -1};
    CHECK(vm_store_write(s, fill, &big, &err) == 0);
    CHECK(count(s, "d", "", 0) == 200);
    CHECK(count(s, "d", "ka", 0) == 100);
    CHECK(count(s, "d", "kb", 1) == 100);
    CHECK(count(s, "nosuchdb", "", 0) == 0);

    /* a failing fill leaves everything as it was */
    kv bad = {"d2", 50, 10, 30};
    CHECK(vm_store_write(s, fill, &bad, &err) == -1);
    CHECK(strstr(err.msg, "deliberate") != NULL);
    CHECK(count(s, "d2", "", 0) == 0);
    CHECK(count(s, "d", "", 0) == 200);

    /* prefix delete, then range queries */
    CHECK(vm_store_write(s, del_b, NULL, &err) == 0);
    CHECK(count(s, "d", "", 0) == 100 && count(s, "d", "kb", 0) == 0);
    vm_store_txn *t = vm_store_begin_read(s, &err);
    vm_buf key = {0};
    CHECK(vm_store_scan_below(t, "d", "ka00010", 7, first_cb, &key, &err) == 0);
    CHECK_STR(key.data, "ka00008");
    vm_buf_reset(&key);
    CHECK(vm_store_scan(t, "d", "ka", 2, 1, first_cb, &key, &err) == 0);
    CHECK_STR(key.data, "ka00198");
    CHECK(vm_store_has_above(t, "d", "ka00196", 7, &err) == 1);
    CHECK(vm_store_has_above(t, "d", "ka00198", 7, &err) == 0);
    CHECK(vm_store_has_above(t, "d", "a", 1, &err) == 1);
    vm_buf val = {0};
    CHECK(vm_store_get(t, "d", "ka00000", 7, &val, &err) == 1 && val.len == 3000);
    CHECK(vm_store_get(t, "d", "kb00001", 7, &val, &err) == 0);
    vm_store_end(t);
    vm_buf_free(&key);
    vm_buf_free(&val);

    /* schema version is written; model reader sees the current model */
    CHECK(vm_store_write(s, put_model, NULL, &err) == 0);
    vm_store_close(s);
    CHECK(vm_store_read_model(db, &out, &err) == 0 && out.len == 5 && memcmp(out.data, "MODEL", 5) == 0);
    vm_store *ro = vm_store_open(db, 0, &err);
    CHECK(ro != NULL);
    CHECK(vm_store_write(ro, put_model, NULL, &err) == -1);
    vm_store_close(ro);

    vm_buf_free(&out);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return check_done();
}
