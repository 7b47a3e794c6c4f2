/*
 * tsv.c - COPY-escaped TSV writing helpers and the stage-file reader
 * (see tsv.h).
 */
#include "common/tsv.h"
#include "common/bytescan.h"
#include "common/instream.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

/* Some byte of w needs escaping: TAB, LF and CR are below 0x0E (other
 * such bytes only cost a look), or a backslash. */
static inline uint64_t word_needs_escape(uint64_t w) {
    return vm_bytes_has_below(w, 0x0E) | vm_bytes_has(w, '\\');
}

/* Appends the escaped form of byte c. */
static inline char *put_escaped(char *d, char c) {
    if (c != '\\' && c != '\t' && c != '\n' && c != '\r') {
        *d++ = c;
        return d;
    }
    *d++ = '\\';
    *d++ = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
    return d;
}

/* Copies 8 bytes at a time while a word holds nothing to escape (most
 * text), byte by byte otherwise. */
void vm_tsv_escape(vm_buf *b, const char *s, size_t n) {
    vm_buf_grow(b, 2 * n);   /* room for the worst case: every byte escaped */
    char *d = b->data + b->len;
    size_t i = 0;
    while (i < n) {
        uint64_t w;
        if (n - i >= 8) {
            memcpy(&w, s + i, 8);
            if (!word_needs_escape(w)) {
                memcpy(d, &w, 8);
                d += 8;
                i += 8;
                continue;
            }
        }
        size_t stop = n - i >= 8 ? i + 8 : n;
        for (; i < stop; i++) d = put_escaped(d, s[i]);
    }
    b->len = (size_t)(d - b->data);
    b->data[b->len] = '\0';
}

size_t vm_tsv_unescape(char *s, size_t n) {
    char *bs = memchr(s, '\\', n);
    if (!bs) return n;
    size_t o = (size_t)(bs - s);
    for (size_t i = o; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            char e = s[++i];
            c = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
        }
        s[o++] = c;
    }
    s[o] = '\0';
    return o;
}

struct vm_tsvfile {
    vm_instream *in;
    vm_linereader *lr;
    char *path;
    char **names;
    size_t ncols;
    vm_buf row;
    char **fields;
    size_t *lens;
    uint64_t line;
};

/* Splits the record p[0, len) in place into fields[0, max) (unescaped,
 * NUL-terminated; p[len] must be writable: a vm_buf's terminating NUL or
 * the record's '\n'); returns the field count. */
/* Finds the fields of the record p[0, len) without changing it: the first
 * max of them start at fields[i] and are lens[i] bytes long (escaped).
 * Returns the record's field count. */
static size_t find_fields(char *p, size_t len, char **fields, size_t *lens, size_t max) {
    char *end = p + len;
    size_t n = 0;
    for (;;) {
        char *tab = memchr(p, '\t', (size_t)(end - p));
        char *stop = tab ? tab : end;
        if (n < max) {
            fields[n] = p;
            lens[n] = (size_t)(stop - p);
        }
        n++;
        if (!tab) return n;
        p = tab + 1;
    }
}

/* NUL-terminates a field found by find_fields and unescapes it in place;
 * returns its new length. */
static size_t settle_field(char *field, size_t len) {
    field[len] = '\0';
    return vm_tsv_unescape(field, len);
}

static size_t split_record(char *p, size_t len, char **fields, size_t *lens, size_t max) {
    size_t n = find_fields(p, len, fields, lens, max);
    for (size_t i = 0; i < n && i < max; i++) lens[i] = settle_field(fields[i], lens[i]);
    return n;
}

/* Splits t->row in place into t->fields; returns the field count. */
static size_t split_row(vm_tsvfile *t, size_t max) {
    return split_record(t->row.data, t->row.len, t->fields, t->lens, max);
}

vm_tsvfile *vm_tsvfile_open(const char *path, vm_error *err) {
    vm_instream *in = vm_instream_open(path, err);
    if (!in) return NULL;
    vm_tsvfile *t = vm_xcalloc(1, sizeof *t);
    t->in = in;
    t->lr = vm_linereader_new(in);
    t->path = vm_xstrdup(path);
    const char *line;
    size_t len;
    int r = vm_linereader_next(t->lr, &line, &len, err);
    if (r <= 0) {
        if (r == 0) vm_fail(err, "%s: empty file, expected a header line", path);
        vm_tsvfile_close(t);
        return NULL;
    }
    t->ncols = 1;
    for (size_t i = 0; i < len; i++) t->ncols += line[i] == '\t';
    t->names = vm_xcalloc(t->ncols, sizeof *t->names);
    t->fields = vm_xcalloc(t->ncols, sizeof *t->fields);
    t->lens = vm_xcalloc(t->ncols, sizeof *t->lens);
    vm_buf_append(&t->row, line, len);
    split_row(t, t->ncols);
    for (size_t i = 0; i < t->ncols; i++) t->names[i] = vm_xstrdup(t->fields[i]);
    t->line = 1;
    return t;
}

