/*
 * reader.c - the ingest front end: opening, encoding and format sniffing,
 * the input window, and the record plumbing the format parsers share
 * (see reader.h for the contract, parser.h for the internals).
 *
 * Invariants: the window only grows while one record is being assembled,
 * and a record is rejected once it is longer than max_record, so the
 * window never exceeds about 4 * max_record + 2 read chunks (and out
 * twice that), whatever the input size. out.data[0] is NUL after
 * vm_ingest_begin.
 */
#include "ingest/reader.h"
#include "ingest/parser.h"
#include "common/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define READ_CHUNK (256 * 1024)
#define SNIFF_BYTES (64 * 1024)
#define READ_MIN_ROOM 64   /* the transcoder needs room for a character */

/* ---- window ---- */

static long source_read(vm_reader *r, char *dst, size_t cap, vm_error *err) {
    if (r->tc) return vm_transcoder_read(r->tc, r->in, dst, cap, err);
    return vm_instream_read(r->in, dst, cap, err);
}

int vm_ingest_fill(vm_reader *r, vm_error *err) {
    if (r->eof) return 0;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->dropped += r->pos;
        r->len -= r->pos;
        r->pos = 0;
    }
    /* Read at least as much as is held, so a long record is re-scanned a
     * logarithmic number of times. */
    size_t want = r->len > READ_CHUNK ? r->len : READ_CHUNK;
    if (r->cap - r->len < want + READ_MIN_ROOM) {
        size_t need = r->len + want + READ_MIN_ROOM;
        r->cap = r->cap * 2 > need ? r->cap * 2 : need;
        r->buf = vm_xrealloc(r->buf, r->cap);
    }
    size_t got = 0;
    while (got < want && r->cap - r->len >= READ_MIN_ROOM) {
        long n = source_read(r, r->buf + r->len, r->cap - r->len, err);
        if (n < 0) return -1;
        if (n == 0) {
            r->eof = 1;
            break;
        }
        r->len += (size_t)n;
        got += (size_t)n;
    }
    return got > 0;
}

/* ---- record plumbing ---- */

void vm_ingest_fields_grow(vm_reader *r, size_t n) {
    if (n <= r->fcap) return;
    size_t cap = r->fcap ? r->fcap : 16;
    while (cap < n) cap *= 2;
    r->off = vm_xrealloc(r->off, cap * sizeof *r->off);
    r->flen = vm_xrealloc(r->flen, cap * sizeof *r->flen);
    r->present = vm_xrealloc(r->present, cap * sizeof *r->present);
    r->ptr = vm_xrealloc(r->ptr, cap * sizeof *r->ptr);
    r->fcap = cap;
}

void vm_ingest_add_column(vm_reader *r, const char *name, size_t len) {
    if (r->ncols == r->names_cap) {
        r->names_cap = r->names_cap ? r->names_cap * 2 : 16;
        r->names = vm_xrealloc(r->names, r->names_cap * sizeof *r->names);
    }
    r->names[r->ncols++] = vm_xstrndup(name, len);
    vm_ingest_fields_grow(r, r->ncols);
}

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

void vm_ingest_set_header(vm_reader *r, size_t nfields) {
    for (size_t i = 0; i < nfields; i++) {
        const char *name = r->out.data + r->off[i];
        size_t n = r->flen[i];
        while (n && is_space(*name)) name++, n--;
        while (n && is_space(name[n - 1])) n--;
        vm_ingest_add_column(r, name, n);
    }
}

void vm_ingest_begin(vm_reader *r) {
    vm_buf_reset(&r->out);
    vm_buf_putc(&r->out, '\0');
    r->reject[0] = '\0';
}

void vm_ingest_reject(vm_reader *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reject, sizeof r->reject, fmt, ap);
    va_end(ap);
}

void vm_ingest_emit(vm_reader *r, vm_record *rec, size_t nset, uint64_t line,
                    const char *raw, size_t raw_len) {
    vm_ingest_fields_grow(r, r->ncols);
    for (size_t i = nset; i < r->ncols; i++) {
        r->off[i] = 0;
        r->flen[i] = 0;
        r->present[i] = 0;
    }
    for (size_t i = 0; i < r->ncols; i++) r->ptr[i] = r->out.data + r->off[i];
    rec->row = ++r->row;
    rec->line = line;
    rec->nfields = r->ncols;
    rec->fields = r->ptr;
    rec->lens = r->flen;
    rec->present = r->present;
    rec->reject = r->reject[0] ? r->reject : NULL;
    rec->raw = raw;
    rec->raw_len = raw_len < VM_READER_RAW_KEEP ? raw_len : VM_READER_RAW_KEEP;
}

