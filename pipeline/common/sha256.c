/*
 * sha256.c - SHA-256 through libcrypto's EVP interface (see sha256.h).
 * A failure inside libcrypto (it cannot happen for SHA-256 short of
 * running out of memory) aborts, like vm_xmalloc.
 */
#include "common/sha256.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

static void crypto_failed(const char *what) {
    fprintf(stderr, "vocmine: libcrypto failed in %s\n", what);
    abort();
}

void vm_sha256_init(vm_sha256 *c) {
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) crypto_failed("EVP_DigestInit_ex");
    c->md = md;
}

void vm_sha256_update(vm_sha256 *c, const void *data, size_t len) {
    if (len && EVP_DigestUpdate(c->md, data, len) != 1) crypto_failed("EVP_DigestUpdate");
}

void vm_sha256_final(vm_sha256 *c, uint8_t out[32]) {
    unsigned int n = 32;
    if (EVP_DigestFinal_ex(c->md, out, &n) != 1) crypto_failed("EVP_DigestFinal_ex");
    vm_sha256_discard(c);
}

void vm_sha256_peek(const vm_sha256 *c, uint8_t out[32]) {
    vm_sha256 copy;
    copy.md = EVP_MD_CTX_new();
    if (!copy.md || EVP_MD_CTX_copy_ex(copy.md, c->md) != 1) crypto_failed("EVP_MD_CTX_copy_ex");
    vm_sha256_final(&copy, out);
}

void vm_sha256_discard(vm_sha256 *c) {
    EVP_MD_CTX_free(c->md);
    c->md = NULL;
}

void vm_sha256_to_hex(const uint8_t digest[32], char out[65]) {
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

void vm_sha256_hex(const void *data, size_t len, char out[65]) {
    vm_sha256 c;
    uint8_t d[32];
    vm_sha256_init(&c);
    vm_sha256_update(&c, data, len);
    vm_sha256_final(&c, d);
    vm_sha256_to_hex(d, out);
}

int vm_sha256_file(const char *path, char out[65]) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    vm_sha256 c;
    uint8_t d[32];
    static _Thread_local unsigned char chunk[65536];
    size_t n;
    vm_sha256_init(&c);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) vm_sha256_update(&c, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        vm_sha256_discard(&c);
        return -1;
    }
    vm_sha256_final(&c, d);
    vm_sha256_to_hex(d, out);
    return 0;
}
