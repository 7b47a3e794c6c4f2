/*
 * clean.c - display-text cleaning (see clean.h for the exact steps).
 *
 * Two passes. Pass 1 copies the raw bytes to the end of `out`, repairing
 * UTF-8 and decoding entities; neither step makes text longer except an
 * invalid byte (1 byte -> 3 for U+FFFD). Pass 2 then rewrites that region
 * in place: everything it does (tag stripping, removals, full-width to
 * ASCII, whitespace collapse) shortens or keeps the text, so the write
 * position never passes the read position. Text that pass 1 would copy
 * unchanged (no '&', valid UTF-8: most comments) goes straight to pass 2,
 * which gives up at the first invalid sequence (then both passes run).
 *
 * Fast paths: pass 1 copies runs of ASCII (other than '&') and well-formed
 * multi-byte sequences with one memcpy per run; pass 2 looks at a decoded
 * code point only for the lead bytes that can start a character it changes
 * (C2, D8, E1, E2, E3, EF), takes every other sequence whole, and keeps
 * runs of such text in place (nothing moves until something is removed).
 */
#include "normalize/clean.h"

#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"

typedef struct entity {
    const char *name;
    int32_t cp;
} entity;

/* Named entities decoded (sorted by name for bsearch; case-sensitive as in
 * HTML). The common ones in exported comments and rich-text editors. */
static const entity ENTITIES[] = {
    {"AElig", 0xC6}, {"Aacute", 0xC1}, {"Agrave", 0xC0}, {"Auml", 0xC4},
    {"Ccedil", 0xC7}, {"Eacute", 0xC9}, {"Ntilde", 0xD1}, {"Ouml", 0xD6},
    {"Uuml", 0xDC}, {"aacute", 0xE1}, {"acirc", 0xE2}, {"acute", 0xB4},
    {"aelig", 0xE6}, {"agrave", 0xE0}, {"amp", '&'}, {"apos", '\''},
    {"auml", 0xE4}, {"bull", 0x2022}, {"ccedil", 0xE7}, {"cent", 0xA2},
    {"copy", 0xA9}, {"darr", 0x2193}, {"deg", 0xB0}, {"divide", 0xF7},
    {"eacute", 0xE9}, {"ecirc", 0xEA}, {"egrave", 0xE8}, {"emsp", 0x2003},
    {"ensp", 0x2002}, {"euml", 0xEB}, {"euro", 0x20AC}, {"frac12", 0xBD},
    {"frac14", 0xBC}, {"frac34", 0xBE}, {"gt", '>'}, {"harr", 0x2194},
    {"hearts", 0x2665}, {"hellip", 0x2026}, {"iacute", 0xED}, {"iexcl", 0xA1},
    {"iquest", 0xBF}, {"iuml", 0xEF}, {"laquo", 0xAB}, {"larr", 0x2190},
    {"ldquo", 0x201C}, {"lsaquo", 0x2039}, {"lsquo", 0x2018}, {"lt", '<'},
    {"mdash", 0x2014}, {"micro", 0xB5}, {"middot", 0xB7}, {"nbsp", 0xA0},
    {"ndash", 0x2013}, {"not", 0xAC}, {"ntilde", 0xF1}, {"oacute", 0xF3},
    {"ocirc", 0xF4}, {"ouml", 0xF6}, {"para", 0xB6}, {"plusmn", 0xB1},
    {"pound", 0xA3}, {"prime", 0x2032}, {"quot", '"'}, {"raquo", 0xBB},
    {"rarr", 0x2192}, {"rdquo", 0x201D}, {"reg", 0xAE}, {"rsaquo", 0x203A},
    {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"sect", 0xA7}, {"shy", 0xAD},
    {"star", 0x2606}, {"sup1", 0xB9}, {"sup2", 0xB2}, {"sup3", 0xB3},
    {"szlig", 0xDF}, {"thinsp", 0x2009}, {"times", 0xD7}, {"trade", 0x2122},
    {"uacute", 0xFA}, {"uarr", 0x2191}, {"uuml", 0xFC}, {"yen", 0xA5},
    {"zwj", 0x200D}, {"zwnj", 0x200C},
};

#define ENTITY_NAME_MAX 8

static int entity_cmp(const void *key, const void *elem) {
    return strcmp((const char *)key, ((const entity *)elem)->name);
}

