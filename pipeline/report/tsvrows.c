/*
 * tsvrows.c - bad-row tolerant TSV reading (see tsvrows.h). Only the
 * first few bad rows of a file are printed; all are counted.
 */
#include "report/tsvrows.h"
#include "common/log.h"

#define MAX_WARNINGS 20

int vm_tsvrows_next(vm_tsvfile *t, const char *path, uint64_t *bad, vm_error *err) {
    for (;;) {
        uint64_t line = vm_tsvfile_line(t);
        int r = vm_tsvfile_next(t, err);
        if (r >= 0) return r;
        if (vm_tsvfile_line(t) == line) return -1;  /* nothing consumed: a read error */
        vm_tsvrows_skip(err->msg, path, bad);
    }
}

void vm_tsvrows_skip(const char *msg, const char *path, uint64_t *bad) {
    if (++*bad <= MAX_WARNINGS) vm_log_warn("%s (row skipped)", msg);
    if (*bad == MAX_WARNINGS) vm_log_warn("%s: further bad rows are counted, not shown", path);
}
