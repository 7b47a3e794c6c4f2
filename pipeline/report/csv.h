/*
 * csv.h - RFC 4180 CSV cells for the report's CSV outputs.
 *
 * Rows end with CRLF (RFC 4180). A cell is quoted when it holds a comma,
 * a double quote, CR or LF; quotes inside are doubled.
 *
 * Formula guard: spreadsheet programs (Excel, LibreOffice, Google Sheets)
 * run a cell that begins with = + - @ (or TAB / CR) as a formula, so a
 * hostile comment field could execute on a BI analyst's machine. A text
 * cell beginning with one of those characters gets a leading apostrophe
 * ('=cmd becomes '=cmd), which the programs show as text. Cells that are
 * plain decimal numbers ("-0.500", "+3") are numbers, not formulas, and
 * are left alone so numeric columns stay numeric.
 */
#ifndef VM_REPORT_CSV_H
#define VM_REPORT_CSV_H

#include <stddef.h>

#include "common/buf.h"

/* 1 if the cell would get the formula guard's apostrophe. */
int vm_csv_needs_guard(const char *s, size_t n);

/* Appends one cell (guarded, quoted as needed); no separator. */
void vm_csv_cell(vm_buf *b, const char *s, size_t n);
void vm_csv_cell_str(vm_buf *b, const char *s);

/* Appends a header line: the names joined by commas, then CRLF. */
void vm_csv_header(vm_buf *b, const char *const *names, size_t n);

#endif
