/*
 * error.c - formatting of vm_error messages (see error.h).
 */
#include "common/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int vm_fail(vm_error *err, const char *fmt, ...) {
    if (!err) return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

int vm_fail_prefix(vm_error *err, const char *fmt, ...) {
    if (!err) return -1;
    char prefix[512], old[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    size_t plen = strnlen(prefix, sizeof prefix);
    size_t olen = strnlen(old, sizeof old - 1);
    if (plen + olen >= sizeof err->msg) olen = sizeof err->msg - 1 - plen;
    memcpy(err->msg, prefix, plen);
    memcpy(err->msg + plen, old, olen);
    err->msg[plen + olen] = '\0';
    return -1;
}
