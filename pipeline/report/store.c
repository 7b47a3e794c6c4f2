/*
 * store.c - LMDB environment, transactions and map growth (see store.h).
 *
 * Invariant: at most one transaction of a vm_store is open at a time, so
 * mdb_env_set_mapsize (which needs no live transaction in this process)
 * can be called between attempts of a write.
 */
#include "report/store.h"
#include "report/schema.h"
#include "report/testhook.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/paths.h"

#include <errno.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DBS 16
#define INITIAL_MAPSIZE ((size_t)64 << 20)
#define MAX_ATTEMPTS 40

struct vm_store {
    MDB_env *env;
    char *path;
    int writable;
};

struct vm_store_txn {
    vm_store *s;
    MDB_txn *txn;
    int write;
    int map_full;  /* a put failed with MDB_MAP_FULL */
};

static int lmdb_fail(vm_store *s, vm_error *err, const char *what, int rc) {
    return vm_fail(err, "%s: lmdb %s: %s", s->path, what, mdb_strerror(rc));
}

static int has_data_file(const char *path) {
    char file[4096];
    struct stat st;
    snprintf(file, sizeof file, "%s/data.mdb", path);
    return stat(file, &st) == 0;
}

static size_t initial_mapsize(void) {
    const char *e = getenv("VOCMINE_TEST_MAPSIZE");
    if (e && *e) {
        unsigned long long v = strtoull(e, NULL, 10);
        if (v >= 65536) return (size_t)v;
    }
    return INITIAL_MAPSIZE;
}

static int check_schema(vm_store *s, vm_error *err) {
    vm_store_txn *t = vm_store_begin_read(s, err);
    if (!t) return -1;
    vm_buf v = {0};
    int rc = vm_store_get(t, VM_DB_META, VM_META_SCHEMA_KEY, strlen(VM_META_SCHEMA_KEY), &v, err);
    vm_store_end(t);
    if (rc == 1 && atoi(v.data) != VM_SCHEMA_VERSION)
        rc = vm_fail(err, "%s: database schema version %s, this vocmine reads and writes version %d", s->path,
                     v.data, VM_SCHEMA_VERSION);
    vm_buf_free(&v);
    return rc < 0 ? -1 : 0;
}

vm_store *vm_store_open(const char *path, int writable, vm_error *err) {
    if (writable) {
        if (vm_mkdir_p(path, err) != 0) return NULL;
    } else if (!has_data_file(path)) {
        vm_fail(err, "%s: no vocmine database here (vocmine report --db %s creates it)", path, path);
        return NULL;
    }
    vm_store *s = vm_xcalloc(1, sizeof *s);
    s->path = vm_xstrdup(path);
    s->writable = writable;
    int rc = mdb_env_create(&s->env);
    if (rc == 0) rc = mdb_env_set_maxdbs(s->env, MAX_DBS);
    if (rc == 0 && writable) rc = mdb_env_set_mapsize(s->env, initial_mapsize());
    if (rc == 0) rc = mdb_env_open(s->env, path, writable ? 0 : MDB_RDONLY, 0644);
    if (rc != 0) {
        lmdb_fail(s, err, "open", rc);
        vm_store_close(s);
        return NULL;
    }
    int dead = 0;
    if (writable && mdb_reader_check(s->env, &dead) == 0 && dead > 0)
        vm_log_info("%s: cleared %d reader slots of dead processes", path, dead);
    if (check_schema(s, err) != 0) {
        vm_store_close(s);
        return NULL;
    }
    return s;
}

void vm_store_close(vm_store *s) {
    if (!s) return;
    if (s->env) mdb_env_close(s->env);
    free(s->path);
    free(s);
}

const char *vm_store_path(const vm_store *s) { return s->path; }

/* Begins a transaction; adopts a map grown by another process. */
static int begin_txn(vm_store *s, unsigned flags, MDB_txn **txn, vm_error *err) {
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
        int rc = mdb_txn_begin(s->env, NULL, flags, txn);
        if (rc == 0) return 0;
        if (rc != MDB_MAP_RESIZED) return lmdb_fail(s, err, "begin transaction", rc);
        rc = mdb_env_set_mapsize(s->env, 0);
        if (rc != 0) return lmdb_fail(s, err, "adopt new map size", rc);
    }
    return vm_fail(err, "%s: lmdb: map keeps being resized by another process", s->path);
}

vm_store_txn *vm_store_begin_read(vm_store *s, vm_error *err) {
    MDB_txn *txn;
    if (begin_txn(s, MDB_RDONLY, &txn, err) != 0) return NULL;
    vm_store_txn *t = vm_xcalloc(1, sizeof *t);
    t->s = s;
    t->txn = txn;
    return t;
}

void vm_store_end(vm_store_txn *t) {
    if (!t) return;
    mdb_txn_abort(t->txn);
    free(t);
}

