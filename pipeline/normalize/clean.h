/*
 * clean.h - the display-text cleaner of stage 1 (normalize).
 *
 * vm_clean_display turns one raw comment field into display text: valid
 * UTF-8 with markup, control and invisible characters removed, full-width
 * ASCII made ASCII and whitespace collapsed. It is a pure function of its
 * input (no state, no allocation other than growing `out`), so any number
 * of threads may call it at once.
 *
 * The steps, in this exact order:
 *   1. UTF-8 repair and entity decoding, in one pass over the raw bytes:
 *      every invalid or truncated sequence becomes U+FFFD (one per bad
 *      byte, as vm_utf8_decode resynchronises); HTML entities are decoded
 *      once: the named ones in clean.c's table and numeric &#N; / &#xH;
 *      (a number that is not a Unicode scalar value, or is 0, gives U+FFFD).
 *      An '&' that starts no known entity stays as it is. "&amp;lt;" gives
 *      "&lt;" (one level of decoding, as a browser would show it).
 *   2. One pass over the result of step 1 (so "&lt;br&gt;" is a tag too):
 *      - tags are stripped: '<' followed by an ASCII letter, '/' or '!',
 *        then up to VM_CLEAN_TAG_MAX bytes without '<' or a line break up
 *        to '>'. Other '<' stay ("I <3 it", "a < b"). A tag that usually
 *        breaks a line (br, p, div, li, tr, td, th, hr, h1-h6, ul, ol,
 *        table, blockquote) becomes a space; any other tag becomes nothing;
 *      - C0 and C1 controls and DEL are removed, except TAB, LF, CR, VT,
 *        FF and NEL (U+0085) which are whitespace;
 *      - zero-width, bidi and format characters are removed: U+00AD,
 *        U+061C, U+180E, U+200B-200F, U+202A-202E, U+2060-2064,
 *        U+2066-2069, U+FEFF;
 *      - full-width ASCII U+FF01-FF5E becomes ASCII;
 *      - whitespace (ASCII whitespace, NEL, U+00A0, U+1680, U+2000-200A,
 *        U+2028, U+2029, U+202F, U+205F, U+3000) runs become one space and
 *        the text is trimmed at both ends.
 * Only characters written as ASCII '<' start tags: a full-width '＜' made
 * ASCII in step 2 is kept as text.
 */
#ifndef VM_CLEAN_H
#define VM_CLEAN_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* Longest tag (from '<' to '>' inclusive) that is stripped. */
#define VM_CLEAN_TAG_MAX 256

/* Repairs made, added to by each call (the caller zeroes it once). */
typedef struct vm_clean_stats {
    uint64_t invalid;    /* invalid UTF-8 sequences replaced by U+FFFD */
    uint64_t entities;   /* HTML entities decoded */
    uint64_t tags;       /* HTML tags stripped */
    uint64_t controls;   /* control characters removed */
    uint64_t invisible;  /* zero-width, bidi and format characters removed */
} vm_clean_stats;

/* Appends the display text of in[0..len) to out. st may be NULL. */
void vm_clean_display(const char *in, size_t len, vm_buf *out, vm_clean_stats *st);

#endif
