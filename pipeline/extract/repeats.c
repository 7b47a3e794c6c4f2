/*
 * repeats.c - the memo of analysed comments (see repeats.h).
 *
 * Entry layout: one allocation holding the key (emphasis, lang, text,
 * each preceded by its length as a uint32_t) followed by the value; an
 * entry is replaced in place, growing its allocation when needed.
 * Invariant: a slot's data is read or written only under
 * locks[slot % NLOCKS].
 */
#include "extract/repeats.h"
#include "common/hash.h"
#include "common/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NLOCKS 64

typedef struct entry {
    uint64_t hash;
    uint32_t key_len, value_len, cap;   /* cap = 0: empty slot */
    char *data;
} entry;

struct vm_repeats {
    entry *slots;
    pthread_mutex_t locks[NLOCKS];
};

vm_repeats *vm_repeats_new(void) {
    vm_repeats *r = vm_xcalloc(1, sizeof *r);
    r->slots = vm_xcalloc(VM_REPEATS_SLOTS, sizeof *r->slots);
    for (int i = 0; i < NLOCKS; i++) pthread_mutex_init(&r->locks[i], NULL);
    return r;
}

void vm_repeats_free(vm_repeats *r) {
    if (!r) return;
    for (size_t i = 0; i < VM_REPEATS_SLOTS; i++) free(r->slots[i].data);
    for (int i = 0; i < NLOCKS; i++) pthread_mutex_destroy(&r->locks[i]);
    free(r->slots);
    free(r);
}

int vm_repeats_eligible(const vm_repeat_key *k) {
    return k->text_len <= VM_REPEATS_MAX_TEXT && k->lang_len <= 64 && k->emphasis_len <= 64;
}

static uint64_t key_hash(const vm_repeat_key *k) {
    uint64_t h = vm_hash64(k->text, k->text_len, 0);
    h = vm_hash64(k->lang, k->lang_len, h);
    return vm_hash64(k->emphasis, k->emphasis_len, h);
}

static size_t put_part(char *d, const char *s, size_t n) {
    uint32_t n32 = (uint32_t)n;
    memcpy(d, &n32, sizeof n32);
    if (n) memcpy(d + sizeof n32, s, n);
    return sizeof n32 + n;
}

/* Writes the key's bytes at d (NULL: only measures); returns their count. */
static size_t key_bytes(const vm_repeat_key *k, char *d) {
    size_t n = 3 * sizeof(uint32_t) + k->emphasis_len + k->lang_len + k->text_len;
    if (!d) return n;
    d += put_part(d, k->emphasis, k->emphasis_len);
    d += put_part(d, k->lang, k->lang_len);
    put_part(d, k->text, k->text_len);
    return n;
}

static int same_key(const entry *e, uint64_t hash, const vm_repeat_key *k) {
    if (!e->cap || e->hash != hash || e->key_len != key_bytes(k, NULL)) return 0;
    char buf[3 * sizeof(uint32_t) + 64 + 64 + VM_REPEATS_MAX_TEXT];
    key_bytes(k, buf);
    return memcmp(e->data, buf, e->key_len) == 0;
}

int vm_repeats_get(vm_repeats *r, const vm_repeat_key *k, vm_buf *out) {
    if (!vm_repeats_eligible(k)) return 0;
    uint64_t hash = key_hash(k);
    size_t slot = (size_t)hash & (VM_REPEATS_SLOTS - 1);
    pthread_mutex_t *mu = &r->locks[slot % NLOCKS];
    pthread_mutex_lock(mu);
    const entry *e = &r->slots[slot];
    int hit = same_key(e, hash, k);
    if (hit) vm_buf_append(out, e->data + e->key_len, e->value_len);
    pthread_mutex_unlock(mu);
    return hit;
}

void vm_repeats_put(vm_repeats *r, const vm_repeat_key *k, const void *value, size_t len) {
    if (!vm_repeats_eligible(k) || len > UINT32_MAX / 2) return;
    uint64_t hash = key_hash(k);
    size_t slot = (size_t)hash & (VM_REPEATS_SLOTS - 1), klen = key_bytes(k, NULL);
    pthread_mutex_t *mu = &r->locks[slot % NLOCKS];
    pthread_mutex_lock(mu);
    entry *e = &r->slots[slot];
    if (e->cap < klen + len) {
        free(e->data);
        e->cap = (uint32_t)(klen + len);
        e->data = vm_xmalloc(e->cap);
    }
    key_bytes(k, e->data);
    memcpy(e->data + klen, value, len);
    e->hash = hash;
    e->key_len = (uint32_t)klen;
    e->value_len = (uint32_t)len;
    pthread_mutex_unlock(mu);
}
