/*
 * ingest_check.h - helpers shared by the ingest unit tests: open a reader
 * over a string and compare a record with expected values.
 */
#ifndef VM_TEST_INGEST_CHECK_H
#define VM_TEST_INGEST_CHECK_H

#include "check.h"
#include "ingest/reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Opens a reader over the NUL-terminated text (kept alive by the caller). */
static inline vm_reader *open_text(const char *text, const char *name, const char *format, size_t max_record) {
    vm_reader_opts o = {NULL, format, max_record};
    vm_error err;
    vm_reader *r = vm_reader_open_mem(text, strlen(text), name, &o, &err);
    if (!r) fprintf(stderr, "open failed: %s\n", err.msg);
    return r;
}

/* Reads the next record, which must be accepted and hold exactly the n
 * given values (NULL = absent). Returns 1 if so. */
static inline int next_is(vm_reader *r, vm_record *rec, size_t n, ...) {
    vm_error err;
    int rc = vm_reader_next(r, rec, &err);
    if (rc != 1) {
        fprintf(stderr, "    next returned %d (%s)\n", rc, rc < 0 ? err.msg : "end");
        return 0;
    }
    if (rec->reject) {
        fprintf(stderr, "    row %llu rejected: %s\n", (unsigned long long)rec->row, rec->reject);
        return 0;
    }
    if (rec->nfields != n) {
        fprintf(stderr, "    row %llu has %zu fields, want %zu\n", (unsigned long long)rec->row, rec->nfields, n);
        return 0;
    }
    va_list ap;
    va_start(ap, n);
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        int same = want ? rec->present[i] && strlen(want) == rec->lens[i] && strcmp(rec->fields[i], want) == 0
                        : !rec->present[i] && rec->lens[i] == 0 && rec->fields[i][0] == '\0';
        if (!same) {
            fprintf(stderr, "    row %llu field %zu: got \"%s\" (present %d), want \"%s\"\n",
                    (unsigned long long)rec->row, i, rec->fields[i], rec->present[i], want ? want : "(absent)");
            ok = 0;
        }
    }
    va_end(ap);
    return ok;
}

/* Reads the next record, which must be rejected with a reason starting
 * with want. */
static inline int next_rejected(vm_reader *r, vm_record *rec, const char *want) {
    vm_error err;
    int rc = vm_reader_next(r, rec, &err);
    if (rc != 1) {
        fprintf(stderr, "    next returned %d (%s)\n", rc, rc < 0 ? err.msg : "end");
        return 0;
    }
    if (!rec->reject || strncmp(rec->reject, want, strlen(want)) != 0) {
        fprintf(stderr, "    row %llu: reject \"%s\", want \"%s\"\n", (unsigned long long)rec->row,
                rec->reject ? rec->reject : "(none)", want);
        return 0;
    }
    return 1;
}

/* The next call must report the end. */
static inline int at_end(vm_reader *r) {
    vm_record rec;
    vm_error err;
    return vm_reader_next(r, &rec, &err) == 0;
}

#endif
