/*
 * sha256.h - SHA-256 of inputs, lexicons and models, for manifests.
 *
 * Backed by OpenSSL's libcrypto, which uses the CPU's SHA instructions
 * where present: hashing every input byte is then a small cost beside
 * parsing (a portable C implementation took 80% of the reader's time).
 * Incremental use: vm_sha256_init allocates the context, vm_sha256_final
 * (or vm_sha256_discard) releases it; vm_sha256_peek reads the digest of
 * the bytes so far and leaves the context usable.
 */
#ifndef VM_SHA256_H
#define VM_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct vm_sha256 {
    void *md;   /* EVP_MD_CTX */
} vm_sha256;

void vm_sha256_init(vm_sha256 *c);
void vm_sha256_update(vm_sha256 *c, const void *data, size_t len);
void vm_sha256_final(vm_sha256 *c, uint8_t out[32]);
void vm_sha256_peek(const vm_sha256 *c, uint8_t out[32]);
void vm_sha256_discard(vm_sha256 *c);
/* Hex digest of a whole buffer or file: out gets 64 hex digits and a NUL.
 * vm_sha256_file returns -1 if the file cannot be read. */
void vm_sha256_hex(const void *data, size_t len, char out[65]);
int vm_sha256_file(const char *path, char out[65]);
void vm_sha256_to_hex(const uint8_t digest[32], char out[65]);

#endif
