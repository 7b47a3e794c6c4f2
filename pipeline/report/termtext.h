/*
 * termtext.h - untrusted text (comments, labels, store names) made safe
 * for a terminal: control and bidi characters become '?', so stored text
 * cannot move the cursor, change colours or reorder the line.
 */
#ifndef VM_REPORT_TERMTEXT_H
#define VM_REPORT_TERMTEXT_H

#include <stddef.h>

#include "common/buf.h"

/* Replaces out's contents with s[0..n) made terminal-safe and returns its
 * display width (East Asian wide characters count 2). With max > 0 the
 * text is cut to at most max columns, ending in "…". */
size_t vm_term_safe(const char *s, size_t n, vm_buf *out, size_t max);

#endif
