/*
 * progress.c - the terminal progress line (see progress.h).
 */
#include "common/progress.h"
#include "common/log.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* owned and owner are under owner_mu; the rest is the owner's. */
static struct {
    int active;
    const char *stage;
    uint64_t total;
    double start, last;
} bar;
static pthread_mutex_t owner_mu = PTHREAD_MUTEX_INITIALIZER;
static int owned;
static pthread_t owner;

/* Whether the calling thread owns the line; take: claim it if free. */
static int mine(int take) {
    pthread_mutex_lock(&owner_mu);
    if (!owned && take) {
        owned = 1;
        owner = pthread_self();
    }
    int yes = owned && pthread_equal(owner, pthread_self());
    pthread_mutex_unlock(&owner_mu);
    return yes;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void vm_progress_begin(const char *stage, uint64_t total_bytes) {
    if (!mine(1)) return;
    bar.active = vm_log_level >= VM_LOG_NORMAL && isatty(STDERR_FILENO);
    bar.stage = stage;
    bar.total = total_bytes;
    bar.start = bar.last = now();
}

void vm_progress_update(uint64_t rows, uint64_t bytes) {
    if (!mine(0) || !bar.active) return;
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
    if (!mine(0)) return;
    if (bar.active) fprintf(stderr, "\r\033[K");
    bar.active = 0;
    pthread_mutex_lock(&owner_mu);
    owned = 0;
    pthread_mutex_unlock(&owner_mu);
}
