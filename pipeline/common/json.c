/*
 * json.c - streaming JSON writer (see json.h).
 */
#include "common/json.h"

#include <math.h>
#include <string.h>

void vm_json_init(vm_json *j, vm_buf *out, int pretty) {
    memset(j, 0, sizeof *j);
    j->out = out;
    j->pretty = pretty;
}

static void indent(vm_json *j) {
    if (!j->pretty) return;
    vm_buf_putc(j->out, '\n');
    for (int i = 0; i < j->depth; i++) vm_buf_append(j->out, "  ", 2);
}

/* Called before every value and key: separates it from its predecessor. */
static void before_item(vm_json *j) {
    if (j->depth == 0) return;
    if (j->count[j->depth]++) vm_buf_putc(j->out, ',');
    indent(j);
}

/* Values after a key are not items of their own. */
static void before_value(vm_json *j) {
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    before_item(j);
}

static void open_level(vm_json *j, char c) {
    before_value(j);
    vm_buf_putc(j->out, c);
    if (j->depth + 1 < VM_JSON_MAX_DEPTH) j->depth++;
    j->count[j->depth] = 0;
}

static void close_level(vm_json *j, char c) {
    int had = j->count[j->depth];
    if (j->depth > 0) j->depth--;
    if (had) indent(j);
    vm_buf_putc(j->out, c);
}

void vm_json_obj_begin(vm_json *j) { open_level(j, '{'); }
void vm_json_obj_end(vm_json *j) { close_level(j, '}'); }
void vm_json_arr_begin(vm_json *j) { open_level(j, '['); }
void vm_json_arr_end(vm_json *j) { close_level(j, ']'); }

void vm_json_escape(vm_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    vm_buf_grow(b, n + 2);
    vm_buf_putc(b, '"');
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') continue;
        vm_buf_append(b, s + start, i - start);
        start = i + 1;
        switch (c) {
        case '"': vm_buf_append(b, "\\\"", 2); break;
        case '\\': vm_buf_append(b, "\\\\", 2); break;
        case '\n': vm_buf_append(b, "\\n", 2); break;
        case '\r': vm_buf_append(b, "\\r", 2); break;
        case '\t': vm_buf_append(b, "\\t", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            vm_buf_append(b, u, 6);
        }
        }
    }
    vm_buf_append(b, s + start, n - start);
    vm_buf_putc(b, '"');
}

void vm_json_key(vm_json *j, const char *key) {
    before_item(j);
    vm_json_escape(j->out, key, strlen(key));
    vm_buf_append(j->out, j->pretty ? ": " : ":", j->pretty ? 2 : 1);
    j->after_key = 1;
}

void vm_json_strn(vm_json *j, const char *s, size_t n) {
    before_value(j);
    vm_json_escape(j->out, s, n);
}

void vm_json_str(vm_json *j, const char *s) { vm_json_strn(j, s, strlen(s)); }

void vm_json_int(vm_json *j, int64_t v) {
    before_value(j);
    vm_buf_printf(j->out, "%lld", (long long)v);
}

void vm_json_num(vm_json *j, double v, int decimals) {
    before_value(j);
    if (!isfinite(v)) {
        vm_buf_puts(j->out, "null");
        return;
    }
    if (fabs(v) < 0.5 * pow(10, -decimals)) v = 0; /* no "-0.000" */
    vm_buf_printf(j->out, "%.*f", decimals, v);
}

void vm_json_bool(vm_json *j, int v) {
    before_value(j);
    vm_buf_puts(j->out, v ? "true" : "false");
}

void vm_json_raw(vm_json *j, const char *s, size_t n) {
    before_value(j);
    vm_buf_append(j->out, s, n);
}

void vm_json_null(vm_json *j) {
    before_value(j);
    vm_buf_puts(j->out, "null");
}
