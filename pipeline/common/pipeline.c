/*
 * pipeline.c - ordered batch pipeline on POSIX threads (see pipeline.h).
 *
 * All scheduling state is under one mutex. A slot holds a batch, its
 * sequence number and the index of the next step it needs. Workers pick,
 * in this order: the oldest batch whose next step can run now, else the
 * source if there is room, else they wait. Serial step s may run batch
 * seq only when next_seq[s] == seq; parallel steps run whenever free.
 */
#include "common/pipeline.h"
#include "common/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct slot {
    void *batch;
    long seq;
    int step;      /* next step to run */
    int busy;      /* a worker is running it */
    int used;
} slot;

typedef struct run_state {
    const vm_pipeline_spec *spec;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    slot *slots;
    int nslots;
    long produced;        /* batches made so far (next seq) */
    long *next_seq;       /* per step: next seq allowed (serial steps) */
    int producing;
    int source_done;
    int failed;
    vm_error err;
} run_state;

static int slots_in_use(const run_state *st) {
    int n = 0;
    for (int i = 0; i < st->nslots; i++) n += st->slots[i].used;
    return n;
}

static int can_run(const run_state *st, const slot *s) {
    if (!s->used || s->busy) return 0;
    const vm_step *step = &st->spec->steps[s->step];
    return !step->serial || st->next_seq[s->step] == s->seq;
}

/* Returns the index of the oldest runnable slot, or -1. */
static int pick_slot(const run_state *st) {
    int best = -1;
    for (int i = 0; i < st->nslots; i++)
        if (can_run(st, &st->slots[i]) && (best < 0 || st->slots[i].seq < st->slots[best].seq)) best = i;
    return best;
}

static void record_failure(run_state *st, const vm_error *e) {
    if (!st->failed) st->err = *e;
    st->failed = 1;
}

static void run_source(run_state *st) {
    st->producing = 1;
    pthread_mutex_unlock(&st->mu);
    void *batch = NULL;
    vm_error e;
    int rc = st->spec->produce(st->ctx, &batch, &e);
    pthread_mutex_lock(&st->mu);
    st->producing = 0;
    if (rc != 0) record_failure(st, &e);
    if (rc != 0 || !batch) {
        st->source_done = 1;
        return;
    }
    for (int i = 0; i < st->nslots; i++) {
        if (st->slots[i].used) continue;
        st->slots[i] = (slot){.batch = batch, .seq = st->produced++, .step = 0, .used = 1};
        return;
    }
}

static void run_step(run_state *st, int i) {
    slot *s = &st->slots[i];
    s->busy = 1;
    int stepno = s->step;
    void *batch = s->batch;
    pthread_mutex_unlock(&st->mu);
    vm_error e;
    /* A step picked before a failure elsewhere still runs to completion;
     * the batch is discarded by the worker loop afterwards. */
    int rc = st->spec->steps[stepno].run(st->ctx, batch, &e);
    pthread_mutex_lock(&st->mu);
    if (st->spec->steps[stepno].serial) st->next_seq[stepno]++;
    s->busy = 0;
    s->step++;
    if (rc != 0) {
        record_failure(st, &e);
        /* The last step owns (frees) its batch even when it fails. */
        if (s->step < st->spec->nsteps && st->spec->discard) st->spec->discard(st->ctx, batch);
        s->used = 0;
    } else if (s->step == st->spec->nsteps) {
        s->used = 0;
    }
}

/* After a failure, batches that have not finished are discarded, but the
 * serial counters must still advance past them so nothing waits forever. */
static void drain_after_failure(run_state *st) {
    for (int i = 0; i < st->nslots; i++) {
        slot *s = &st->slots[i];
        if (!s->used || s->busy) continue;
        if (st->spec->discard) st->spec->discard(st->ctx, s->batch);
        s->used = 0;
    }
}

static void *worker(void *arg) {
    run_state *st = arg;
    pthread_mutex_lock(&st->mu);
    for (;;) {
        if (st->failed) {
            st->source_done = 1;
            drain_after_failure(st);
        }
        int i = st->failed ? -1 : pick_slot(st);
        if (i >= 0) {
            run_step(st, i);
            pthread_cond_broadcast(&st->cv);
            continue;
        }
        if (!st->source_done && !st->producing && slots_in_use(st) < st->nslots) {
            run_source(st);
            pthread_cond_broadcast(&st->cv);
            continue;
        }
        if (st->source_done && !st->producing && slots_in_use(st) == 0) break;
        pthread_cond_wait(&st->cv, &st->mu);
    }
    pthread_cond_broadcast(&st->cv);
    pthread_mutex_unlock(&st->mu);
    return NULL;
}

int vm_pipeline_run(const vm_pipeline_spec *spec, void *ctx, vm_error *err) {
    run_state st;
    memset(&st, 0, sizeof st);
    st.spec = spec;
    st.ctx = ctx;
    int threads = spec->threads > 0 ? spec->threads : 1;
    st.nslots = spec->inflight > 0 ? spec->inflight : 4 * threads;
    st.slots = vm_xcalloc((size_t)st.nslots, sizeof *st.slots);
    st.next_seq = vm_xcalloc((size_t)spec->nsteps + 1, sizeof *st.next_seq);
    pthread_mutex_init(&st.mu, NULL);
    pthread_cond_init(&st.cv, NULL);
    pthread_t *tids = vm_xcalloc((size_t)threads, sizeof *tids);
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tids[t], NULL, worker, &st) == 0) started++;
        else break;
    worker(&st);
    for (int t = 1; t <= started; t++) pthread_join(tids[t], NULL);
    free(tids);
    pthread_mutex_destroy(&st.mu);
    pthread_cond_destroy(&st.cv);
    free(st.slots);
    free(st.next_seq);
    if (st.failed) {
        if (err) *err = st.err;
        return -1;
    }
    return 0;
}

int vm_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}
