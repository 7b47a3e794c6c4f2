/*
 * buf.c - growable byte buffer (see buf.h).
 */
#include "common/buf.h"
#include "common/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vm_buf_grow(vm_buf *b, size_t extra) {
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    b->data = vm_xrealloc(b->data, cap);
    b->cap = cap;
}

void vm_buf_puts(vm_buf *b, const char *s) {
    vm_buf_append(b, s, strlen(s));
}

void vm_buf_printf(vm_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0) return;
    vm_buf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void vm_buf_put_u64(vm_buf *b, uint64_t v) {
    char tmp[24];
    int i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    vm_buf_append(b, tmp + i, sizeof tmp - (size_t)i);
}

void vm_buf_put_utf8(vm_buf *b, int32_t cp) {
    char tmp[4];
    size_t n;
    if (cp < 0x80) {
        tmp[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        tmp[0] = (char)(0xC0 | (cp >> 6));
        tmp[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        tmp[0] = (char)(0xE0 | (cp >> 12));
        tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        tmp[0] = (char)(0xF0 | (cp >> 18));
        tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    vm_buf_append(b, tmp, n);
}

void vm_buf_truncate(vm_buf *b, size_t len) {
    if (len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

void vm_buf_reset(vm_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void vm_buf_free(vm_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *vm_buf_detach(vm_buf *b) {
    char *p = b->data ? b->data : vm_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
