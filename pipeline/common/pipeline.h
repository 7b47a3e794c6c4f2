/*
 * pipeline.h - ordered parallel processing of batches.
 *
 * A run is a source (produce, called serially) followed by a list of
 * steps. A step is either parallel (any batch, any thread) or serial (one
 * batch at a time, in the order the source produced them). Every batch
 * goes through every step in order. With one thread or eight, serial steps
 * see the same batches in the same order, so outputs written by serial
 * steps are identical for any thread count.
 *
 * At most `inflight` batches exist at once, which bounds memory. A step or
 * the source returning -1 stops the run: no new batches are produced, the
 * batches in flight are passed to `discard`, and vm_pipeline_run returns -1
 * with the first error. Batches belong to the pipeline's user: the last
 * step frees its batch (also when it fails); batches that do not reach it
 * are passed to discard.
 */
#ifndef VM_PIPELINE_H
#define VM_PIPELINE_H

#include "common/error.h"

typedef struct vm_step {
    int serial;
    int (*run)(void *ctx, void *batch, vm_error *err);
} vm_step;

typedef struct vm_pipeline_spec {
    /* Sets *batch to the next batch, or NULL at the end; returns 0 or -1. */
    int (*produce)(void *ctx, void **batch, vm_error *err);
    const vm_step *steps;
    int nsteps;
    void (*discard)(void *ctx, void *batch);
    int threads;   /* 1 or more; the calling thread is one of them */
    int inflight;  /* 0 = 4 per thread */
} vm_pipeline_spec;

int vm_pipeline_run(const vm_pipeline_spec *spec, void *ctx, vm_error *err);

/* Number of online CPUs (at least 1), the default for --threads. */
int vm_cpu_count(void);

#endif
