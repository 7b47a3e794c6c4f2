/*
 * csv.c - the CSV parser (RFC 4180, as exported by spreadsheets and
 * databases).
 *
 * A record ends at a line feed outside quotes ("\r\n" or "\n"; a CR
 * elsewhere is data). A field that starts with '"' is quoted: commas,
 * line breaks and doubled quotes inside it are data. Leniencies: a quote
 * inside an unquoted field is a literal character, and text after a
 * closing quote is appended to the field. Header names are trimmed; data
 * fields are kept exactly. Lines that are empty are skipped and counted.
 *
 * Rejects: a field count other than the header's; an unterminated quote
 * at end of file; a NUL byte; a record longer than max_record, after which
 * parsing resumes at the first line start past the limit, so one stray
 * quote costs at most max_record bytes of the export.
 *
 * Speed: most lines hold no quote, so a record is first tried as one line
 * split with memchr; only lines with a quote take the quote-aware path.
 * A record that does not fit in the window is parsed again from its start
 * after the window grows (rare: the window is at least 256 KiB).
 */
#include "ingest/parser.h"

#include <string.h>

/* Where one parsed record lies in the window. */
typedef struct csv_span {
    size_t nfields;
    size_t raw_len;      /* record bytes, without the line terminator */
    size_t consumed;     /* record bytes and terminator */
} csv_span;

enum { CSV_MORE = 0, CSV_DONE = 1 };

/* Splits a line without quotes at commas; n excludes the '\n'. */
static void split_simple(vm_reader *r, const char *p, size_t n, csv_span *s) {
    vm_buf_grow(&r->out, 2 * n + 2);
    if (n && p[n - 1] == '\r') n--;
    const char *end = p + n;
    size_t nf = 0;
    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        vm_ingest_field_begin(r, nf);
        vm_ingest_put(r, p, (size_t)(stop - p));
        vm_ingest_field_end(r, nf++);
        if (!comma) break;
        p = comma + 1;
    }
    s->nfields = nf;
    s->raw_len = n;
}

/* The quote-aware path over the whole window from pos. */
static int parse_quoted(vm_reader *r, csv_span *s) {
    const char *p = r->buf + r->pos, *e = r->buf + r->len, *i = p;
    const char *nl = NULL;   /* next '\n' at or after i, or e */
    int eof = r->eof;
    size_t nf = 0;
    vm_buf_grow(&r->out, 2 * (size_t)(e - p) + 2);
    for (;;) {
        vm_ingest_field_begin(r, nf);
        if (i < e && *i == '"') {
            for (i++;;) {
                const char *q = memchr(i, '"', (size_t)(e - i));
                if (!q) {
                    if (!eof) return CSV_MORE;
                    vm_ingest_put(r, i, (size_t)(e - i));
                    vm_ingest_field_end(r, nf++);
                    vm_ingest_reject(r, "unterminated quoted field at end of file");
                    s->nfields = nf;
                    s->raw_len = s->consumed = (size_t)(e - p);
                    return CSV_DONE;
                }
                vm_ingest_put(r, i, (size_t)(q - i));
                if (q + 1 == e && !eof) return CSV_MORE;
                i = q + 1;
                if (i == e || *i != '"') break;
                vm_ingest_put(r, i++, 1);
            }
        }
        if (!nl || nl < i) {
            nl = memchr(i, '\n', (size_t)(e - i));
            if (!nl) nl = e;
        }
        const char *comma = memchr(i, ',', (size_t)(nl - i));
        if (!comma && nl == e && !eof) return CSV_MORE;
        const char *stop = comma ? comma : nl;
        size_t n = (size_t)(stop - i);
        if (!comma && n && i[n - 1] == '\r') n--;
        vm_ingest_put(r, i, n);
        vm_ingest_field_end(r, nf++);
        if (comma) {
            i = comma + 1;
            continue;
        }
        s->nfields = nf;
        s->raw_len = (size_t)(i + n - p);
        s->consumed = (size_t)(nl - p) + (nl < e);
        return CSV_DONE;
    }
}

