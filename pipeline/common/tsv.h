/*
 * tsv.h - vocmine's own tab-separated files (the stage interface files).
 *
 * Format: UTF-8, one header line of column names, one record per line,
 * fields separated by TAB, escaped as in PostgreSQL COPY text format:
 * backslash, TAB, LF and CR are written as \\ \t \n \r. An empty field is
 * an empty string. Readers find columns by name, so columns may be added
 * without breaking them.
 */
#ifndef VM_TSV_H
#define VM_TSV_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/error.h"

/* Appends s escaped for a TSV field. */
void vm_tsv_escape(vm_buf *b, const char *s, size_t n);
/* Unescapes in place; returns the new length. Unknown escapes keep the
 * character after the backslash. */
size_t vm_tsv_unescape(char *s, size_t n);

typedef struct vm_tsvfile vm_tsvfile;

/* Opens a (possibly gzip) TSV file and reads its header. */
vm_tsvfile *vm_tsvfile_open(const char *path, vm_error *err);
/* Index of a column by name, or -1. */
int vm_tsvfile_col(const vm_tsvfile *t, const char *name);
/* Like vm_tsvfile_col but fails with a message naming file and column. */
int vm_tsvfile_need(const vm_tsvfile *t, const char *name, vm_error *err);
size_t vm_tsvfile_ncols(const vm_tsvfile *t);
/* Reads the next record: 1 with a record, 0 at the end, -1 on error (a
 * record with the wrong number of fields is an error naming the line).
 * Fields are unescaped and NUL-terminated; valid until the next call. */
int vm_tsvfile_next(vm_tsvfile *t, vm_error *err);
const char *vm_tsvfile_field(const vm_tsvfile *t, int col, size_t *len);
/* Batch reading, for readers that split records on worker threads:
 * vm_tsvfile_read_raw appends whole records as they are in the file
 * (escaped, each ended by '\n') to chunk, until it holds at least want
 * bytes or max records or the file ends; returns the number of records,
 * 0 at the end, -1 on a read error. vm_tsvfile_split_raw then splits one
 * such record, base[at, at + len) without its '\n', in place (the fields
 * cols[0, n) are unescaped and NUL-terminated, the others left as they
 * are; the '\n' becomes a NUL) and sets off[i] and flen[i] (offsets from
 * base) of fields cols[0, n); a column < 0 is an empty field. It returns the record's field count, which is the
 * header's for a well-formed record; it only reads t, so threads may call
 * it at once. vm_tsvfile_bad_record words the error for a record at a
 * line with the wrong field count, as vm_tsvfile_next does. */
long vm_tsvfile_read_raw(vm_tsvfile *t, vm_buf *chunk, size_t want, size_t max, vm_error *err);
size_t vm_tsvfile_split_raw(const vm_tsvfile *t, char *base, size_t at, size_t len, const int *cols, int n,
                            uint32_t *off, uint32_t *flen);
int vm_tsvfile_bad_record(const vm_tsvfile *t, uint64_t line, size_t nfields, vm_error *err);
/* Line number of the last record read (the header is line 1). */
uint64_t vm_tsvfile_line(const vm_tsvfile *t);
uint64_t vm_tsvfile_bytes(const vm_tsvfile *t);       /* bytes after inflate */
/* Size and lower-case hex SHA-256 of the file's raw bytes read so far:
 * the whole file's once vm_tsvfile_next has returned 0. */
uint64_t vm_tsvfile_raw_bytes(const vm_tsvfile *t);
void vm_tsvfile_sha256(vm_tsvfile *t, char hex[65]);
void vm_tsvfile_close(vm_tsvfile *t);

#endif
