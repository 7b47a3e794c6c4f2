/*
 * hash.h - fast non-cryptographic 64-bit hashing of byte strings.
 *
 * Stable across runs and machines (no random seed), since hashes decide
 * duplicate links and shingle sets that must be reproducible.
 */
#ifndef VM_HASH_H
#define VM_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t vm_hash64(const void *data, size_t len, uint64_t seed);

/* Mixes one 64-bit value (a finaliser with good avalanche). */
static inline uint64_t vm_mix64(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

#endif
