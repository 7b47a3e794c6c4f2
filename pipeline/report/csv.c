/*
 * csv.c - CSV cell quoting and the formula guard (see csv.h).
 */
#include "report/csv.h"

#include <string.h>

/* A plain decimal number: optional sign, digits, optional fraction. */
static int is_plain_number(const char *s, size_t n) {
    size_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    size_t digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
    }
    return digits > 0 && i == n;
}

int vm_csv_needs_guard(const char *s, size_t n) {
    if (n == 0) return 0;
    switch (s[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r':
        return !is_plain_number(s, n);
    default:
        return 0;
    }
}

/* Whether the cell must be quoted: it holds , " CR or LF. */
static int needs_quotes(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= '\r' ? c == '\r' || c == '\n' : c == ',' || c == '"') return 1;
    }
    return 0;
}

void vm_csv_cell(vm_buf *b, const char *s, size_t n) {
    int guard = vm_csv_needs_guard(s, n), quote = needs_quotes(s, n);
    if (!guard && !quote) {
        vm_buf_append(b, s, n);
        return;
    }
    if (quote) vm_buf_putc(b, '"');
    if (guard) vm_buf_putc(b, '\'');
    const char *end = s + n, *q;
    while ((q = memchr(s, '"', (size_t)(end - s))) != NULL) {
        vm_buf_append(b, s, (size_t)(q + 1 - s));
        vm_buf_putc(b, '"');
        s = q + 1;
    }
    vm_buf_append(b, s, (size_t)(end - s));
    if (quote) vm_buf_putc(b, '"');
}

void vm_csv_cell_str(vm_buf *b, const char *s) { vm_csv_cell(b, s, strlen(s)); }

void vm_csv_header(vm_buf *b, const char *const *names, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i) vm_buf_putc(b, ',');
        vm_csv_cell_str(b, names[i]);
    }
    vm_buf_append(b, "\r\n", 2);
}
