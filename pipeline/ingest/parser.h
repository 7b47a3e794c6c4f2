/*
 * parser.h - what the reader (reader.c) shares with its format parsers
 * (csv.c, tsv.c, jsonl.c). Internal to pipeline/ingest/.
 *
 * The window: buf[pos, len) holds decoded bytes not yet consumed; eof is
 * set once the source is exhausted. vm_ingest_fill compacts the window
 * (moves the unconsumed bytes to the front, possibly reallocating) and
 * reads more, so a parser keeps offsets from pos, never pointers, across a
 * fill. A parser consumes a record by advancing pos past it and adding its
 * newlines to line.
 *
 * The record under construction: out holds the decoded values, each
 * followed by a NUL; out.data[0] is a NUL that absent fields point at.
 * Field i is off[i], flen[i], present[i] (arrays of fcap slots). Parsers
 * reserve room in out before writing: a record of n raw bytes decodes to
 * at most n bytes plus one NUL per field (at most n + 1 fields), so
 * 2n + 2 always suffices. vm_ingest_emit turns the slots into a vm_record
 * of exactly ncols fields.
 */
#ifndef VM_INGEST_PARSER_H
#define VM_INGEST_PARSER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/buf.h"
#include "common/error.h"
#include "common/instream.h"
#include "ingest/reader.h"
#include "ingest/transcode.h"

typedef struct vm_format {
    const char *name;
    /* Reads the header (or learns the first columns); 0 or -1. */
    int (*open)(vm_reader *r, vm_error *err);
    /* As vm_reader_next. */
    int (*next)(vm_reader *r, vm_record *rec, vm_error *err);
    /* Frees the format-private state, or NULL if there is none. */
    void (*close)(vm_reader *r);
} vm_format;

extern const vm_format vm_format_csv, vm_format_tsv, vm_format_jsonl;

struct vm_reader {
    char *name;                 /* for messages */
    vm_instream *in;
    vm_transcoder *tc;          /* NULL: the bytes are UTF-8 already */
    const vm_format *fmt;
    size_t max_record;

    char *buf;                  /* the window */
    size_t cap, pos, len;
    int eof;
    uint64_t dropped;           /* decoded bytes compacted away before buf */

    char **names;               /* column names (owned) */
    size_t ncols, names_cap;

    vm_buf out;                 /* decoded values of the current record */
    size_t *off, *flen;
    unsigned char *present;
    const char **ptr;
    size_t fcap;

    uint64_t row, line, blank;
    char reject[192];           /* "" or the current record's reject reason */
    vm_buf rawcopy;             /* raw excerpt of a record skipped as too long */
    void *state;                /* format-private (jsonl.c) */
};

/* Reads more input into the window: 1 if bytes were added, 0 at the end,
 * -1 on a fatal error. */
int vm_ingest_fill(vm_reader *r, vm_error *err);
/* Makes the field slot arrays hold at least n slots. */
void vm_ingest_fields_grow(vm_reader *r, size_t n);
void vm_ingest_add_column(vm_reader *r, const char *name, size_t len);
/* Makes field slots [0, nfields) the column names, trimmed of spaces. */
void vm_ingest_set_header(vm_reader *r, size_t nfields);
/* Starts a record: empties out (keeping the shared NUL) and the reject. */
void vm_ingest_begin(vm_reader *r);
void vm_ingest_reject(vm_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Fills rec from the slots: fields [0, nset) are as parsed, the rest
 * absent; assigns the next row number. */
void vm_ingest_emit(vm_reader *r, vm_record *rec, size_t nset, uint64_t line,
                    const char *raw, size_t raw_len);
/* The record at pos is longer than max_record: keeps a raw excerpt,
 * rejects it ("record longer than N bytes" + why) and skips to the first
 * line start at or after pos + max_record. 0 or -1. */
int vm_ingest_skip_long(vm_reader *r, vm_record *rec, const char *why, vm_error *err);
/* For line-based formats: sets *line and *len to the next line at pos (without
 * its '\n'; a '\r' before it is kept) and advances pos past it. Returns 1
 * with a line, 0 at the end, 2 when the line was too long and rec is a
 * reject already, -1 on error. The line is valid until the next fill. */
int vm_ingest_line(vm_reader *r, vm_record *rec, const char **line, size_t *len, vm_error *err);

/* Appends n bytes to out (room reserved by the caller). */
static inline void vm_ingest_put(vm_reader *r, const char *p, size_t n) {
    memcpy(r->out.data + r->out.len, p, n);
    r->out.len += n;
}

/* Starts field slot i at the end of out. */
static inline void vm_ingest_field_begin(vm_reader *r, size_t i) {
    if (i >= r->fcap) vm_ingest_fields_grow(r, i + 1);
    r->off[i] = r->out.len;
    r->present[i] = 1;
}

/* Ends field slot i: records its length and NUL-terminates it. */
static inline void vm_ingest_field_end(vm_reader *r, size_t i) {
    r->flen[i] = r->out.len - r->off[i];
    r->out.data[r->out.len++] = '\0';
}

/* Number of '\n' bytes in [p, p + n). */
static inline uint64_t vm_ingest_count_nl(const char *p, size_t n) {
    uint64_t k = 0;
    const char *e = p + n;
    while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}

#endif
