/*
 * json.h - a small streaming JSON writer into a vm_buf.
 *
 * The writer inserts commas itself: call vm_json_key before each value
 * inside an object. Strings are escaped per RFC 8259; '<', '>' and '&' are
 * escaped too (as \u003c …) so JSON can be embedded in HTML safely.
 * Numbers are written with a fixed format so outputs are reproducible.
 * The caller owns both the writer (on its stack) and the buffer.
 */
#ifndef VM_JSON_H
#define VM_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define VM_JSON_MAX_DEPTH 32

typedef struct vm_json {
    vm_buf *out;
    int depth;
    int count[VM_JSON_MAX_DEPTH];  /* values written at each level */
    int pretty;
    int after_key;                 /* the next value belongs to a key */
} vm_json;

void vm_json_init(vm_json *j, vm_buf *out, int pretty);
void vm_json_obj_begin(vm_json *j);
void vm_json_obj_end(vm_json *j);
void vm_json_arr_begin(vm_json *j);
void vm_json_arr_end(vm_json *j);
void vm_json_key(vm_json *j, const char *key);
void vm_json_str(vm_json *j, const char *s);
void vm_json_strn(vm_json *j, const char *s, size_t n);
void vm_json_int(vm_json *j, int64_t v);
/* Writes v with `decimals` digits after the point (trailing zeros kept). */
void vm_json_num(vm_json *j, double v, int decimals);
void vm_json_bool(vm_json *j, int v);
void vm_json_null(vm_json *j);
/* Writes n bytes of already-serialised JSON as the next value (the caller
 * vouches that they are one valid JSON value). */
void vm_json_raw(vm_json *j, const char *s, size_t n);
/* Appends a string literal with quotes and escapes (no comma logic). */
void vm_json_escape(vm_buf *b, const char *s, size_t n);

#endif
