/*
 * svg.h - the inline SVG charts of report.html: plain SVG elements with
 * presentation attributes (no scripts, no style attributes, no external
 * references), so the page works under a strict Content-Security-Policy.
 * Every text argument is untrusted and is HTML-escaped here; labels are
 * shortened to a readable width. Each chart is appended to b.
 */
#ifndef VM_REPORT_SVG_H
#define VM_REPORT_SVG_H

#include <stddef.h>

#include "common/buf.h"

/* Horizontal bars: label, bar proportional to value, note after the bar.
 * highlight[i] (may be NULL) draws row i in the alert colour. */
void vm_svg_bars(vm_buf *b, const char *title, const char *const *labels, const double *values,
                 const char *const *notes, const int *highlight, size_t n);

/* Lines over nx points: series s has values[s * nx + x] (NAN = no point). */
void vm_svg_lines(vm_buf *b, const char *title, const char *const *xlabels, size_t nx,
                  const char *const *names, const double *values, size_t ns, const char *unit);

/* Diverging bars around zero for values in [-1, 1] (sentiment), scaled to
 * the largest magnitude shown; a note per row on the right. */
void vm_svg_diverging(vm_buf *b, const char *title, const char *const *labels, const double *values,
                      const char *const *notes, const int *highlight, size_t n);

/* Stacked 100% bar of counts (severity mix); colors by position. */
void vm_svg_stack(vm_buf *b, const double *counts, const char *const *names, size_t n, int width);

/* Appends at most max characters of s (escaped), with "…" if cut. */
void vm_svg_short_text(vm_buf *b, const char *s, size_t max);

/* A round axis maximum at or above v (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k). */
double vm_svg_nice_max(double v);

/* Series colour i (cycles). */
const char *vm_svg_color(size_t i);

#endif
