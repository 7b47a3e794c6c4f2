/*
 * fuzz_reader.h - the body shared by the ingest reader fuzz targets: open
 * a reader over the input and read every record, checking the record
 * invariants (abort on a violation, so the fuzzer reports it).
 *
 * The first input byte picks options, so one corpus explores more of the
 * reader: bit 0 a tiny max_record (resynchronisation), bit 1 format
 * detection instead of the target's format, bit 2 GB18030 transcoding,
 * bits 3-7 the tiny limit's size.
 */
#ifndef VM_FUZZ_READER_H
#define VM_FUZZ_READER_H

#include "ingest/reader.h"

#include <stdint.h>
#include <stdlib.h>

static void fuzz_check_record(const vm_reader *r, const vm_record *rec) {
    if (rec->nfields != vm_reader_ncols(r) || rec->raw_len > VM_READER_RAW_KEEP) abort();
    if (rec->raw_len && !rec->raw) abort();
    for (size_t i = 0; i < rec->nfields; i++) {
        if (rec->fields[i][rec->lens[i]] != '\0') abort();
        if (!rec->present[i] && rec->lens[i] != 0) abort();
    }
}

static int fuzz_reader(const uint8_t *data, size_t size, const char *format, const char *name) {
    if (size == 0) return 0;
    unsigned flags = data[0];
    vm_reader_opts opts = {0};
    opts.format = flags & 2 ? NULL : format;
    opts.encoding = flags & 4 ? "gb18030" : NULL;
    opts.max_record_bytes = flags & 1 ? 8 + (flags >> 3) : 0;
    vm_error err;
    vm_reader *r = vm_reader_open_mem(data + 1, size - 1, name, &opts, &err);
    if (!r) return 0;
    vm_record rec;
    uint64_t rows = 0;
    while (vm_reader_next(r, &rec, &err) == 1) {
        fuzz_check_record(r, &rec);
        if (rec.row != ++rows) abort();
    }
    vm_reader_close(r);
    return 0;
}

#endif