static int is_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static int hex_value(unsigned char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Numeric entity at s (which starts "&#"): returns its length and sets *cp,
 * or returns 0 if it is not one. */
static size_t numeric_entity(const unsigned char *s, size_t len, int32_t *cp) {
    size_t i = 2;
    int hex = i < len && (s[i] == 'x' || s[i] == 'X');
    if (hex) i++;
    size_t digits_start = i, max_digits = hex ? 6 : 7;
    int32_t v = 0;
    while (i < len && i - digits_start < max_digits &&
           (hex ? is_hex(s[i]) : (s[i] >= '0' && s[i] <= '9'))) {
        v = v * (hex ? 16 : 10) + (hex ? hex_value(s[i]) : s[i] - '0');
        i++;
    }
    if (i == digits_start || i >= len || s[i] != ';') return 0;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    *cp = v;
    return i + 1;
}

/* Named entity at s (which starts with '&'): length or 0. */
static size_t named_entity(const unsigned char *s, size_t len, int32_t *cp) {
    char name[ENTITY_NAME_MAX + 1];
    size_t i = 1, n = 0;
    while (i < len && n < ENTITY_NAME_MAX &&
           (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (n > 0 && s[i] >= '0' && s[i] <= '9')))
        name[n++] = (char)s[i++];
    if (n < 2 || i >= len || s[i] != ';') return 0;
    name[n] = '\0';
    const entity *e = bsearch(name, ENTITIES, sizeof ENTITIES / sizeof ENTITIES[0], sizeof ENTITIES[0], entity_cmp);
    if (!e) return 0;
    *cp = e->cp;
    return i + 1;
}

/* Pass 1: UTF-8 repair and entity decoding, appended to out. */
static void repair_and_decode(const unsigned char *s, size_t len, vm_buf *out, vm_clean_stats *st) {
    vm_buf_grow(out, len);
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        for (;;) {
            while (run < len && s[run] < 0x80 && s[run] != '&') run++;
            if (run >= len || s[run] < 0x80) break;
            size_t adv;
            if (vm_utf8_decode((const char *)s + run, len - run, &adv) < 0) break;
            run += adv;
        }
        if (run > i) vm_buf_append(out, s + i, run - i);
        i = run;
        if (i >= len) break;
        if (s[i] == '&') {
            int32_t cp;
            size_t n = (i + 1 < len && s[i + 1] == '#') ? numeric_entity(s + i, len - i, &cp)
                                                         : named_entity(s + i, len - i, &cp);
            if (n) {
                vm_buf_put_utf8(out, cp);
                if (st) st->entities++;
                i += n;
            } else {
                vm_buf_putc(out, '&');
                i++;
            }
        } else {
            vm_buf_put_utf8(out, 0xFFFD);   /* the decoder rejected this byte */
            if (st) st->invalid++;
            i++;
        }
    }
}

static int is_ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Tags that break a line in HTML (replaced by a space, not by nothing). */
static int is_block_tag(const char *name) {
    static const char *const BLOCK[] = {"blockquote", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6",
                                        "hr", "li", "ol", "p", "table", "td", "th", "tr", "ul"};
    for (size_t i = 0; i < sizeof BLOCK / sizeof BLOCK[0]; i++)
        if (strcmp(name, BLOCK[i]) == 0) return 1;
    return 0;
}

/* If a tag starts at s[0] == '<', returns its length (through '>') and sets
 * *block; else 0. */
static size_t tag_length(const char *s, size_t len, int *block) {
    if (len < 3) return 0;
    unsigned char c = (unsigned char)s[1];
    if (!(vm_is_ascii_alpha(c) || c == '/' || c == '!')) return 0;
    size_t limit = len < VM_CLEAN_TAG_MAX ? len : VM_CLEAN_TAG_MAX;
    size_t end = 1;
    while (end < limit && s[end] != '>' && s[end] != '<' && s[end] != '\n' && s[end] != '\r') end++;
    if (end >= limit || s[end] != '>') return 0;
    char name[12];
    size_t i = (s[1] == '/') ? 2 : 1, n = 0;
    while (i < end && n < sizeof name - 1 && (vm_is_ascii_alpha((unsigned char)s[i]) || (n > 0 && vm_is_ascii_digit((unsigned char)s[i]))))
        name[n++] = (char)(s[i++] | 0x20);
    name[n] = '\0';
    *block = n > 0 && (i == end || s[i] == ' ' || s[i] == '/' || s[i] == '\t') && is_block_tag(name);
    return end + 1;
}

/* What pass 2 does with a non-ASCII code point. */
enum { KEEP, DROP_CONTROL, DROP_INVISIBLE, SPACE, TO_ASCII };

static int classify(int32_t cp) {
    if (cp < 0xA0) return cp == 0x85 ? SPACE : DROP_CONTROL;
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000)
        return SPACE;
    if (cp == 0xAD || cp == 0x61C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
        cp == 0xFEFF)
        return DROP_INVISIBLE;
    if (cp >= 0xFF01 && cp <= 0xFF5E) return TO_ASCII;
    return KEEP;
}

/* Lead bytes of every sequence classify() may change. */
static int lead_needs_look(unsigned char c) {
    return c == 0xC2 || c == 0xD8 || c == 0xE1 || c == 0xE2 || c == 0xE3 || c == 0xEF;
}

