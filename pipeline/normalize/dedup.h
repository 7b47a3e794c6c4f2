/*
 * dedup.h - exact and near-duplicate detection over a bounded window.
 *
 * Exact duplicates are comments whose match text hashes equal (64-bit);
 * near duplicates are comments whose SimHash differs in at most
 * max_distance bits (found through four 16-bit bands: two fingerprints
 * within 3 bits share at least one band). Both link to the FIRST comment
 * of their group: a near duplicate of a near duplicate links to the
 * original, so a spam wave forms one group.
 *
 * Memory is bounded: the index remembers the most recent `window`
 * distinct comments in two generations; when the newer generation holds
 * window/2 entries the older one is dropped. Duplicates further apart
 * than the window are not linked (documented in the README).
 *
 * Not thread-safe: the normalize stage calls it from its serial step, in
 * input order, which makes the links deterministic.
 */
#ifndef VM_DEDUP_H
#define VM_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

typedef struct vm_dedup vm_dedup;

vm_dedup *vm_dedup_new(size_t window, int max_distance);
void vm_dedup_free(vm_dedup *d);

typedef struct vm_dedup_item {
    uint64_t exact;      /* hash of the match text */
    uint64_t simhash;
    int exact_ok;        /* long enough to count as a duplicate */
    int simhash_ok;      /* enough shingles for a meaningful SimHash */
    const char *id;
    size_t id_len;
} vm_dedup_item;

/* Checks one comment against the window and records it. Appends the id of
 * the first exact duplicate to dup_of, or (when not an exact duplicate) the
 * id of the group's first near duplicate to near_of; appends nothing when
 * the comment is new. */
void vm_dedup_check(vm_dedup *d, const vm_dedup_item *item, vm_buf *dup_of, vm_buf *near_of);

#endif