/* Skips to the first line start at or after pos + skip; 0 or -1. */
static int skip_to_line_start(vm_reader *r, size_t skip, vm_error *err) {
    int at_line_start = 0;
    while (skip > 0) {
        if (r->pos == r->len) {
            int f = vm_ingest_fill(r, err);
            if (f <= 0) return f;
        }
        size_t take = r->len - r->pos < skip ? r->len - r->pos : skip;
        r->line += vm_ingest_count_nl(r->buf + r->pos, take);
        at_line_start = r->buf[r->pos + take - 1] == '\n';
        r->pos += take;
        skip -= take;
    }
    while (!at_line_start) {
        char *nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
        if (nl) {
            r->pos = (size_t)(nl - r->buf) + 1;
            r->line++;
            break;
        }
        r->pos = r->len;
        int f = vm_ingest_fill(r, err);
        if (f <= 0) return f;
    }
    return 0;
}

int vm_ingest_skip_long(vm_reader *r, vm_record *rec, const char *why, vm_error *err) {
    uint64_t line = r->line + 1;
    size_t keep = r->len - r->pos < VM_READER_RAW_KEEP ? r->len - r->pos : VM_READER_RAW_KEEP;
    vm_buf_reset(&r->rawcopy);
    vm_buf_append(&r->rawcopy, r->buf + r->pos, keep);
    vm_ingest_begin(r);
    vm_ingest_reject(r, "record longer than %zu bytes%s", r->max_record, why);
    if (skip_to_line_start(r, r->max_record, err) < 0) return -1;
    vm_ingest_emit(r, rec, 0, line, r->rawcopy.data, r->rawcopy.len);
    return 0;
}

int vm_ingest_line(vm_reader *r, vm_record *rec, const char **line, size_t *len, vm_error *err) {
    for (;;) {
        const char *p = r->buf + r->pos;
        size_t avail = r->len - r->pos;
        const char *nl = avail ? memchr(p, '\n', avail) : NULL;
        size_t n = nl ? (size_t)(nl - p) : avail;
        if (n > r->max_record) return vm_ingest_skip_long(r, rec, "", err) < 0 ? -1 : 2;
        if (nl || (r->eof && avail > 0)) {
            *line = p;
            *len = n;
            r->pos += nl ? n + 1 : n;
            r->line++;
            return 1;
        }
        if (r->eof) return 0;
        if (vm_ingest_fill(r, err) < 0) return -1;
    }
}

/* ---- opening ---- */

static const vm_format *format_by_name(const char *name) {
    if (strcmp(name, "csv") == 0) return &vm_format_csv;
    if (strcmp(name, "tsv") == 0) return &vm_format_tsv;
    if (strcmp(name, "jsonl") == 0) return &vm_format_jsonl;
    return NULL;
}

/* The format the file name suggests (".gz" ignored), or NULL. */
static const vm_format *format_by_extension(const char *name) {
    size_t n = strlen(name);
    if (n > 3 && strcasecmp(name + n - 3, ".gz") == 0) n -= 3;
    size_t dot = n;
    while (dot > 0 && name[dot - 1] != '.' && name[dot - 1] != '/') dot--;
    if (dot == 0 || name[dot - 1] != '.') return NULL;
    const char *ext = name + dot;
    size_t elen = n - dot;
    static const struct { const char *ext; const vm_format *fmt; } table[] = {
        {"csv", &vm_format_csv}, {"tsv", &vm_format_tsv}, {"tab", &vm_format_tsv},
        {"jsonl", &vm_format_jsonl}, {"ndjson", &vm_format_jsonl}, {"json", &vm_format_jsonl},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strlen(table[i].ext) == elen && strncasecmp(ext, table[i].ext, elen) == 0) return table[i].fmt;
    return NULL;
}

/* A '{' first means JSON Lines; a header line with more tabs than commas
 * means TSV; more commas means CSV; the extension decides a tie. */
