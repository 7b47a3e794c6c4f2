/*
 * fuzz_gzip.c - libFuzzer target: vm_instream's gzip reading (ISA-L's
 * inflate plus vocmine's header-flag check) against a plain zlib decode
 * of the same bytes. Both must agree on the bytes and on whether
 * the stream is valid; output beyond LIMIT bytes is not compared.
 */
#include "common/instream.h"
#include "common/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define LIMIT (8u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decodes concatenated gzip members with zlib alone; 0 ok, -1 invalid,
 * 1 when the output passed LIMIT. */
static int zlib_decode(const uint8_t *data, size_t size, vm_buf *out) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) abort();
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)size;
    int rc = 0, ended = 0;
    unsigned char chunk[65536];
    while (rc == 0) {
        if (ended) {
            if (z.avail_in == 0) break;
            inflateReset(&z);
            ended = 0;
        }
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        int r = inflate(&z, Z_NO_FLUSH);
        vm_buf_append(out, chunk, sizeof chunk - z.avail_out);
        if (r == Z_STREAM_END) ended = 1;
        else if (r != Z_OK || (z.avail_in == 0 && z.avail_out != 0)) rc = -1;
        if (out->len > LIMIT) rc = 1;
    }
    inflateEnd(&z);
    return rc;
}

/* The same through vm_instream. */
static int stream_decode(const uint8_t *data, size_t size, vm_buf *out) {
    vm_error err;
    vm_instream *in = vm_instream_open_mem(data, size, "fuzz.gz", &err);
    if (!in) abort();
    unsigned char chunk[4093];
    long n;
    while ((n = vm_instream_read(in, chunk, sizeof chunk, &err)) > 0 && out->len <= LIMIT)
        vm_buf_append(out, chunk, (size_t)n);
    vm_instream_close(in);
    return n < 0 ? -1 : out->len > LIMIT ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2 || data[0] != 0x1f || data[1] != 0x8b) return 0;
    vm_buf want = {0}, got = {0};
    int a = zlib_decode(data, size, &want), b = stream_decode(data, size, &got);
    if (a == 0 && b == 0 && (want.len != got.len || (got.len && memcmp(want.data, got.data, got.len) != 0))) abort();
    if ((a == 0 && b < 0) || (a < 0 && b == 0)) abort();
    vm_buf_free(&want);
    vm_buf_free(&got);
    return 0;
}
