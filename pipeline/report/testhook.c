/*
 * testhook.c - VOCMINE_TEST_PAUSE (see testhook.h).
 */
#include "report/testhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void vm_test_pause(const char *point) {
    const char *spec = getenv("VOCMINE_TEST_PAUSE");
    if (!spec || !*spec) return;
    size_t n = strlen(point);
    if (strncmp(spec, point, n) != 0 || spec[n] != ':') return;
    double secs = atof(spec + n + 1);
    if (!(secs > 0)) return;
    fprintf(stderr, "vocmine: test hook: pause at %s\n", point);
    fflush(stderr);
    struct timespec ts = {(time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9)};
    while (nanosleep(&ts, &ts) != 0) {
    }
}
