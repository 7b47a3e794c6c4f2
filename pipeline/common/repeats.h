/*
 * repeats.h - a bounded memo of per-comment results, so that a text which
 * comes again (exact duplicates, templates, "好评！") is processed once.
 *
 * A key is everything the processing of a row reads: a text and up to
 * two short qualifiers (VM_REPEAT_PARTS parts, unused ones empty), all
 * compared byte for byte. Normalize keys on the raw comment text;
 * extract on the match text and the emphasis field.
 * The value is what the caller stored for the key, an opaque byte string.
 * Callers only memoise a pure function of the key, so a hit gives exactly
 * the bytes a fresh computation would: outputs do not depend on what the
 * memo holds, hence not on thread count or timing.
 *
 * Bounds: VM_REPEATS_SETS sets of VM_REPEATS_WAYS entries; a key can
 * live only in the set its hash picks, and a new key evicts the set's
 * least recently used entry. Texts longer than VM_REPEATS_MAX_TEXT bytes
 * are not kept, and the entries' bytes never exceed VM_REPEATS_BUDGET
 * (a put that would pass it is dropped), so the memo holds at most
 * VM_REPEATS_BUDGET bytes of entries plus its fixed table. A memo whose
 * recent lookups mostly missed uses only a sample of the keys until they
 * hit again (repeats.c): a get may miss, and a put be dropped, for a key
 * it would otherwise serve. Thread safe:
 * each set is guarded by one of a few striped locks. The caller owns the
 * memo and frees it with vm_repeats_free.
 */
#ifndef VM_REPEATS_H
#define VM_REPEATS_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define VM_REPEATS_SETS (1u << 15)
#define VM_REPEATS_WAYS 4
#define VM_REPEATS_MAX_TEXT 256
#define VM_REPEATS_BUDGET ((size_t)64 << 20)

typedef struct vm_repeats vm_repeats;

#define VM_REPEAT_PARTS 3
#define VM_REPEAT_QUALIFIER_MAX 64

/* The parts of a key: part[0] is the text (at most VM_REPEATS_MAX_TEXT
 * bytes to be kept), the others at most VM_REPEAT_QUALIFIER_MAX bytes.
 * The caller sets the parts and leaves hash 0; the first get or put of
 * the key stores the parts' hash there, so a get followed by a put of
 * the same key hashes once. */
typedef struct vm_repeat_key {
    const char *part[VM_REPEAT_PARTS];
    size_t len[VM_REPEAT_PARTS];
    uint64_t hash;
} vm_repeat_key;

vm_repeats *vm_repeats_new(void);
void vm_repeats_free(vm_repeats *r);
/* Whether the key's parts are short enough to be kept. */
int vm_repeats_eligible(const vm_repeat_key *k);
/* Appends the value stored for the key to out and returns 1, or returns 0. */
int vm_repeats_get(vm_repeats *r, vm_repeat_key *k, vm_buf *out);
/* Stores value[0, len) for the key (when eligible and within the
 * budget), evicting the least recently used entry of its set. */
void vm_repeats_put(vm_repeats *r, vm_repeat_key *k, const void *value, size_t len);
/* Whether the memo is sampling keys now (tests ask). */
int vm_repeats_sampling(const vm_repeats *r);

#endif