static const vm_format *detect_format(const char *p, size_t n, const char *name) {
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    if (i < n && p[i] == '{') return &vm_format_jsonl;
    const char *nl = memchr(p + i, '\n', n - i);
    const char *end = nl ? nl : p + n;
    size_t tabs = 0, commas = 0;
    for (const char *c = p + i; c < end; c++) {
        tabs += *c == '\t';
        commas += *c == ',';
    }
    if (tabs != commas) return tabs > commas ? &vm_format_tsv : &vm_format_csv;
    const vm_format *by_ext = format_by_extension(name);
    return by_ext ? by_ext : &vm_format_csv;
}

/* Sets up encoding and format and reads the header; takes ownership of
 * in; closes everything and returns NULL on failure. */
static vm_reader *open_stream(vm_instream *in, const vm_reader_opts *opts, vm_error *err) {
    vm_reader *r = vm_xcalloc(1, sizeof *r);
    r->in = in;
    r->name = vm_xstrdup(vm_instream_path(in));
    r->max_record = opts && opts->max_record_bytes ? opts->max_record_bytes : VM_READER_DEFAULT_MAX_RECORD;
    vm_ingest_begin(r);
    const char *encoding = opts ? opts->encoding : NULL;
    if (encoding && !vm_encoding_is_utf8(encoding)) {
        r->tc = vm_transcoder_new(encoding, err);
        if (!r->tc) goto fail_prefixed;
    }
    if (opts && opts->format && !(r->fmt = format_by_name(opts->format))) {
        vm_fail(err, "unknown format '%s' (expected csv, tsv or jsonl)", opts->format);
        goto fail_prefixed;
    }
    while (r->len < SNIFF_BYTES && !r->eof)
        if (vm_ingest_fill(r, err) < 0) goto fail;
    size_t head = r->len < SNIFF_BYTES ? r->len : SNIFF_BYTES;
    const char *label, *suggest;
    if (!encoding && vm_sniff_encoding(r->buf, head, r->eof && r->len <= SNIFF_BYTES, &label, &suggest)) {
        vm_fail(err, "%s: input is not UTF-8 (it looks like %s); rerun with --encoding %s", r->name, label, suggest);
        goto fail;
    }
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
    if (!r->fmt) r->fmt = detect_format(r->buf + r->pos, head - r->pos, r->name);
    if (r->fmt->open(r, err) < 0) goto fail;
    return r;
fail_prefixed:
    vm_fail_prefix(err, "%s: ", r->name);
fail:
    vm_reader_close(r);
    return NULL;
}

vm_reader *vm_reader_open(const char *path, const vm_reader_opts *opts, vm_error *err) {
    vm_instream *in = vm_instream_open(path, err);
    return in ? open_stream(in, opts, err) : NULL;
}

vm_reader *vm_reader_open_mem(const void *data, size_t len, const char *name,
                              const vm_reader_opts *opts, vm_error *err) {
    vm_instream *in = vm_instream_open_mem(data, len, name, err);
    return in ? open_stream(in, opts, err) : NULL;
}

/* ---- the rest of the public API ---- */

const char *vm_reader_format(const vm_reader *r) { return r->fmt->name; }
size_t vm_reader_ncols(const vm_reader *r) { return r->ncols; }
const char *vm_reader_colname(const vm_reader *r, size_t i) { return i < r->ncols ? r->names[i] : NULL; }

int vm_reader_next(vm_reader *r, vm_record *rec, vm_error *err) {
    return r->fmt->next(r, rec, err);
}

uint64_t vm_reader_bytes(const vm_reader *r) { return r->dropped + r->pos; }
uint64_t vm_reader_raw_bytes(const vm_reader *r) { return vm_instream_raw_bytes(r->in); }
void vm_reader_sha256(vm_reader *r, char hex[65]) { vm_instream_sha256(r->in, hex); }
uint64_t vm_reader_transcode_errors(const vm_reader *r) { return r->tc ? vm_transcoder_errors(r->tc) : 0; }
uint64_t vm_reader_blank_lines(const vm_reader *r) { return r->blank; }

void vm_reader_close(vm_reader *r) {
    if (!r) return;
    if (r->fmt && r->fmt->close) r->fmt->close(r);
    for (size_t i = 0; i < r->ncols; i++) free(r->names[i]);
    free(r->names);
    vm_buf_free(&r->out);
    vm_buf_free(&r->rawcopy);
    free(r->off);
    free(r->flen);
    free(r->present);
    free(r->ptr);
    free(r->buf);
    vm_transcoder_free(r->tc);
    vm_instream_close(r->in);
    free(r->name);
    free(r);
}
