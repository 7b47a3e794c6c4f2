/*
 * utf8.c - strict UTF-8 decoding (see utf8.h; the fast cases are inline
 * there, this is the general decoder).
 */
#include "common/utf8.h"

int32_t vm_utf8_decode_slow(const char *str, size_t len, size_t *adv) {
    const unsigned char *s = (const unsigned char *)str;
    *adv = 1;
    if (len == 0) return -1;
    unsigned char c = s[0];
    if (c < 0x80) return c;
    int need;
    int32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
    else return -1;
    if ((size_t)need > len - 1) return -1;
    for (int i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    *adv = (size_t)need + 1;
    return cp;
}

size_t vm_utf8_invalid_count(const char *s, size_t len) {
    size_t bad = 0, i = 0, adv;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) { i++; continue; }
        if (vm_utf8_decode(s + i, len - i, &adv) < 0) bad++;
        i += adv;
    }
    return bad;
}
