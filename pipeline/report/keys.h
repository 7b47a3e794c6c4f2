/*
 * keys.h - the byte layout of vocmine's LMDB keys (see schema.h for the
 * databases that use them).
 *
 * Keys are text fields joined by a NUL byte (0x00), so LMDB's byte order
 * sorts them field by field: all keys of one run are contiguous and in
 * rank / sequence / topic order, and all keys of one topic's history are
 * contiguous and in run order.
 *
 *   run id      1..64 bytes of [A-Za-z0-9._:+-]; runs sort by byte order,
 *               so use sortable ids (ISO dates "2026-11-07", or
 *               "20261107-0200"). `vocmine rerun` names a variant of run
 *               R "R+HASH" (it sorts right after R). Validated by
 *               vm_key_run_id_ok.
 *   number      rank or sequence: 6 decimal digits, zero-padded ("000003").
 *   topic       a topic id that ends in 1..12 digits after a non-digit
 *               prefix (the cluster's "T12", or "12") has the digits
 *               zero-padded to 12 so ids sort numerically ("T7" ->
 *               "T000000000007" sorts before "T000000000012"); any other id
 *               is used as it is. The stored JSON value always carries the
 *               id as the cluster wrote it.
 *   kind, name  "group" or "channel", then the name, cut at a character
 *               boundary so the key stays within LMDB's 511-byte limit.
 */
#ifndef VM_REPORT_KEYS_H
#define VM_REPORT_KEYS_H

#include <stddef.h>

#include "common/buf.h"

#define VM_RUN_ID_MAX 64
#define VM_TOPIC_ID_MAX 200
#define VM_KEY_NAME_MAX 400

int vm_key_run_id_ok(const char *run_id);
/* 1 if the topic id can be a key field (1..VM_TOPIC_ID_MAX bytes). */
int vm_key_topic_id_ok(const char *topic);

/* Each appends to k (callers reset k first). */
void vm_key_topic_part(vm_buf *k, const char *topic);
void vm_key_run_prefix(vm_buf *k, const char *run_id);             /* run \0 */
void vm_key_run_num(vm_buf *k, const char *run_id, unsigned n);   /* run \0 000123 */
void vm_key_run_topic(vm_buf *k, const char *run_id, const char *topic);
void vm_key_topic_run(vm_buf *k, const char *topic, const char *run_id);
void vm_key_topic_prefix(vm_buf *k, const char *topic);            /* topic \0 */
void vm_key_run_dim(vm_buf *k, const char *run_id, const char *kind, const char *name);

/* The index-th NUL-separated field of a key: its length, and *f set to
 * its start; -1 (as size_t) if the key has fewer fields. */
size_t vm_key_field(const char *key, size_t len, int index, const char **f);

#endif