/* 1 with *dbi, 0 if the database does not exist (read), -1 on error. */
static int open_db(vm_store_txn *t, const char *db, MDB_dbi *dbi, vm_error *err) {
    int rc = mdb_dbi_open(t->txn, db, t->write ? MDB_CREATE : 0, dbi);
    if (rc == MDB_NOTFOUND && !t->write) return 0;
    if (rc == MDB_MAP_FULL) t->map_full = 1;
    if (rc != 0) return vm_fail(err, "%s: lmdb open database '%s': %s", t->s->path, db, mdb_strerror(rc));
    return 1;
}

int vm_store_get(vm_store_txn *t, const char *db, const void *key, size_t klen, vm_buf *val, vm_error *err) {
    MDB_dbi dbi;
    int r = open_db(t, db, &dbi, err);
    if (r <= 0) return r;
    MDB_val k = {klen, (void *)key}, v;
    int rc = mdb_get(t->txn, dbi, &k, &v);
    if (rc == MDB_NOTFOUND) return 0;
    if (rc != 0) return lmdb_fail(t->s, err, "get", rc);
    vm_buf_reset(val);
    vm_buf_append(val, v.mv_data, v.mv_size);
    return 1;
}

static int has_prefix(const MDB_val *k, const void *prefix, size_t plen) {
    return k->mv_size >= plen && memcmp(k->mv_data, prefix, plen) == 0;
}

/* Positions c on the last key that begins with prefix (or before it). */
static int seek_last_with_prefix(MDB_cursor *c, const void *prefix, size_t plen, MDB_val *k, MDB_val *v) {
    unsigned char upper[512];
    size_t n = plen < sizeof upper ? plen : sizeof upper;
    memcpy(upper, prefix, n);
    while (n > 0 && upper[n - 1] == 0xFF) n--;
    if (n == 0) return mdb_cursor_get(c, k, v, MDB_LAST);
    upper[n - 1]++;
    MDB_val u = {n, upper};
    int rc = mdb_cursor_get(c, &u, v, MDB_SET_RANGE);
    if (rc == MDB_NOTFOUND) return mdb_cursor_get(c, k, v, MDB_LAST);
    if (rc != 0) return rc;
    return mdb_cursor_get(c, k, v, MDB_PREV);
}

/* Runs fn over keys from the cursor's position while they match. */
static int visit_from(vm_store_txn *t, MDB_cursor *c, int rc, MDB_val *k, MDB_val *v, MDB_cursor_op op,
                      const void *prefix, size_t plen, vm_store_visit_fn fn, void *ctx, vm_error *err) {
    while (rc == 0 && has_prefix(k, prefix, plen)) {
        int r = fn(ctx, k->mv_data, k->mv_size, v->mv_data, v->mv_size, err);
        if (r < 0) return -1;
        if (r > 0) return 0;
        rc = mdb_cursor_get(c, k, v, op);
    }
    if (rc != 0 && rc != MDB_NOTFOUND) return lmdb_fail(t->s, err, "cursor", rc);
    return 0;
}

int vm_store_scan(vm_store_txn *t, const char *db, const void *prefix, size_t plen, int reverse,
                  vm_store_visit_fn fn, void *ctx, vm_error *err) {
    MDB_dbi dbi;
    int r = open_db(t, db, &dbi, err);
    if (r <= 0) return r;
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, dbi, &c);
    if (rc != 0) return lmdb_fail(t->s, err, "cursor", rc);
    MDB_val k = {plen, (void *)prefix}, v;
    if (reverse)
        rc = seek_last_with_prefix(c, prefix, plen, &k, &v);
    else
        rc = mdb_cursor_get(c, &k, &v, plen ? MDB_SET_RANGE : MDB_FIRST);
    r = visit_from(t, c, rc, &k, &v, reverse ? MDB_PREV : MDB_NEXT, prefix, plen, fn, ctx, err);
    mdb_cursor_close(c);
    return r;
}

int vm_store_scan_below(vm_store_txn *t, const char *db, const void *key, size_t klen, vm_store_visit_fn fn,
                        void *ctx, vm_error *err) {
    MDB_dbi dbi;
    int r = open_db(t, db, &dbi, err);
    if (r <= 0) return r;
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, dbi, &c);
    if (rc != 0) return lmdb_fail(t->s, err, "cursor", rc);
    MDB_val k = {klen, (void *)key}, v;
    rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    if (rc == 0)
        rc = mdb_cursor_get(c, &k, &v, MDB_PREV);
    else if (rc == MDB_NOTFOUND)
        rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
    r = visit_from(t, c, rc, &k, &v, MDB_PREV, "", 0, fn, ctx, err);
    mdb_cursor_close(c);
    return r;
}

int vm_store_has_above(vm_store_txn *t, const char *db, const void *key, size_t klen, vm_error *err) {
    MDB_dbi dbi;
    int r = open_db(t, db, &dbi, err);
    if (r <= 0) return r;
    MDB_cursor *c;
    int rc = mdb_cursor_open(t->txn, dbi, &c);
    if (rc != 0) return lmdb_fail(t->s, err, "cursor", rc);
    MDB_val k = {klen, (void *)key}, v;
    rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
    if (rc == 0 && k.mv_size == klen && memcmp(k.mv_data, key, klen) == 0) rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
    mdb_cursor_close(c);
    if (rc == MDB_NOTFOUND) return 0;
    if (rc != 0) return lmdb_fail(t->s, err, "cursor", rc);
    return 1;
}

