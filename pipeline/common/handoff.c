/*
 * handoff.c - a stage's output read by the next stage as it is written
 * (see handoff.h).
 *
 * A process-wide list (under list_mu) holds the announced handoffs. Each
 * handoff is a queue of copied chunks under its own mutex: the producer
 * appends and waits on `room` while more than VM_HANDOFF_BYTES wait; the
 * consumer takes from the front and waits on `data`; the run waits on
 * `reader` for the consumer to claim the handoff.
 *
 * Invariants: queued is the sum of the unread bytes of the chunks; once
 * `gone` is set the queue stays empty; `result` goes from PENDING to OK
 * or FAILED once.
 */
#include "common/handoff.h"
#include "common/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { PENDING, OK, FAILED };

typedef struct chunk {
    struct chunk *next;
    size_t len, pos;
    char data[];
} chunk;

struct vm_handoff {
    vm_handoff *next_announced;
    char *path;
    pthread_mutex_t mu;
    pthread_cond_t data, room, reader;
    chunk *head, *tail;
    size_t queued;
    int producer, consumer;   /* claimed (consumer also under mu) */
    int gone;                 /* the consumer stopped reading */
    int result;
    uint64_t file_bytes;
    char sha256[65];
};

static pthread_mutex_t list_mu = PTHREAD_MUTEX_INITIALIZER;
static vm_handoff *announced;

vm_handoff *vm_handoff_announce(const char *path) {
    vm_handoff *h = vm_xcalloc(1, sizeof *h);
    h->path = vm_xstrdup(path);
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->data, NULL);
    pthread_cond_init(&h->room, NULL);
    pthread_cond_init(&h->reader, NULL);
    pthread_mutex_lock(&list_mu);
    h->next_announced = announced;
    announced = h;
    pthread_mutex_unlock(&list_mu);
    return h;
}

static void drop_queue(vm_handoff *h) {
    while (h->head) {
        chunk *c = h->head;
        h->head = c->next;
        free(c);
    }
    h->tail = NULL;
    h->queued = 0;
}

void vm_handoff_release(vm_handoff *h) {
    if (!h) return;
    pthread_mutex_lock(&list_mu);
    vm_handoff **p = &announced;
    while (*p != h) p = &(*p)->next_announced;
    *p = h->next_announced;
    pthread_mutex_unlock(&list_mu);
    drop_queue(h);
    pthread_cond_destroy(&h->data);
    pthread_cond_destroy(&h->room);
    pthread_cond_destroy(&h->reader);
    pthread_mutex_destroy(&h->mu);
    free(h->path);
    free(h);
}

/* The announced handoff for path whose side (producer or consumer flag)
 * is not claimed yet, now claimed; or NULL. */
/* Claims one side (a flag of h) of the announced handoff for path; NULL
 * if there is none or that side is claimed already. */
static vm_handoff *claim(const char *path, int consumer) {
    pthread_mutex_lock(&list_mu);
    vm_handoff *h = announced;
    while (h && strcmp(h->path, path) != 0) h = h->next_announced;
    if (h) {
        pthread_mutex_lock(&h->mu);
        int *side = consumer ? &h->consumer : &h->producer;
        if (*side) {
            pthread_mutex_unlock(&h->mu);
            h = NULL;
        } else {
            *side = 1;
            pthread_cond_broadcast(&h->reader);
            pthread_mutex_unlock(&h->mu);
        }
    }
    pthread_mutex_unlock(&list_mu);
    return h;
}

vm_handoff *vm_handoff_claim_producer(const char *path) { return claim(path, 0); }
vm_handoff *vm_handoff_claim_consumer(const char *path) { return claim(path, 1); }

void vm_handoff_await_consumer(vm_handoff *h) {
    pthread_mutex_lock(&h->mu);
    while (!h->consumer && !h->gone) pthread_cond_wait(&h->reader, &h->mu);
    pthread_mutex_unlock(&h->mu);
}

void vm_handoff_put(vm_handoff *h, const void *data, size_t len) {
    if (len == 0) return;
    pthread_mutex_lock(&h->mu);
    while (!h->gone && h->queued > 0 && h->queued + len > VM_HANDOFF_BYTES) pthread_cond_wait(&h->room, &h->mu);
    if (!h->gone) {
        chunk *c = vm_xmalloc(sizeof *c + len);
        c->next = NULL;
        c->len = len;
        c->pos = 0;
        memcpy(c->data, data, len);
        if (h->tail) h->tail->next = c;
        else h->head = c;
        h->tail = c;
        h->queued += len;
        pthread_cond_signal(&h->data);
    }
    pthread_mutex_unlock(&h->mu);
}

static void set_result(vm_handoff *h, int result) {
    if (h->result == PENDING) h->result = result;
    pthread_cond_broadcast(&h->data);
}

void vm_handoff_finish(vm_handoff *h, int ok, uint64_t file_bytes, const char sha256[65]) {
    pthread_mutex_lock(&h->mu);
    h->file_bytes = file_bytes;
    if (sha256) memcpy(h->sha256, sha256, sizeof h->sha256);
    set_result(h, ok ? OK : FAILED);
    pthread_mutex_unlock(&h->mu);
}

void vm_handoff_producer_done(vm_handoff *h) {
    pthread_mutex_lock(&h->mu);
    set_result(h, FAILED);
    pthread_mutex_unlock(&h->mu);
}

void vm_handoff_leave(vm_handoff *h) {
    pthread_mutex_lock(&h->mu);
    h->gone = 1;
    drop_queue(h);
    pthread_cond_broadcast(&h->room);
    pthread_cond_broadcast(&h->reader);
    pthread_mutex_unlock(&h->mu);
}

long vm_handoff_get(vm_handoff *h, void *dst, size_t cap, vm_error *err) {
    pthread_mutex_lock(&h->mu);
    while (!h->head && h->result == PENDING) pthread_cond_wait(&h->data, &h->mu);
    long n = 0;
    if (h->head) {
        chunk *c = h->head;
        size_t take = c->len - c->pos < cap ? c->len - c->pos : cap;
        memcpy(dst, c->data + c->pos, take);
        c->pos += take;
        h->queued -= take;
        if (c->pos == c->len) {
            h->head = c->next;
            if (!h->head) h->tail = NULL;
            free(c);
        }
        pthread_cond_signal(&h->room);
        n = (long)take;
    } else if (h->result == FAILED) {
        n = vm_fail(err, "%s: the stage writing it did not complete it", h->path);
    }
    pthread_mutex_unlock(&h->mu);
    return n;
}

void vm_handoff_file(const vm_handoff *h, uint64_t *file_bytes, char sha256[65]) {
    *file_bytes = h->file_bytes;
    memcpy(sha256, h->sha256, 65);
}
