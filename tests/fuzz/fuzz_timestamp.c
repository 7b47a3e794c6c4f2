/*
 * fuzz_timestamp.c - libFuzzer target: vm_time_parse on arbitrary text.
 *
 * Input: an optional strptime-style format, a NUL, then the timestamp (no
 * NUL: the whole input is the timestamp, parsed without a format). Every
 * accepted timestamp's normalized text must parse again to itself and the
 * same epoch.
 */
#include "common/buf.h"
#include "ingest/timestamp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *text = (const char *)data, *fmt = NULL;
    char fmtbuf[128];
    const char *nul = memchr(text, '\0', size);
    if (nul && (size_t)(nul - text) < sizeof fmtbuf) {
        memcpy(fmtbuf, text, (size_t)(nul - text) + 1);
        fmt = fmtbuf;
        size -= (size_t)(nul - text) + 1;
        text = nul + 1;
    }
    vm_buf out = {0}, again = {0};
    int64_t epoch, epoch2;
    if (vm_time_parse(text, size, fmt, &out, &epoch) == 0) {
        if (out.len != 19 && out.len != 20 && out.len != 25) abort();
        if (vm_time_parse(out.data, out.len, NULL, &again, &epoch2) != 0) abort();
        if (epoch2 != epoch || again.len != out.len || memcmp(again.data, out.data, out.len) != 0) abort();
    }
    vm_buf_free(&out);
    vm_buf_free(&again);
    return 0;
}
