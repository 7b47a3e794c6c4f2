/*
 * log.c - stderr messages (see log.h). Each message is one write, so lines
 * from several threads do not interleave.
 */
#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>

int vm_log_level = VM_LOG_NORMAL;

static void emit(const char *kind, const char *fmt, va_list ap) {
    char line[2048];
    int n = snprintf(line, sizeof line, "vocmine: %s", kind);
    if (n < 0 || (size_t)n >= sizeof line) return;
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    fprintf(stderr, "%s\n", line);
}

void vm_log_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emit("error: ", fmt, ap);
    va_end(ap);
}

void vm_log_warn(const char *fmt, ...) {
    if (vm_log_level < VM_LOG_NORMAL) return;
    va_list ap;
    va_start(ap, fmt);
    emit("warning: ", fmt, ap);
    va_end(ap);
}

void vm_log_info(const char *fmt, ...) {
    if (vm_log_level < VM_LOG_VERBOSE) return;
    va_list ap;
    va_start(ap, fmt);
    emit("", fmt, ap);
    va_end(ap);
}
