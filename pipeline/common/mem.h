/*
 * mem.h - allocation that never returns NULL.
 *
 * vocmine treats running out of memory as fatal: these wrappers print a
 * message and abort, so callers never check for NULL. Whoever calls an
 * allocator owns the result and frees it with free().
 */
#ifndef VM_MEM_H
#define VM_MEM_H

#include <stddef.h>

void *vm_xmalloc(size_t n);
void *vm_xcalloc(size_t count, size_t size);
void *vm_xrealloc(void *p, size_t n);
char *vm_xstrdup(const char *s);
char *vm_xstrndup(const char *s, size_t n);

#endif
