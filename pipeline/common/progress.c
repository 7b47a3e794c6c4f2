/*
 * progress.c - the terminal progress line (see progress.h).
 */
#include "common/progress.h"
#include "common/log.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static struct {
    int active;
    const char *stage;
    uint64_t total;
    double start, last;
} bar;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void vm_progress_begin(const char *stage, uint64_t total_bytes) {
    bar.active = vm_log_level >= VM_LOG_NORMAL && isatty(STDERR_FILENO);
    bar.stage = stage;
    bar.total = total_bytes;
    bar.start = bar.last = now();
}

void vm_progress_update(uint64_t rows, uint64_t bytes) {
    if (!bar.active) return;
    double t = now();
    if (t - bar.last < 0.25) return;
    bar.last = t;
    double secs = t - bar.start;
    double mbps = secs > 0 ? bytes / 1e6 / secs : 0;
    fprintf(stderr, "\r\033[K%s: %llu rows, %.1f MB/s", bar.stage, (unsigned long long)rows, mbps);
    if (bar.total && bytes <= bar.total && bytes > 0) {
        double eta = secs * (double)(bar.total - bytes) / (double)bytes;
        fprintf(stderr, ", %.0f%%, ETA %.0fs", 100.0 * (double)bytes / (double)bar.total, eta);
    }
    fflush(stderr);
}

void vm_progress_end(void) {
    if (bar.active) fprintf(stderr, "\r\033[K");
    bar.active = 0;
}
