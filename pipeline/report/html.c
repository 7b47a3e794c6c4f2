/*
 * html.c - HTML escaping of untrusted text (see html.h).
 */
#include "report/html.h"
#include "common/utf8.h"

#include <string.h>

int vm_is_bidi_control(int32_t cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* ASCII bytes that are copied as they are. */
static int plain_ascii(unsigned char c) {
    if (c >= 0x80) return 0;
    if (c < 0x20) return c == '\t' || c == '\n';
    return c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' && c != 0x7F;
}

static void put_replacement(vm_buf *b) { vm_buf_append(b, "\xEF\xBF\xBD", 3); }

/* Escapes one code point that is not plain ASCII. */
static void escape_cp(vm_buf *b, int32_t cp, const char *raw, size_t rawlen) {
    switch (cp) {
    case '&': vm_buf_puts(b, "&amp;"); return;
    case '<': vm_buf_puts(b, "&lt;"); return;
    case '>': vm_buf_puts(b, "&gt;"); return;
    case '"': vm_buf_puts(b, "&quot;"); return;
    case '\'': vm_buf_puts(b, "&#39;"); return;
    case '\r': vm_buf_putc(b, ' '); return;
    default: break;
    }
    int control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
    if (cp < 0 || control || vm_is_bidi_control(cp)) {
        put_replacement(b);
        return;
    }
    vm_buf_append(b, raw, rawlen);
}

void vm_html_escape(vm_buf *b, const char *s, size_t n) {
    vm_buf_grow(b, n);
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && plain_ascii((unsigned char)s[i])) i++;
        vm_buf_append(b, s + start, i - start);
        if (i >= n) break;
        size_t adv;
        int32_t cp = vm_utf8_decode(s + i, n - i, &adv);
        escape_cp(b, cp, s + i, adv);
        i += adv;
    }
}

void vm_html_escape_str(vm_buf *b, const char *s) { vm_html_escape(b, s, strlen(s)); }
