/*
 * html.h - escaping untrusted text (comment text, store names, labels)
 * for HTML element content and quoted attribute values.
 *
 * Output invariants (checked by tests/fuzz/fuzz_html_escape.c):
 *  - valid UTF-8; invalid input sequences become U+FFFD;
 *  - no raw < > " ' : they become &lt; &gt; &quot; &#39; and every & is
 *    the start of one of those entities or of &amp;;
 *  - no control characters other than TAB and LF (C0, DEL, C1 and NUL
 *    become U+FFFD, CR becomes a space);
 *  - no bidirectional formatting characters (U+061C, U+200E, U+200F,
 *    U+202A..U+202E, U+2066..U+2069): each becomes U+FFFD, so a comment
 *    cannot reorder the text around it (an entity would not help: the
 *    browser decodes it back into the control).
 * The same text is safe in Markdown files read as HTML.
 */
#ifndef VM_REPORT_HTML_H
#define VM_REPORT_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* 1 for the bidi formatting code points listed above. */
int vm_is_bidi_control(int32_t cp);

/* Appends s escaped as described above. */
void vm_html_escape(vm_buf *b, const char *s, size_t n);
void vm_html_escape_str(vm_buf *b, const char *s);

#endif
