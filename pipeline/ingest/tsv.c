/*
 * tsv.c - the TSV parser: a header line, then one record per line with
 * fields separated by TAB and escaped as in PostgreSQL COPY text format.
 *
 * \t \n \r \\ decode to TAB, LF, CR and backslash; any other backslash
 * escape keeps the character after the backslash (the same rule as the
 * stage files, via vm_tsv_unescape); a field that is exactly \N is null
 * (empty, present 0). A CR before the line feed is dropped. Empty lines
 * are skipped and counted. Rejects: a field count other than the
 * header's, a NUL byte, a line longer than max_record.
 */
#include "ingest/parser.h"
#include "common/tsv.h"

#include <string.h>

/* Splits and unescapes a line (CR already removed); returns the count. */
static size_t split_line(vm_reader *r, const char *p, size_t n) {
    vm_buf_grow(&r->out, 2 * n + 2);
    const char *end = p + n;
    size_t nf = 0;
    for (;;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        const char *stop = tab ? tab : end;
        size_t len = (size_t)(stop - p);
        vm_ingest_field_begin(r, nf);
        if (len == 2 && p[0] == '\\' && p[1] == 'N') {
            r->present[nf] = 0;
        } else {
            char *dst = r->out.data + r->out.len;
            memcpy(dst, p, len);
            r->out.len += vm_tsv_unescape(dst, len);
        }
        vm_ingest_field_end(r, nf++);
        if (!tab) return nf;
        p = tab + 1;
    }
}

/* Reads the next non-empty line; returns as vm_ingest_line (2: rec is a
 * too-long reject). */
static int next_line(vm_reader *r, vm_record *rec, const char **p, size_t *n, uint64_t *line, vm_error *err) {
    for (;;) {
        *line = r->line + 1;
        int rc = vm_ingest_line(r, rec, p, n, err);
        if (rc != 1) return rc;
        if (*n && (*p)[*n - 1] == '\r') (*n)--;
        if (*n) return 1;
        r->blank++;
    }
}

static int tsv_next(vm_reader *r, vm_record *rec, vm_error *err) {
    const char *p;
    size_t n;
    uint64_t line;
    int rc = next_line(r, rec, &p, &n, &line, err);
    if (rc != 1) return rc == 2 ? 1 : rc;
    vm_ingest_begin(r);
    size_t nf = split_line(r, p, n);
    if (memchr(p, '\0', n)) vm_ingest_reject(r, "NUL byte in record");
    else if (nf != r->ncols) vm_ingest_reject(r, "%zu fields, header has %zu", nf, r->ncols);
    vm_ingest_emit(r, rec, nf, line, p, n);
    return 1;
}

static int tsv_open(vm_reader *r, vm_error *err) {
    const char *p;
    size_t n;
    uint64_t line;
    vm_record rec;
    int rc = next_line(r, &rec, &p, &n, &line, err);
    if (rc < 0) return -1;
    if (rc == 0) return vm_fail(err, "%s: empty file, expected a header line", r->name);
    if (rc == 2)
        return vm_fail(err, "%s: line %llu: bad header: %s", r->name, (unsigned long long)rec.line, rec.reject);
    if (memchr(p, '\0', n))
        return vm_fail(err, "%s: line %llu: bad header: NUL byte in record", r->name, (unsigned long long)line);
    vm_ingest_begin(r);
    size_t nf = split_line(r, p, n);
    vm_ingest_set_header(r, nf);
    return 0;
}

const vm_format vm_format_tsv = {"tsv", tsv_open, tsv_next, NULL};
