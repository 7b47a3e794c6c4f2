/*
 * store.h - LMDB mechanics for vocmine's database: opening the
 * environment, read transactions, and the one write transaction per run
 * with automatic map growth. What the keys and values mean is in
 * schema.h / keys.h; runstore.h builds on this.
 *
 * Concurrency: readers use MVCC snapshots and never block. A second
 * writer (another report run on the same database) waits on LMDB's writer
 * lock until the first commits or dies; a writer killed mid-transaction
 * leaves the database exactly as before (its pages are never referenced).
 *
 * Map growth: when a put or the commit fails with MDB_MAP_FULL, the write
 * transaction is aborted, the map size doubled with mdb_env_set_mapsize,
 * and the whole transaction redone; so a big night never fails for room.
 *
 * Test hooks: VOCMINE_TEST_MAPSIZE=BYTES sets the initial map size (to
 * exercise growth); VOCMINE_TEST_PAUSE=lmdb:SECONDS sleeps inside the
 * write transaction, just before the commit (see testhook.h).
 *
 * The caller owns a vm_store and closes it; a vm_store_txn belongs to its
 * store and is ended by vm_store_end (read) or inside vm_store_write.
 */
#ifndef VM_REPORT_STORE_H
#define VM_REPORT_STORE_H

#include <stddef.h>

#include "common/buf.h"
#include "common/error.h"

typedef struct vm_store vm_store;
typedef struct vm_store_txn vm_store_txn;

/* Opens the environment directory at path. Writable: creates the
 * directory if needed and checks or sets the schema version on the first
 * write. Read-only: fails if there is no database at path. */
vm_store *vm_store_open(const char *path, int writable, vm_error *err);
void vm_store_close(vm_store *s);
const char *vm_store_path(const vm_store *s);

vm_store_txn *vm_store_begin_read(vm_store *s, vm_error *err);
void vm_store_end(vm_store_txn *t);

/* 1 with the value copied into val (replacing its contents), 0 if absent
 * (including a database that does not exist yet), -1 on error. */
int vm_store_get(vm_store_txn *t, const char *db, const void *key, size_t klen, vm_buf *val, vm_error *err);

/* Visits keys in order (reverse: descending). Return 0 to go on, 1 to
 * stop, -1 to fail (the callback fills err). */
typedef int (*vm_store_visit_fn)(void *ctx, const char *key, size_t klen, const char *val, size_t vlen,
                                 vm_error *err);
/* Keys that begin with prefix (all keys if plen == 0). */
int vm_store_scan(vm_store_txn *t, const char *db, const void *prefix, size_t plen, int reverse,
                  vm_store_visit_fn fn, void *ctx, vm_error *err);
/* Keys strictly below key, descending. */
int vm_store_scan_below(vm_store_txn *t, const char *db, const void *key, size_t klen, vm_store_visit_fn fn,
                        void *ctx, vm_error *err);
/* 1 if some key is strictly above key, 0 if none, -1 on error. */
int vm_store_has_above(vm_store_txn *t, const char *db, const void *key, size_t klen, vm_error *err);

/* Write operations: only inside a vm_store_write fill callback. */
int vm_store_put(vm_store_txn *t, const char *db, const void *key, size_t klen, const void *val, size_t vlen,
                 vm_error *err);
int vm_store_del(vm_store_txn *t, const char *db, const void *key, size_t klen, vm_error *err);
int vm_store_del_prefix(vm_store_txn *t, const char *db, const void *prefix, size_t plen, vm_error *err);

/* Runs fill inside one write transaction and commits it. fill may be
 * called more than once (after map growth): it must depend only on ctx
 * and what it reads through t. */
typedef int (*vm_store_fill_fn)(void *ctx, vm_store_txn *t, vm_error *err);
int vm_store_write(vm_store *s, vm_store_fill_fn fill, void *ctx, vm_error *err);

/* The current topic model's bytes (for the cluster stage): 0 with out
 * holding them, or 0 with out empty when there is no database or no model
 * yet; -1 on error. */
int vm_store_read_model(const char *db_path, vm_buf *out, vm_error *err);

#endif
