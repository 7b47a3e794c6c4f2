/*
 * strmap.h - interning map from byte strings to dense ids.
 *
 * Each distinct key gets the next id (0, 1, 2, … in insertion order), so
 * callers keep their values in plain arrays indexed by id and iteration
 * order is deterministic. The map owns copies of the keys (NUL-terminated);
 * pointers from vm_strmap_key stay valid until vm_strmap_free.
 */
#ifndef VM_STRMAP_H
#define VM_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct vm_strmap vm_strmap;

vm_strmap *vm_strmap_new(void);
void vm_strmap_free(vm_strmap *m);
/* Returns the key's id, or -1 if absent. */
long vm_strmap_find(const vm_strmap *m, const char *key, size_t len);
/* Returns the key's id, adding the key if absent; *added (if non-NULL) is
 * set to 1 when the key was new. */
long vm_strmap_intern(vm_strmap *m, const char *key, size_t len, int *added);
const char *vm_strmap_key(const vm_strmap *m, long id, size_t *len);
size_t vm_strmap_size(const vm_strmap *m);

#endif
