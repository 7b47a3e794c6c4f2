/*
 * hash.c - 64-bit string hash: 8-byte words folded through a multiply-xor
 * mixer, then finalised (see hash.h). Little-endian loads via memcpy.
 */
#include "common/hash.h"

#include <string.h>

uint64_t vm_hash64(const void *data, size_t len, uint64_t seed) {
    const unsigned char *p = data;
    uint64_t h = seed ^ (0x9e3779b97f4a7c15ULL * (len + 1));
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ vm_mix64(w)) * 0x9fb21c651e98df25ULL;
        h ^= h >> 29;
        p += 8;
        len -= 8;
    }
    uint64_t tail = 0;
    for (size_t i = 0; i < len; i++) tail |= (uint64_t)p[i] << (8 * i);
    h = (h ^ vm_mix64(tail + len)) * 0x9fb21c651e98df25ULL;
    return vm_mix64(h);
}
