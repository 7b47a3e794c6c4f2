/*
 * bytescan.h - asking about eight bytes at once (a 64-bit word loaded
 * with memcpy), for scanners that skip text with nothing of interest.
 *
 * Each test returns nonzero when at least one byte of w qualifies. The
 * underlying "has a zero byte" expression, (x - 0x01..01) & ~x & 0x80..80,
 * may also flag bytes above a qualifying one (a borrow runs on), never a
 * word without one, so "nonzero" is exact even if the flagged lanes are
 * not: callers look at the bytes themselves to find which one it is.
 */
#ifndef VM_BYTESCAN_H
#define VM_BYTESCAN_H

#include <stdint.h>

#define VM_BYTES_ONES 0x0101010101010101ULL
#define VM_BYTES_HIGHS 0x8080808080808080ULL

/* Some byte of w is zero. */
static inline uint64_t vm_bytes_has_zero(uint64_t w) {
    return (w - VM_BYTES_ONES) & ~w & VM_BYTES_HIGHS;
}

/* Some byte of w equals c. */
static inline uint64_t vm_bytes_has(uint64_t w, unsigned char c) {
    return vm_bytes_has_zero(w ^ (VM_BYTES_ONES * c));
}

/* Some byte of w is below n (n <= 128; bytes >= 0x80 never count). */
static inline uint64_t vm_bytes_has_below(uint64_t w, unsigned char n) {
    return (w - VM_BYTES_ONES * n) & ~w & VM_BYTES_HIGHS;
}

#endif
