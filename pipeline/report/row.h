/*
 * row.h - a flat record of named, typed values, written the same way to
 * CSV (topn.csv, alerts.csv) and to JSON (topics.json, LMDB values), so
 * a column means the same thing everywhere.
 *
 * Numbers carry their decimals; a number that is not finite is written as
 * an empty CSV cell and JSON null. Strings are copied into the row. The
 * row owns its strings: vm_row_reset reuses them, vm_row_free frees them.
 */
#ifndef VM_REPORT_ROW_H
#define VM_REPORT_ROW_H

#include <stdint.h>

#include "common/buf.h"
#include "common/json.h"

#define VM_ROW_MAX 48

enum { VM_ROW_STR, VM_ROW_NUM, VM_ROW_BOOL };

typedef struct vm_row {
    int n;
    const char *name[VM_ROW_MAX];   /* static strings */
    int type[VM_ROW_MAX];
    double num[VM_ROW_MAX];
    int decimals[VM_ROW_MAX];
    vm_buf str[VM_ROW_MAX];
} vm_row;

void vm_row_reset(vm_row *r);
void vm_row_free(vm_row *r);
void vm_row_str(vm_row *r, const char *name, const char *s);
/* The string slot of a new column, for the caller to append to. */
vm_buf *vm_row_strbuf(vm_row *r, const char *name);
void vm_row_num(vm_row *r, const char *name, double v, int decimals);
void vm_row_int(vm_row *r, const char *name, int64_t v);
void vm_row_bool(vm_row *r, const char *name, int v);

void vm_row_csv_header(const vm_row *r, vm_buf *out);
void vm_row_csv(const vm_row *r, vm_buf *out);
/* Writes the row as one JSON object (members in column order). */
void vm_row_json(const vm_row *r, vm_json *j);
/* Writes the row's members into the JSON object the caller has open. */
void vm_row_json_members(const vm_row *r, vm_json *j);

#endif
