/*
 * utf8.h - decoding UTF-8 and classifying code points by script.
 *
 * vm_utf8_decode never reads past len and never fails: an invalid or
 * truncated sequence decodes as -1 with *adv = 1, so callers can replace
 * it (U+FFFD) and resynchronise on the next byte. Overlong forms,
 * surrogates and values above U+10FFFF are invalid.
 */
#ifndef VM_UTF8_H
#define VM_UTF8_H

#include <stddef.h>
#include <stdint.h>

int32_t vm_utf8_decode_slow(const char *s, size_t len, size_t *adv);

/* The decoder. ASCII and well-formed 3-byte sequences (all of the BMP
 * above U+07FF: CJK, kana, Hangul, most punctuation) are decoded inline;
 * everything else, valid or not, goes to vm_utf8_decode_slow, which
 * gives the same result for every input. */
static inline int32_t vm_utf8_decode(const char *s, size_t len, size_t *adv) {
    const unsigned char *u = (const unsigned char *)s;
    if (len > 0 && u[0] < 0x80) {
        *adv = 1;
        return u[0];
    }
    if (len >= 3 && (u[0] & 0xF0) == 0xE0) {
        /* Continuation bytes are 10xxxxxx: with the top bit flipped, below 0x40. */
        uint32_t b1 = u[1] ^ 0x80u, b2 = u[2] ^ 0x80u;
        uint32_t cp = (uint32_t)(u[0] & 0x0F) << 12 | b1 << 6 | b2;
        if ((b1 | b2) < 0x40 && cp >= 0x800 && cp - 0xD800 >= 0x800) {
            *adv = 3;
            return (int32_t)cp;
        }
    }
    return vm_utf8_decode_slow(s, len, adv);
}

/* Number of invalid sequences in s (0 = valid UTF-8). */
size_t vm_utf8_invalid_count(const char *s, size_t len);

/* Script classes used by language tagging, tokenizing and segmenting. */
static inline int vm_is_han(int32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2EBEF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}
static inline int vm_is_kana(int32_t c) {
    return (c >= 0x3040 && c <= 0x30FF && c != 0x30FB && c != 0x30FC) || (c >= 0x31F0 && c <= 0x31FF) ||
           (c >= 0xFF66 && c <= 0xFF9D);
}
static inline int vm_is_hangul(int32_t c) {
    return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F);
}
static inline int vm_is_ascii_alpha(int32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline int vm_is_ascii_digit(int32_t c) { return c >= '0' && c <= '9'; }
/* Latin letters including accented ones (Latin-1 Supplement to Latin
 * Extended-B), excluding the multiplication and division signs. */
static inline int vm_is_latin(int32_t c) {
    return vm_is_ascii_alpha(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
/* Pictographic emoji and symbols (not a full UTS #51 table: the blocks
 * that comments use). Variation selectors and ZWJ are not emoji. */
static inline int vm_is_emoji(int32_t c) {
    return (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
           (c >= 0x1F000 && c <= 0x1F2FF) || (c >= 0x2B00 && c <= 0x2BFF) || c == 0x2764;
}

#endif