static int write_rc(vm_store_txn *t, int rc, const char *what, vm_error *err) {
    if (rc == 0) return 0;
    if (rc == MDB_MAP_FULL) t->map_full = 1;
    return lmdb_fail(t->s, err, what, rc);
}

int vm_store_put(vm_store_txn *t, const char *db, const void *key, size_t klen, const void *val, size_t vlen,
                 vm_error *err) {
    MDB_dbi dbi;
    if (open_db(t, db, &dbi, err) < 0) return -1;
    MDB_val k = {klen, (void *)key}, v = {vlen, (void *)val};
    return write_rc(t, mdb_put(t->txn, dbi, &k, &v, 0), "put", err);
}

int vm_store_del(vm_store_txn *t, const char *db, const void *key, size_t klen, vm_error *err) {
    MDB_dbi dbi;
    if (open_db(t, db, &dbi, err) < 0) return -1;
    MDB_val k = {klen, (void *)key};
    int rc = mdb_del(t->txn, dbi, &k, NULL);
    return rc == MDB_NOTFOUND ? 0 : write_rc(t, rc, "delete", err);
}

static int collect_key(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    vm_buf *keys = ctx;
    uint32_t n = (uint32_t)klen;
    vm_buf_append(keys, &n, sizeof n);
    vm_buf_append(keys, key, klen);
    return 0;
}

int vm_store_del_prefix(vm_store_txn *t, const char *db, const void *prefix, size_t plen, vm_error *err) {
    vm_buf keys = {0};
    int rc = vm_store_scan(t, db, prefix, plen, 0, collect_key, &keys, err);
    for (size_t off = 0; rc == 0 && off < keys.len;) {
        uint32_t n;
        memcpy(&n, keys.data + off, sizeof n);
        rc = vm_store_del(t, db, keys.data + off + sizeof n, n, err);
        off += sizeof n + n;
    }
    vm_buf_free(&keys);
    return rc;
}

static int grow_map(vm_store *s, vm_error *err) {
    MDB_envinfo info;
    int rc = mdb_env_info(s->env, &info);
    if (rc != 0) return lmdb_fail(s, err, "env info", rc);
    size_t next = info.me_mapsize * 2;
    vm_log_info("%s: database map full, growing it to %zu KiB and redoing the transaction", s->path, next >> 10);
    rc = mdb_env_set_mapsize(s->env, next);
    return rc ? lmdb_fail(s, err, "set map size", rc) : 0;
}

/* One attempt: 0 committed, -1 failed; *map_full says whether to retry. */
static int write_once(vm_store *s, vm_store_fill_fn fill, void *ctx, int *map_full, vm_error *err) {
    vm_store_txn t = {s, NULL, 1, 0};
    if (begin_txn(s, 0, &t.txn, err) != 0) return -1;
    char version[16];
    snprintf(version, sizeof version, "%d", VM_SCHEMA_VERSION);
    int r = fill(ctx, &t, err);
    if (r == 0)
        r = vm_store_put(&t, VM_DB_META, VM_META_SCHEMA_KEY, strlen(VM_META_SCHEMA_KEY), version, strlen(version),
                         err);
    if (r != 0) {
        mdb_txn_abort(t.txn);
        *map_full = t.map_full;
        return -1;
    }
    vm_test_pause("lmdb");
    int rc = mdb_txn_commit(t.txn);
    if (rc == 0) return 0;
    *map_full = rc == MDB_MAP_FULL;
    return lmdb_fail(s, err, "commit", rc);
}

int vm_store_write(vm_store *s, vm_store_fill_fn fill, void *ctx, vm_error *err) {
    if (!s->writable) return vm_fail(err, "%s: database opened read-only", s->path);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        int map_full = 0;
        if (write_once(s, fill, ctx, &map_full, err) == 0) return 0;
        if (!map_full) return -1;
        if (grow_map(s, err) != 0) return -1;
    }
    return vm_fail(err, "%s: database map could not grow enough", s->path);
}

int vm_store_read_model(const char *db_path, vm_buf *out, vm_error *err) {
    vm_buf_reset(out);
    if (!has_data_file(db_path)) return 0;
    vm_store *s = vm_store_open(db_path, 0, err);
    if (!s) return -1;
    vm_store_txn *t = vm_store_begin_read(s, err);
    int rc = t ? vm_store_get(t, VM_DB_MODEL, VM_MODEL_CURRENT_KEY, strlen(VM_MODEL_CURRENT_KEY), out, err) : -1;
    vm_store_end(t);
    vm_store_close(s);
    return rc < 0 ? -1 : 0;
}
