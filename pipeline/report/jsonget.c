/*
 * jsonget.c - validating skipper and field lookup for stored JSON (see
 * jsonget.h). Every function is bounded by the given length and by a
 * nesting depth limit, so hostile text cannot overrun or recurse deeply.
 */
#include "report/jsonget.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct cursor {
    const char *s;
    size_t n, i;
} cursor;

static void skip_ws(cursor *c) {
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' || c->s[c->i] == '\r'))
        c->i++;
}

static int hexval(char h) {
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
    return -1;
}

static int read_hex4(cursor *c, int32_t *out) {
    if (c->n - c->i < 4) return -1;
    int32_t v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(c->s[c->i + (size_t)k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    c->i += 4;
    *out = v;
    return 0;
}

/* Parses a string at c->i (a '"'); appends its value to out if non-NULL. */
static int parse_string(cursor *c, vm_buf *out) {
    if (c->i >= c->n || c->s[c->i] != '"') return -1;
    c->i++;
    while (c->i < c->n) {
        unsigned char ch = (unsigned char)c->s[c->i];
        if (ch == '"') {
            c->i++;
            return 0;
        }
        if (ch < 0x20) return -1;
        if (ch != '\\') {
            if (out) vm_buf_putc(out, (char)ch);
            c->i++;
            continue;
        }
        if (++c->i >= c->n) return -1;
        char e = c->s[c->i++];
        int32_t cp;
        switch (e) {
        case '"': case '\\': case '/': cp = e; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            if (read_hex4(c, &cp) != 0) return -1;
            if (cp >= 0xD800 && cp <= 0xDBFF && c->n - c->i >= 6 && c->s[c->i] == '\\' && c->s[c->i + 1] == 'u') {
                cursor save = *c;
                int32_t lo;
                c->i += 2;
                if (read_hex4(c, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF)
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                else
                    *c = save;
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
            break;
        default: return -1;
        }
        if (out) vm_buf_put_utf8(out, cp);
    }
    return -1;
}

static int parse_number(cursor *c) {
    size_t start = c->i;
    if (c->i < c->n && c->s[c->i] == '-') c->i++;
    size_t digits = c->i;
    while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') c->i++;
    if (c->i == digits) return -1;
    if (c->i < c->n && c->s[c->i] == '.') {
        size_t frac = ++c->i;
        while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') c->i++;
        if (c->i == frac) return -1;
    }
    if (c->i < c->n && (c->s[c->i] == 'e' || c->s[c->i] == 'E')) {
        c->i++;
        if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-')) c->i++;
        size_t exp = c->i;
        while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9') c->i++;
        if (c->i == exp) return -1;
    }
    return c->i > start ? 0 : -1;
}

static int parse_literal(cursor *c, const char *word) {
    size_t len = strlen(word);
    if (c->n - c->i < len || memcmp(c->s + c->i, word, len) != 0) return -1;
    c->i += len;
    return 0;
}

static int skip_value(cursor *c, int depth);

/* Object or array body after the opening bracket. */
static int skip_container(cursor *c, int depth, char close, int keyed) {
    skip_ws(c);
    if (c->i < c->n && c->s[c->i] == close) {
        c->i++;
        return 0;
    }
    for (;;) {
        skip_ws(c);
        if (keyed) {
            if (parse_string(c, NULL) != 0) return -1;
            skip_ws(c);
            if (c->i >= c->n || c->s[c->i] != ':') return -1;
            c->i++;
        }
        if (skip_value(c, depth + 1) != 0) return -1;
        skip_ws(c);
        if (c->i >= c->n) return -1;
        char ch = c->s[c->i++];
        if (ch == close) return 0;
        if (ch != ',') return -1;
    }
}

static int skip_value(cursor *c, int depth) {
    if (depth > MAX_DEPTH) return -1;
    skip_ws(c);
    if (c->i >= c->n) return -1;
    switch (c->s[c->i]) {
    case '{': c->i++; return skip_container(c, depth, '}', 1);
    case '[': c->i++; return skip_container(c, depth, ']', 0);
    case '"': return parse_string(c, NULL);
    case 't': return parse_literal(c, "true");
    case 'f': return parse_literal(c, "false");
    case 'n': return parse_literal(c, "null");
    default: return parse_number(c);
    }
}

int vm_jsonget_valid(const char *text, size_t len) {
    cursor c = {text, len, 0};
    if (skip_value(&c, 0) != 0) return 0;
    skip_ws(&c);
    return c.i == c.n;
}

const char *vm_jsonget_raw(const char *text, size_t len, const char *key, size_t *vlen) {
    cursor c = {text, len, 0};
    skip_ws(&c);
    if (c.i >= c.n || c.s[c.i] != '{') return NULL;
    c.i++;
    skip_ws(&c);
    if (c.i < c.n && c.s[c.i] == '}') return NULL;
    vm_buf name = {0};
    const char *found = NULL;
    for (;;) {
        skip_ws(&c);
        vm_buf_reset(&name);
        if (parse_string(&c, &name) != 0) break;
        skip_ws(&c);
        if (c.i >= c.n || c.s[c.i] != ':') break;
        c.i++;
        skip_ws(&c);
        size_t start = c.i;
        if (skip_value(&c, 1) != 0) break;
        if (name.data && strcmp(name.data, key) == 0 && name.len == strlen(key)) {
            found = text + start;
            *vlen = c.i - start;
            break;
        }
        skip_ws(&c);
        if (c.i >= c.n || c.s[c.i] != ',') break;
        c.i++;
    }
    vm_buf_free(&name);
    return found;
}

int vm_jsonget_num(const char *text, size_t len, const char *key, double *out) {
    size_t vlen;
    const char *v = vm_jsonget_raw(text, len, key, &vlen);
    if (!v || vlen == 0 || vlen > 63) return -1;
    cursor c = {v, vlen, 0};
    if (parse_number(&c) != 0 || c.i != vlen) return -1;
    char tmp[64];
    memcpy(tmp, v, vlen);
    tmp[vlen] = '\0';
    *out = strtod(tmp, NULL);
    return 0;
}

int vm_jsonget_unescape(const char *raw, size_t len, vm_buf *out) {
    cursor c = {raw, len, 0};
    size_t mark = out->len;
    if (parse_string(&c, out) != 0) {
        vm_buf_truncate(out, mark);
        return -1;
    }
    return 0;
}

int vm_jsonget_str(const char *text, size_t len, const char *key, vm_buf *out) {
    size_t vlen;
    const char *v = vm_jsonget_raw(text, len, key, &vlen);
    if (!v) return -1;
    return vm_jsonget_unescape(v, vlen, out);
}

int vm_jsonget_array_next(const char *raw, size_t len, size_t *pos, const char **v, size_t *vlen) {
    cursor c = {raw, len, *pos};
    if (c.i == 0) {
        skip_ws(&c);
        if (c.i >= c.n || c.s[c.i] != '[') return -1;
        c.i++;
    } else if (c.i >= c.n) {
        return 0;
    }
    skip_ws(&c);
    if (c.i < c.n && c.s[c.i] == ']') {
        *pos = c.n;
        return 0;
    }
    size_t start = c.i;
    if (skip_value(&c, 1) != 0) return -1;
    *v = raw + start;
    *vlen = c.i - start;
    skip_ws(&c);
    if (c.i >= c.n) return -1;
    if (c.s[c.i] == ',') c.i++;
    else if (c.s[c.i] == ']') c.i = c.n;
    else return -1;
    *pos = c.i;
    return 1;
}
