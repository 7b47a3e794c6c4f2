/*
 * jsonget.h - reading fields back out of the JSON values vocmine stores
 * (LMDB values, manifests). Not a general parser: it validates RFC 8259
 * syntax while skipping values, and looks keys up in the top-level object
 * only. Returned pointers point into the caller's text.
 */
#ifndef VM_REPORT_JSONGET_H
#define VM_REPORT_JSONGET_H

#include <stddef.h>

#include "common/buf.h"

/* 1 if text (surrounding whitespace allowed) is exactly one JSON value. */
int vm_jsonget_valid(const char *text, size_t len);

/* The raw text of the value of top-level key `key` in an object, or NULL
 * when the text is not an object or has no such key. */
const char *vm_jsonget_raw(const char *text, size_t len, const char *key, size_t *vlen);

/* The number under key: 0 and *out set, or -1 (absent or not a number). */
int vm_jsonget_num(const char *text, size_t len, const char *key, double *out);

/* Appends the unescaped string under key to out: 0, or -1 (absent or not
 * a string). */
int vm_jsonget_str(const char *text, size_t len, const char *key, vm_buf *out);

/* Appends the unescaped contents of a JSON string literal (raw text
 * starting with '"'): 0, or -1 if it is not a valid string. */
int vm_jsonget_unescape(const char *raw, size_t len, vm_buf *out);

/* Iterates the elements of an array (raw text starting with '['): *pos
 * starts at 0; returns 1 with the next element in *v / *vlen, 0 at the
 * end, -1 on malformed text. */
int vm_jsonget_array_next(const char *raw, size_t len, size_t *pos, const char **v, size_t *vlen);

#endif