int vm_tsvfile_col(const vm_tsvfile *t, const char *name) {
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->names[i], name) == 0) return (int)i;
    return -1;
}

int vm_tsvfile_need(const vm_tsvfile *t, const char *name, vm_error *err) {
    int c = vm_tsvfile_col(t, name);
    if (c < 0) vm_fail(err, "%s: missing column '%s' in header", t->path, name);
    return c;
}

size_t vm_tsvfile_ncols(const vm_tsvfile *t) { return t->ncols; }

int vm_tsvfile_next(vm_tsvfile *t, vm_error *err) {
    const char *line;
    size_t len;
    int r = vm_linereader_next(t->lr, &line, &len, err);
    if (r <= 0) return r;
    t->line++;
    vm_buf_reset(&t->row);
    vm_buf_append(&t->row, line, len);
    size_t n = split_row(t, t->ncols);
    if (n != t->ncols) return vm_tsvfile_bad_record(t, t->line, n, err);
    return 1;
}

int vm_tsvfile_bad_record(const vm_tsvfile *t, uint64_t line, size_t nfields, vm_error *err) {
    return vm_fail(err, "%s: line %llu: %zu fields, header has %zu", t->path, (unsigned long long)line, nfields,
                   t->ncols);
}

long vm_tsvfile_read_raw(vm_tsvfile *t, vm_buf *chunk, size_t want, size_t max, vm_error *err) {
    const char *line;
    size_t len, start = chunk->len;
    long n = 0;
    while (chunk->len - start < want && (size_t)n < max) {
        int r = vm_linereader_next(t->lr, &line, &len, err);
        if (r < 0) return -1;
        if (r == 0) break;
        t->line++;
        vm_buf_append(chunk, line, len);
        vm_buf_putc(chunk, '\n');
        n++;
    }
    return n;
}

size_t vm_tsvfile_split_raw(const vm_tsvfile *t, char *base, size_t at, size_t len, const int *cols, int n,
                            uint32_t *off, uint32_t *flen) {
    char *stack_fields[64], **fields = stack_fields;
    size_t stack_lens[64], *lens = stack_lens;
    unsigned char stack_settled[64], *settled = stack_settled;  /* field unescaped, lens[] is its new length */
    if (t->ncols > 64) {
        fields = vm_xmalloc(t->ncols * sizeof *fields);
        lens = vm_xmalloc(t->ncols * sizeof *lens);
        settled = vm_xmalloc(t->ncols);
    }
    size_t got = find_fields(base + at, len, fields, lens, t->ncols);
    base[at + len] = '\0';
    memset(settled, 0, t->ncols);
    for (int i = 0; i < n; i++) {
        int c = cols[i];
        int have = c >= 0 && (size_t)c < got && (size_t)c < t->ncols;
        off[i] = (uint32_t)(have ? (size_t)(fields[c] - base) : at + len);   /* absent: the record's last NUL */
        if (have && !settled[c]) {  /* a column asked for twice is unescaped once */
            lens[c] = settle_field(fields[c], lens[c]);
            settled[c] = 1;
        }
        flen[i] = have ? (uint32_t)lens[c] : 0;
    }
    if (fields != stack_fields) {
        free(fields);
        free(lens);
        free(settled);
    }
    return got;
}

const char *vm_tsvfile_field(const vm_tsvfile *t, int col, size_t *len) {
    if (len) *len = t->lens[col];
    return t->fields[col];
}

uint64_t vm_tsvfile_line(const vm_tsvfile *t) { return t->line; }
uint64_t vm_tsvfile_bytes(const vm_tsvfile *t) { return vm_instream_bytes(t->in); }
uint64_t vm_tsvfile_raw_bytes(const vm_tsvfile *t) { return vm_instream_raw_bytes(t->in); }
void vm_tsvfile_sha256(vm_tsvfile *t, char hex[65]) { vm_instream_sha256(t->in, hex); }

void vm_tsvfile_close(vm_tsvfile *t) {
    if (!t) return;
    vm_linereader_free(t->lr);
    vm_instream_close(t->in);
    if (t->names)
        for (size_t i = 0; i < t->ncols; i++) free(t->names[i]);
    free(t->names);
    free(t->fields);
    free(t->lens);
    vm_buf_free(&t->row);
    free(t->path);
    free(t);
}
