/*
 * jsonl.c - the JSON Lines parser: one flat JSON object per line.
 *
 * Columns are the keys in order of first appearance. At open the lines in
 * the first 64 KiB are parsed once just to learn their keys, so the
 * columns are known before the first record; later keys append columns.
 * Only records that parse cleanly add columns (a key first seen in a
 * rejected record stays pending and is dropped).
 *
 * Values: strings are decoded (all escapes; \uXXXX with surrogate pairs,
 * a lone surrogate becomes U+FFFD); numbers keep their literal text;
 * true/false become "true"/"false"; null is absent (present 0). Raw
 * control characters and invalid UTF-8 inside strings are passed through.
 * Rejects: a nested object or array value, invalid JSON (reason and byte
 * column), a duplicate key, \u0000 or a raw NUL, more than
 * VM_READER_MAX_COLUMNS columns, a line longer than max_record.
 * Whitespace-only lines are skipped and counted.
 */
#include "ingest/parser.h"
#include "common/mem.h"
#include "common/strmap.h"

#include <stdlib.h>
#include <string.h>

#define LEARN_BYTES (64 * 1024)

typedef struct jsonl_state {
    vm_strmap *keys;        /* column name -> column index */
    vm_strmap *pending;     /* keys new in the current record, or NULL */
    uint64_t *seen;         /* seen[col] == stamp: key already in this record */
    size_t seen_cap;
    uint64_t stamp;
    vm_buf key;             /* decoded key with escapes */
} jsonl_state;

/* A cursor over one line. */
typedef struct jcur {
    vm_reader *r;
    jsonl_state *st;
    const char *line, *p, *e;
} jcur;

static size_t column_of(const jcur *c, const char *at) { return (size_t)(at - c->line) + 1; }

static int fail_at(jcur *c, const char *what, const char *at) {
    vm_ingest_reject(c->r, "invalid JSON: %s at column %zu", what, column_of(c, at));
    return -1;
}

