/*
 * sha256.h - SHA-256 (FIPS 180-4), used to fingerprint inputs, lexicons
 * and models in manifests. Incremental: init, update any number of times,
 * final. The context is caller-owned and needs no cleanup.
 */
#ifndef VM_SHA256_H
#define VM_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct vm_sha256 {
    uint32_t state[8];
    uint64_t bytes;
    uint8_t block[64];
    size_t fill;
} vm_sha256;

void vm_sha256_init(vm_sha256 *c);
void vm_sha256_update(vm_sha256 *c, const void *data, size_t len);
void vm_sha256_final(vm_sha256 *c, uint8_t out[32]);
/* Hex digest of a whole buffer or file: out gets 64 hex digits and a NUL. */
void vm_sha256_hex(const void *data, size_t len, char out[65]);
int vm_sha256_file(const char *path, char out[65]);
void vm_sha256_to_hex(const uint8_t digest[32], char out[65]);

#endif
