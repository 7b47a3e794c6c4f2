/*
 * log.h - messages to stderr, one convention for every program.
 *
 * Errors and warnings always print ("vocmine: error: …"); info lines only
 * with --verbose; --quiet silences warnings too. Data problems (a bad row)
 * are warnings: the run goes on and the count lands in the manifest.
 */
#ifndef VM_LOG_H
#define VM_LOG_H

enum { VM_LOG_QUIET = 0, VM_LOG_NORMAL = 1, VM_LOG_VERBOSE = 2 };
extern int vm_log_level;

void vm_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vm_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vm_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