/* Parses the record at pos if the window holds all of it. */
static int parse_record(vm_reader *r, csv_span *s) {
    const char *p = r->buf + r->pos;
    size_t avail = r->len - r->pos;
    const char *nl = memchr(p, '\n', avail);
    if (!nl && !r->eof) return CSV_MORE;
    size_t n = nl ? (size_t)(nl - p) : avail;
    if (memchr(p, '"', n)) return parse_quoted(r, s);
    split_simple(r, p, n, s);
    s->consumed = n + (nl != NULL);
    return CSV_DONE;
}

/* Skips empty lines at pos; returns 1 at a record, 0 at the end, -1. */
static int skip_blank(vm_reader *r, vm_error *err) {
    for (;;) {
        if (r->len - r->pos < 2 && !r->eof) {
            if (vm_ingest_fill(r, err) < 0) return -1;
            continue;
        }
        if (r->pos == r->len) return 0;
        const char *p = r->buf + r->pos;
        size_t avail = r->len - r->pos, n;
        if (p[0] == '\n') n = 1;
        else if (p[0] == '\r' && avail >= 2 && p[1] == '\n') n = 2;
        else if (p[0] == '\r' && avail == 1) n = 1;   /* a lone CR at the end */
        else n = 0;
        if (n == 0) return 1;
        r->pos += n;
        r->line += p[n - 1] == '\n';
        r->blank++;
    }
}

static const char *too_long_why(const vm_reader *r) {
    size_t n = r->len - r->pos < r->max_record ? r->len - r->pos : r->max_record;
    return memchr(r->buf + r->pos, '"', n) ? " (unbalanced quote?)" : "";
}

/* Reads the next record into the field slots and *s, consuming it.
 * Returns 1 with a record, 2 if rec already holds a too-long reject, 0 at
 * the end, -1 on error. */
static int read_record(vm_reader *r, vm_record *rec, csv_span *s, uint64_t *line, const char **raw,
                       vm_error *err) {
    for (;;) {
        int b = skip_blank(r, err);
        if (b <= 0) return b;
        vm_ingest_begin(r);
        if (parse_record(r, s) == CSV_MORE) {
            if (r->len - r->pos > r->max_record + 2)
                return vm_ingest_skip_long(r, rec, too_long_why(r), err) < 0 ? -1 : 2;
            if (vm_ingest_fill(r, err) < 0) return -1;
            continue;
        }
        if (s->raw_len > r->max_record)
            return vm_ingest_skip_long(r, rec, too_long_why(r), err) < 0 ? -1 : 2;
        *line = r->line + 1;
        *raw = r->buf + r->pos;
        if (!r->reject[0] && memchr(*raw, '\0', s->consumed)) vm_ingest_reject(r, "NUL byte in record");
        r->line += vm_ingest_count_nl(*raw, s->consumed);
        r->pos += s->consumed;
        return 1;
    }
}

static int csv_next(vm_reader *r, vm_record *rec, vm_error *err) {
    csv_span s;
    uint64_t line;
    const char *raw;
    int rc = read_record(r, rec, &s, &line, &raw, err);
    if (rc != 1) return rc == 2 ? 1 : rc;
    if (!r->reject[0] && s.nfields != r->ncols)
        vm_ingest_reject(r, "%zu fields, header has %zu", s.nfields, r->ncols);
    vm_ingest_emit(r, rec, s.nfields, line, raw, s.raw_len);
    return 1;
}

static int csv_open(vm_reader *r, vm_error *err) {
    csv_span s;
    uint64_t line;
    const char *raw;
    vm_record rec;
    int rc = read_record(r, &rec, &s, &line, &raw, err);
    if (rc < 0) return -1;
    if (rc == 0) return vm_fail(err, "%s: empty file, expected a header line", r->name);
    if (rc == 2)
        return vm_fail(err, "%s: line %llu: bad header: %s", r->name, (unsigned long long)rec.line, rec.reject);
    if (r->reject[0])
        return vm_fail(err, "%s: line %llu: bad header: %s", r->name, (unsigned long long)line, r->reject);
    vm_ingest_set_header(r, s.nfields);
    return 0;
}

const vm_format vm_format_csv = {"csv", csv_open, csv_next, NULL};
