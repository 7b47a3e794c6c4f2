/*
 * error.h - the one error convention of vocmine.
 *
 * A function that can fail returns int: 0 on success, -1 on failure, and
 * fills the caller's vm_error with one human-readable line naming the
 * file, row and reason where they are known. Functions returning pointers
 * return NULL on failure and fill the vm_error the same way. The caller
 * owns the vm_error (usually on its stack); nothing is allocated.
 */
#ifndef VM_ERROR_H
#define VM_ERROR_H

typedef struct vm_error {
    char msg[1024];
} vm_error;

/* Formats the message into err (if non-NULL) and returns -1. */
int vm_fail(vm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefixes an existing message, e.g. with the file name: "in.csv: <msg>". */
int vm_fail_prefix(vm_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
