/*
 * buf.h - growable byte buffer.
 *
 * Invariant: data[len] == '\0' whenever data != NULL, so a buffer can be
 * handed to C string functions. A zeroed vm_buf is a valid empty buffer.
 * The buffer owns data; vm_buf_free releases it, vm_buf_reset keeps it.
 */
#ifndef VM_BUF_H
#define VM_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct vm_buf {
    char *data;
    size_t len;
    size_t cap;
} vm_buf;

void vm_buf_grow(vm_buf *b, size_t extra);
void vm_buf_puts(vm_buf *b, const char *s);
void vm_buf_printf(vm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vm_buf_put_u64(vm_buf *b, uint64_t v);
/* Appends the code point as UTF-8 (1 to 4 bytes). */
void vm_buf_put_utf8(vm_buf *b, int32_t cp);
void vm_buf_truncate(vm_buf *b, size_t len);
void vm_buf_reset(vm_buf *b);
void vm_buf_free(vm_buf *b);
/* Hands the bytes to the caller (who frees them) and empties the buffer. */
char *vm_buf_detach(vm_buf *b);

/* Appends n bytes. Inline, as vm_buf_putc: formatters call it for every
 * word they write. */
static inline void vm_buf_append(vm_buf *b, const void *p, size_t n) {
    if (b->len + n + 1 > b->cap) vm_buf_grow(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Appends one byte. Inline: formatters call it for every separator. */
static inline void vm_buf_putc(vm_buf *b, char c) {
    if (b->len + 2 > b->cap) vm_buf_grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

#endif