static void skip_ws(jcur *c) {
    while (c->p < c->e && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n')) c->p++;
}

static int hex4(const char *p, const char *e, uint32_t *v) {
    if (e - p < 4) return -1;
    uint32_t x = 0;
    for (int i = 0; i < 4; i++) {
        char h = p[i];
        int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (d < 0) return -1;
        x = x << 4 | (uint32_t)d;
    }
    *v = x;
    return 0;
}

static size_t put_utf8(char *dst, uint32_t cp) {
    if (cp < 0x80) { dst[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | cp >> 6);
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | cp >> 12);
        dst[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | cp >> 18);
    dst[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    dst[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes \uXXXX (and a following low surrogate) at c->p, which points
 * at the 'u'; writes UTF-8 to dst and returns its length, or 0 on error. */
static size_t unicode_escape(jcur *c, char *dst) {
    uint32_t cp, lo;
    const char *at = c->p - 1;
    if (hex4(c->p + 1, c->e, &cp) < 0) {
        fail_at(c, "bad \\u escape", at);
        return 0;
    }
    c->p += 5;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (c->e - c->p >= 6 && c->p[0] == '\\' && c->p[1] == 'u' && hex4(c->p + 2, c->e, &lo) == 0 &&
            lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            c->p += 6;
        } else {
            cp = 0xFFFD;
        }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD;
    } else if (cp == 0) {
        vm_ingest_reject(c->r, "\\u0000 (NUL) in string at column %zu", column_of(c, at));
        return 0;
    }
    return put_utf8(dst, cp);
}

/* Parses the string whose opening quote is at c->p into dst (room for the
 * rest of the line reserved by the caller); sets *len. 0 or -1. */
static int parse_string(jcur *c, char *dst, size_t *len) {
    const char *open = c->p++;
    const char *q = NULL;
    char *o = dst;
    for (;;) {
        if (!q || q < c->p) {
            q = memchr(c->p, '"', (size_t)(c->e - c->p));
            if (!q) return fail_at(c, "unterminated string", open);
        }
        const char *b = memchr(c->p, '\\', (size_t)(q - c->p));
        const char *stop = b ? b : q;
        memcpy(o, c->p, (size_t)(stop - c->p));
        o += stop - c->p;
        c->p = stop + 1;
        if (!b) break;
        if (c->p == c->e) return fail_at(c, "unterminated string", open);
        char ch = *c->p, out;
        switch (ch) {
        case '"': case '\\': case '/': out = ch; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            size_t n = unicode_escape(c, o);
            if (n == 0) return -1;
            o += n;
            continue;
        }
        default: return fail_at(c, "bad escape", b);
        }
        *o++ = out;
        c->p++;
    }
    *len = (size_t)(o - dst);
    return 0;
}

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Moves c->p over a JSON number; 0 or -1. */
static int scan_number(jcur *c) {
    const char *start = c->p;
    if (c->p < c->e && *c->p == '-') c->p++;
    if (c->p < c->e && *c->p == '0') c->p++;
    else if (c->p < c->e && is_digit(*c->p)) while (c->p < c->e && is_digit(*c->p)) c->p++;
    else return fail_at(c, "bad number", start);
    if (c->p < c->e && *c->p == '.') {
        c->p++;
        if (c->p == c->e || !is_digit(*c->p)) return fail_at(c, "bad number", start);
        while (c->p < c->e && is_digit(*c->p)) c->p++;
    }
    if (c->p < c->e && (*c->p == 'e' || *c->p == 'E')) {
        c->p++;
        if (c->p < c->e && (*c->p == '+' || *c->p == '-')) c->p++;
        if (c->p == c->e || !is_digit(*c->p)) return fail_at(c, "bad number", start);
        while (c->p < c->e && is_digit(*c->p)) c->p++;
    }
    return 0;
}

static void grow_seen(jsonl_state *st, size_t n) {
    if (n <= st->seen_cap) return;
    size_t cap = st->seen_cap ? st->seen_cap * 2 : 64;
    while (cap < n) cap *= 2;
    st->seen = vm_xrealloc(st->seen, cap * sizeof *st->seen);
    memset(st->seen + st->seen_cap, 0, (cap - st->seen_cap) * sizeof *st->seen);
    st->seen_cap = cap;
}

/* The column of a key, trying the column after the previous key first;
 * a new key becomes a pending column after the known ones. Returns -1 if
 * that would exceed VM_READER_MAX_COLUMNS. */
static long column_for(jcur *c, const char *k, size_t klen, size_t *expect) {
    vm_reader *r = c->r;
    jsonl_state *st = c->st;
    size_t nlen;
    if (*expect < r->ncols) {
        const char *name = vm_strmap_key(st->keys, (long)*expect, &nlen);
        if (nlen == klen && memcmp(name, k, klen) == 0) return (long)(*expect)++;
    }
    long col = vm_strmap_find(st->keys, k, klen);
    if (col >= 0) {
        *expect = (size_t)col + 1;
        return col;
    }
    if (!st->pending) st->pending = vm_strmap_new();
    int added;
    col = (long)r->ncols + vm_strmap_intern(st->pending, k, klen, &added);
    if (added) {
        if ((size_t)col >= VM_READER_MAX_COLUMNS) return -1;
        vm_ingest_fields_grow(r, (size_t)col + 1);
        r->off[col] = r->flen[col] = 0;
        r->present[col] = 0;
        grow_seen(st, (size_t)col + 1);
    }
    return col;
}

/* A key for messages: at most 40 bytes, cut at a character boundary. */
static int key_excerpt(const char *k, size_t klen) {
    if (klen <= 40) return (int)klen;
    size_t n = 40;
    while (n > 0 && ((unsigned char)k[n] & 0xC0) == 0x80) n--;
    return (int)n;
}

static int parse_value(jcur *c, long col, const char *k, size_t klen) {
    vm_reader *r = c->r;
    const char *at = c->p;
    if (at == c->e) return fail_at(c, "missing value", at);
    switch (*at) {
    case '"': {
        size_t len;
        vm_ingest_field_begin(r, (size_t)col);
        if (parse_string(c, r->out.data + r->out.len, &len) < 0) return -1;
        r->out.len += len;
        vm_ingest_field_end(r, (size_t)col);
        return 0;
    }
    case '{': case '[':
        vm_ingest_reject(r, "nested value for key \"%.*s\"", key_excerpt(k, klen), k);
        return -1;
    case 't': case 'f': case 'n': {
        static const char *const words[] = {"true", "false", "null"};
        const char *w = words[*at == 't' ? 0 : *at == 'f' ? 1 : 2];
        size_t wl = strlen(w);
        if ((size_t)(c->e - at) < wl || memcmp(at, w, wl) != 0) return fail_at(c, "bad literal", at);
        c->p += wl;
        if (*at == 'n') return 0;
        vm_ingest_field_begin(r, (size_t)col);
        vm_ingest_put(r, w, wl);
        vm_ingest_field_end(r, (size_t)col);
        return 0;
    }
    default:
        if (*at != '-' && !is_digit(*at)) return fail_at(c, "unexpected character", at);
        if (scan_number(c) < 0) return -1;
        vm_ingest_field_begin(r, (size_t)col);
        vm_ingest_put(r, at, (size_t)(c->p - at));
        vm_ingest_field_end(r, (size_t)col);
        return 0;
    }
}

/* Parses one member ("key": value); 0 or -1 (reject set). */
static int parse_member(jcur *c, size_t *expect) {
    jsonl_state *st = c->st;
    if (c->p == c->e || *c->p != '"') return fail_at(c, "expected a string key", c->p);
    const char *kraw = c->p + 1, *k;
    size_t klen;
    const char *q = memchr(kraw, '"', (size_t)(c->e - kraw));
    if (q && !memchr(kraw, '\\', (size_t)(q - kraw))) {
        k = kraw;
        klen = (size_t)(q - kraw);
        c->p = q + 1;
    } else {
        vm_buf_reset(&st->key);
        vm_buf_grow(&st->key, (size_t)(c->e - c->p));
        if (parse_string(c, st->key.data, &klen) < 0) return -1;
        k = st->key.data;
    }
    skip_ws(c);
    if (c->p == c->e || *c->p != ':') return fail_at(c, "expected ':'", c->p);
    c->p++;
    skip_ws(c);
    long col = column_for(c, k, klen, expect);
    if (col < 0) {
        vm_ingest_reject(c->r, "more than %d distinct keys", VM_READER_MAX_COLUMNS);
        return -1;
    }
    if (st->seen[col] == st->stamp) {
        vm_ingest_reject(c->r, "duplicate key \"%.*s\"", key_excerpt(k, klen), k);
        return -1;
    }
    st->seen[col] = st->stamp;
    return parse_value(c, col, k, klen);
}

/* Parses the object on a line into the field slots; 0 or -1 (reject). */
static int parse_object(vm_reader *r, jsonl_state *st, const char *line, size_t n) {
    jcur c = {r, st, line, line, line + n};
    st->stamp++;
    grow_seen(st, r->ncols);
    vm_buf_grow(&r->out, 2 * n + 2);
    for (size_t i = 0; i < r->ncols; i++) {
        r->off[i] = r->flen[i] = 0;
        r->present[i] = 0;
    }
    if (memchr(line, '\0', n)) {
        vm_ingest_reject(r, "NUL byte in record");
        return -1;
    }
    skip_ws(&c);
    if (c.p == c.e || *c.p != '{') return fail_at(&c, "expected '{'", c.p);
    c.p++;
    skip_ws(&c);
    size_t expect = 0;
    if (c.p < c.e && *c.p == '}') {
        c.p++;
    } else {
        for (;;) {
            if (parse_member(&c, &expect) < 0) return -1;
            skip_ws(&c);
            if (c.p < c.e && *c.p == ',') {
                c.p++;
                skip_ws(&c);
                continue;
            }
            if (c.p < c.e && *c.p == '}') {
                c.p++;
                break;
            }
            return fail_at(&c, "expected ',' or '}'", c.p);
        }
    }
    skip_ws(&c);
    if (c.p != c.e) return fail_at(&c, "text after the object", c.p);
    return 0;
}

/* Makes the pending keys of an accepted record columns (or drops them). */
static void settle_pending(vm_reader *r, jsonl_state *st, int accept) {
    if (!st->pending) return;
    if (accept) {
        size_t n = vm_strmap_size(st->pending);
        for (size_t i = 0; i < n; i++) {
            size_t len;
            const char *k = vm_strmap_key(st->pending, (long)i, &len);
            vm_strmap_intern(st->keys, k, len, NULL);
            vm_ingest_add_column(r, k, len);
        }
    }
    vm_strmap_free(st->pending);
    st->pending = NULL;
}

static int is_blank(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r') return 0;
    return 1;
}

static int jsonl_next(vm_reader *r, vm_record *rec, vm_error *err) {
    jsonl_state *st = r->state;
    for (;;) {
        uint64_t line = r->line + 1;
        const char *p;
        size_t n;
        int rc = vm_ingest_line(r, rec, &p, &n, err);
        if (rc != 1) return rc == 2 ? 1 : rc;
        if (is_blank(p, n)) {
            r->blank++;
            continue;
        }
        vm_ingest_begin(r);
        int ok = parse_object(r, st, p, n) == 0;
        settle_pending(r, st, ok);
        vm_ingest_emit(r, rec, ok ? r->ncols : 0, line, p, n);
        return 1;
    }
}

/* Learns the keys of the lines that end within the first 64 KiB. */
static void learn_columns(vm_reader *r, jsonl_state *st) {
    size_t limit = r->len < LEARN_BYTES ? r->len : LEARN_BYTES;
    size_t pos = r->pos;
    while (pos < limit) {
        const char *p = r->buf + pos;
        const char *nl = memchr(p, '\n', limit - pos);
        if (!nl && !(r->eof && r->len <= LEARN_BYTES)) break;
        size_t n = nl ? (size_t)(nl - p) : limit - pos;
        pos += n + 1;
        if (n > r->max_record || is_blank(p, n)) continue;
        vm_ingest_begin(r);
        settle_pending(r, st, parse_object(r, st, p, n) == 0);
    }
}

static void jsonl_close(vm_reader *r) {
    jsonl_state *st = r->state;
    if (!st) return;
    vm_strmap_free(st->keys);
    vm_strmap_free(st->pending);
    free(st->seen);
    vm_buf_free(&st->key);
    free(st);
}

static int jsonl_open(vm_reader *r, vm_error *err) {
    jsonl_state *st = vm_xcalloc(1, sizeof *st);
    st->keys = vm_strmap_new();
    r->state = st;
    learn_columns(r, st);
    return 0;
}

const vm_format vm_format_jsonl = {"jsonl", jsonl_open, jsonl_next, jsonl_close};
