/*
 * row.c - typed records for CSV and JSON (see row.h).
 */
#include "report/row.h"
#include "report/csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void vm_row_reset(vm_row *r) { r->n = 0; }

void vm_row_free(vm_row *r) {
    for (int i = 0; i < VM_ROW_MAX; i++) vm_buf_free(&r->str[i]);
    r->n = 0;
}

static int add(vm_row *r, const char *name, int type) {
    if (r->n >= VM_ROW_MAX) {
        fprintf(stderr, "vocmine: internal error: row has more than %d columns\n", VM_ROW_MAX);
        abort();
    }
    int i = r->n++;
    r->name[i] = name;
    r->type[i] = type;
    r->num[i] = 0;
    r->decimals[i] = 0;
    vm_buf_reset(&r->str[i]);
    return i;
}

vm_buf *vm_row_strbuf(vm_row *r, const char *name) { return &r->str[add(r, name, VM_ROW_STR)]; }

void vm_row_str(vm_row *r, const char *name, const char *s) { vm_buf_puts(vm_row_strbuf(r, name), s ? s : ""); }

void vm_row_num(vm_row *r, const char *name, double v, int decimals) {
    int i = add(r, name, VM_ROW_NUM);
    r->num[i] = v;
    r->decimals[i] = decimals;
}

void vm_row_int(vm_row *r, const char *name, int64_t v) { vm_row_num(r, name, (double)v, 0); }

void vm_row_bool(vm_row *r, const char *name, int v) {
    int i = add(r, name, VM_ROW_BOOL);
    r->num[i] = v ? 1 : 0;
}

void vm_row_csv_header(const vm_row *r, vm_buf *out) { vm_csv_header(out, r->name, (size_t)r->n); }

/* Fixed-point text of a number, without "-0". */
static void put_number(vm_buf *out, double v, int decimals) {
    if (fabs(v) < 0.5 * pow(10, -decimals)) v = 0;
    vm_buf_printf(out, "%.*f", decimals, v);
}

void vm_row_csv(const vm_row *r, vm_buf *out) {
    for (int i = 0; i < r->n; i++) {
        if (i) vm_buf_putc(out, ',');
        if (r->type[i] == VM_ROW_STR)
            vm_csv_cell(out, r->str[i].data ? r->str[i].data : "", r->str[i].len);
        else if (r->type[i] == VM_ROW_BOOL)
            vm_buf_putc(out, r->num[i] ? '1' : '0');
        else if (isfinite(r->num[i]))
            put_number(out, r->num[i], r->decimals[i]);
    }
    vm_buf_append(out, "\r\n", 2);
}

void vm_row_json_members(const vm_row *r, vm_json *j) {
    for (int i = 0; i < r->n; i++) {
        vm_json_key(j, r->name[i]);
        if (r->type[i] == VM_ROW_STR)
            vm_json_strn(j, r->str[i].data ? r->str[i].data : "", r->str[i].len);
        else if (r->type[i] == VM_ROW_BOOL)
            vm_json_bool(j, r->num[i] != 0);
        else
            vm_json_num(j, r->num[i], r->decimals[i]);
    }
}

void vm_row_json(const vm_row *r, vm_json *j) {
    vm_json_obj_begin(j);
    vm_row_json_members(r, j);
    vm_json_obj_end(j);
}
