/*
 * reader.h - reading customer-comment exports record by record.
 *
 * An export is CSV (RFC 4180), TSV (header + PostgreSQL COPY text escapes)
 * or JSON Lines (one flat object per line), plain or gzip, UTF-8 or (with
 * opts.encoding) any encoding iconv knows. The format is detected from the
 * content (the file extension only breaks ties) unless opts.format names it.
 *
 * Every data record comes back from vm_reader_next, well-formed or not: a
 * malformed record has reject set to a short reason and keeps its raw
 * bytes, so the caller can write it to a rejects file and go on. Only I/O
 * errors and corrupt or truncated gzip are fatal. Memory is bounded by
 * max_record_bytes whatever the input: a longer record is rejected and
 * skipped without being held whole.
 *
 * Columns: the CSV/TSV header, or the JSON keys in order of first
 * appearance. For JSON Lines the reader looks at the lines in the first
 * 64 KiB when it opens, so the columns are known before the first record;
 * a key first seen later appends a column (nfields grows). Keys of
 * rejected records never create columns.
 *
 * Text is passed through as bytes: invalid UTF-8 in a UTF-8 export stays
 * as it is (the normalize stage repairs and counts it). An undeclared
 * export that is clearly GB18030/GBK, Big5 or UTF-16 fails at open with a
 * message naming the --encoding to use; declaring "utf-8" skips that
 * check. A UTF-8 byte order mark at the start is dropped.
 *
 * The caller owns the reader and closes it with vm_reader_close; record
 * contents belong to the reader and stay valid until the next call.
 */
#ifndef VM_READER_H
#define VM_READER_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

typedef struct vm_reader_opts {
    const char *encoding;    /* NULL or "utf-8": no transcoding; else an iconv name ("gb18030", "big5", ...) */
    const char *format;      /* NULL = detect from content; or "csv", "tsv", "jsonl" */
    size_t max_record_bytes; /* 0 = default 1 MiB; longer records are rejected without unbounded memory */
} vm_reader_opts;

#define VM_READER_DEFAULT_MAX_RECORD (1024 * 1024)
/* Bytes of a record kept in vm_record.raw. */
#define VM_READER_RAW_KEEP 4096
/* JSON Lines: a record whose keys would make more columns is rejected. */
#define VM_READER_MAX_COLUMNS 10000

typedef struct vm_record {
    uint64_t row;                 /* 1-based data record number (header not counted) */
    uint64_t line;                /* 1-based physical line where the record starts */
    size_t nfields;               /* == number of columns known now */
    const char *const *fields;    /* NUL-terminated decoded values, valid until the next call */
    const size_t *lens;
    const unsigned char *present; /* 1 if the record had that column (JSON: key present and not null; TSV: not \N) */
    const char *reject;           /* NULL, or a short reason this record is malformed */
    const char *raw;              /* raw bytes of the record (at most 4 KiB kept) for reject excerpts */
    size_t raw_len;
} vm_record;

typedef struct vm_reader vm_reader;

/* Opens a file ("-" = stdin; gzip is recognised by its magic bytes) and
 * reads the header (or, for JSON Lines, the keys of the first 64 KiB). */
vm_reader *vm_reader_open(const char *path, const vm_reader_opts *opts, vm_error *err);
/* The same over len bytes at data (kept alive by the caller until close);
 * name is used in messages and to break format ties by extension. */
vm_reader *vm_reader_open_mem(const void *data, size_t len, const char *name,
                              const vm_reader_opts *opts, vm_error *err);

const char *vm_reader_format(const vm_reader *r);   /* "csv" "tsv" "jsonl" */
size_t vm_reader_ncols(const vm_reader *r);
const char *vm_reader_colname(const vm_reader *r, size_t i);

/* Returns 1 with a record (possibly rejected), 0 at the end, -1 on a
 * fatal error (I/O, corrupt or truncated gzip: the message names the file
 * and how far it got). */
int vm_reader_next(vm_reader *r, vm_record *rec, vm_error *err);

uint64_t vm_reader_bytes(const vm_reader *r);        /* decoded input bytes consumed so far (for MB/s) */
uint64_t vm_reader_raw_bytes(const vm_reader *r);    /* file bytes read so far */
void vm_reader_sha256(vm_reader *r, char hex[65]);   /* of the file bytes read so far */
uint64_t vm_reader_transcode_errors(const vm_reader *r);  /* input sequences replaced by U+FFFD */
uint64_t vm_reader_blank_lines(const vm_reader *r);  /* skipped empty lines (counted for the manifest) */
void vm_reader_close(vm_reader *r);

#endif
