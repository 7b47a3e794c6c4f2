/*
 * check.h - the unit tests' assertion helpers.
 *
 * CHECK(cond) records a failure with file and line and carries on, so one
 * run shows every broken expectation; CHECK_STR compares C strings.
 * check_done() prints "N passed, N failed" and returns the exit status.
 */
#ifndef VM_TEST_CHECK_H
#define VM_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

static inline void check_report(int ok, const char *file, int line, const char *what) {
    if (ok) { check_passed++; return; }
    check_failed++;
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
}

#define CHECK(cond) check_report(!!(cond), __FILE__, __LINE__, #cond)

static inline void check_str(const char *got, const char *want, const char *file, int line) {
    int ok = got && want && strcmp(got, want) == 0;
    check_report(ok, file, line, "string equality");
    if (!ok) fprintf(stderr, "    got:  \"%s\"\n    want: \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
}
#define CHECK_STR(got, want) check_str((got), (want), __FILE__, __LINE__)

static inline int check_done(void) {
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