typedef struct writer {
    const char *s;  /* the text read */
    char *d;        /* where it is written: s itself, or a separate buffer */
    size_t w;       /* write position */
    int space;      /* a space is pending */
} writer;

static void put_pending_space(writer *wr) {
    if (wr->space && wr->w > 0) wr->d[wr->w++] = ' ';
    wr->space = 0;
}

static void put_byte(writer *wr, char c) {
    put_pending_space(wr);
    wr->d[wr->w++] = c;
}

/* Keeps s[r..r+n) as it is. In place this moves it down to the write
 * position, which costs nothing until something has been removed; a
 * pending space stands for at least one byte already read, so it fits
 * below r. */
static void keep(writer *wr, size_t r, size_t n) {
    put_pending_space(wr);
    if (wr->d + wr->w != wr->s + r) memmove(wr->d + wr->w, wr->s + r, n);
    wr->w += n;
}

/* A byte that starts a character pass 2 keeps as it is if the character
 * is well-formed: printable ASCII other than '<', or a lead byte
 * classify() never has to see. */
static int is_plain_start(unsigned char c) {
    return c < 0x80 ? (c >= 0x21 && c != '<' && c != 0x7F) : !lead_needs_look(c);
}

/* End of the run of plain, well-formed characters from s[r], single
 * spaces between two of them included (such a space is kept as it is). */
static size_t plain_run(const char *s, size_t r, size_t len) {
    size_t start = r, adv;
    while (r < len) {
        unsigned char c = (unsigned char)s[r];
        if (c < 0x80 && is_plain_start(c)) r++;
        else if (c >= 0x80 && is_plain_start(c) && vm_utf8_decode(s + r, len - r, &adv) >= 0) r += adv;
        else if (c == ' ' && r > start && r + 1 < len && is_plain_start((unsigned char)s[r + 1])) r++;
        else break;
    }
    return r;
}

/* Pass 2 from s[0..len) to d, which is s itself after pass 1 or a buffer
 * of len bytes when pass 1 was skipped: the write position never passes
 * the read position. Sets *n to the length written. Returns -1 at an
 * invalid UTF-8 sequence (tags included), which only text that skipped
 * pass 1 can hold. */
static int strip_and_collapse(const char *s, size_t len, char *d, size_t *n, vm_clean_stats *st) {
    writer wr = {s, d, 0, 0};
    size_t r = 0;
    while (r < len) {
        size_t end = plain_run(s, r, len);
        if (end > r) {
            keep(&wr, r, end - r);
            r = end;
            continue;
        }
        unsigned char c = (unsigned char)s[r];
        if (c < 0x80) {
            int block;
            size_t tag;
            if (c == '<' && (tag = tag_length(s + r, len - r, &block)) > 0) {
                if (wr.d != wr.s && vm_utf8_invalid_count(s + r, tag) > 0) return -1;   /* not read as pass 1 would */
                if (block) wr.space = 1;
                st->tags++;
                r += tag;
            } else if (c == '<') {
                put_byte(&wr, '<');
                r++;
            } else if (is_ascii_space(c)) {
                wr.space = 1;
                r++;
            } else {
                st->controls++;
                r++;
            }
            continue;
        }
        size_t adv;   /* a lead byte classify() has to see, or an invalid sequence */
        int32_t cp = vm_utf8_decode(s + r, len - r, &adv);
        if (cp < 0) return -1;
        switch (classify(cp)) {
        case DROP_CONTROL:
            st->controls++;
            break;
        case DROP_INVISIBLE:
            st->invisible++;
            break;
        case SPACE:
            wr.space = 1;
            break;
        case TO_ASCII:
            put_byte(&wr, (char)(cp - 0xFEE0));
            break;
        default:
            keep(&wr, r, adv);
            break;
        }
        r += adv;
    }
    *n = wr.w;
    return 0;
}

static void stats_add(vm_clean_stats *dst, const vm_clean_stats *src) {
    dst->invalid += src->invalid;
    dst->entities += src->entities;
    dst->tags += src->tags;
    dst->controls += src->controls;
    dst->invisible += src->invisible;
}

/* Text without '&' and with valid UTF-8 (most comments) needs nothing
 * from pass 1, so pass 2 reads it directly; other text takes both. */
void vm_clean_display(const char *in, size_t len, vm_buf *out, vm_clean_stats *st) {
    size_t base = out->len, n;
    vm_clean_stats found = {0};
    vm_buf_grow(out, len);
    if (memchr(in, '&', len) || strip_and_collapse(in, len, out->data + base, &n, &found) != 0) {
        memset(&found, 0, sizeof found);
        repair_and_decode((const unsigned char *)in, len, out, &found);
        strip_and_collapse(out->data + base, out->len - base, out->data + base, &n, &found);
    }
    out->len = base + n;
    out->data[out->len] = '\0';
    if (st) stats_add(st, &found);
}
