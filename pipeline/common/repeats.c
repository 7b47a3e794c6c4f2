/*
 * repeats.c - the memo of per-comment results (see repeats.h).
 *
 * Layout: VM_REPEATS_SETS sets of VM_REPEATS_WAYS entries, most recently
 * used first; a key's set is picked by its hash. An entry is one
 * allocation holding the key (its parts in order, each preceded by its
 * length as a uint32_t) followed by the value; an evicted entry's
 * allocation is reused, grown when needed.
 *
 * Why set-associative: on make_corpus's 1M rows (64% of them repeat an
 * earlier text), 32,768 direct-mapped entries served 28% of the rows;
 * 131,072 entries in sets of four with LRU serve 57%, holding about
 * 35 MB there.
 *
 * Invariants: a set's entries are read or written only under
 * locks[set % NLOCKS]; `used` is the sum of the entries' capacities and
 * never exceeds VM_REPEATS_BUDGET.
 */
#include "common/repeats.h"
#include "common/hash.h"
#include "common/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NLOCKS 64

typedef struct entry {
    uint64_t hash;
    uint32_t key_len, value_len, cap;   /* cap = 0: empty */
    char *data;
} entry;

struct vm_repeats {
    entry *sets;              /* VM_REPEATS_SETS * VM_REPEATS_WAYS */
    atomic_size_t used;       /* bytes allocated for entries */
    pthread_mutex_t locks[NLOCKS];
};

vm_repeats *vm_repeats_new(void) {
    vm_repeats *r = vm_xcalloc(1, sizeof *r);
    r->sets = vm_xcalloc((size_t)VM_REPEATS_SETS * VM_REPEATS_WAYS, sizeof *r->sets);
    atomic_init(&r->used, 0);
    for (int i = 0; i < NLOCKS; i++) pthread_mutex_init(&r->locks[i], NULL);
    return r;
}

void vm_repeats_free(vm_repeats *r) {
    if (!r) return;
    for (size_t i = 0; i < (size_t)VM_REPEATS_SETS * VM_REPEATS_WAYS; i++) free(r->sets[i].data);
    for (int i = 0; i < NLOCKS; i++) pthread_mutex_destroy(&r->locks[i]);
    free(r->sets);
    free(r);
}

int vm_repeats_eligible(const vm_repeat_key *k) {
    if (k->len[0] > VM_REPEATS_MAX_TEXT) return 0;
    for (int i = 1; i < VM_REPEAT_PARTS; i++)
        if (k->len[i] > VM_REPEAT_QUALIFIER_MAX) return 0;
    return 1;
}

static uint64_t key_hash(const vm_repeat_key *k) {
    uint64_t h = 0;
    for (int i = 0; i < VM_REPEAT_PARTS; i++) h = vm_hash64(k->part[i], k->len[i], h);
    return h;
}

static size_t put_part(char *d, const char *s, size_t n) {
    uint32_t n32 = (uint32_t)n;
    memcpy(d, &n32, sizeof n32);
    if (n) memcpy(d + sizeof n32, s, n);
    return sizeof n32 + n;
}

/* Writes the key's bytes at d; returns their count. */
static size_t key_bytes(const vm_repeat_key *k, char *d) {
    size_t n = 0;
    for (int i = 0; i < VM_REPEAT_PARTS; i++) n += put_part(d + n, k->part[i], k->len[i]);
    return n;
}

/* The way of set holding the key (whose bytes are kb[0, klen)), or -1. */
static int find_way(const entry *set, uint64_t hash, const char *kb, size_t klen) {
    for (int w = 0; w < VM_REPEATS_WAYS; w++) {
        const entry *e = &set[w];
        if (e->cap && e->hash == hash && e->key_len == klen && memcmp(e->data, kb, klen) == 0) return w;
    }
    return -1;
}

/* Moves set[w] to the front (most recently used); returns the front. */
static entry *to_front(entry *set, int w) {
    entry e = set[w];
    memmove(&set[1], &set[0], (size_t)w * sizeof *set);
    set[0] = e;
    return &set[0];
}

#define KEY_MAX (VM_REPEAT_PARTS * sizeof(uint32_t) + (VM_REPEAT_PARTS - 1) * VM_REPEAT_QUALIFIER_MAX + VM_REPEATS_MAX_TEXT)

/* A key looked up in its set, which stays locked until unlock_key. */
typedef struct lookup {
    char kb[KEY_MAX];      /* the key's bytes */
    size_t klen;
    uint64_t hash;
    entry *set;
    pthread_mutex_t *mu;
    int way;               /* the key's way in set, or -1 */
} lookup;

/* Locks the (eligible) key's set and finds the key in it. */
static void lock_key(vm_repeats *r, const vm_repeat_key *k, lookup *lk) {
    lk->klen = key_bytes(k, lk->kb);
    lk->hash = key_hash(k);
    size_t s = (size_t)lk->hash & (VM_REPEATS_SETS - 1);
    lk->mu = &r->locks[s % NLOCKS];
    lk->set = &r->sets[s * VM_REPEATS_WAYS];
    pthread_mutex_lock(lk->mu);
    lk->way = find_way(lk->set, lk->hash, lk->kb, lk->klen);
}

static void unlock_key(lookup *lk) { pthread_mutex_unlock(lk->mu); }

int vm_repeats_get(vm_repeats *r, const vm_repeat_key *k, vm_buf *out) {
    if (!vm_repeats_eligible(k)) return 0;
    lookup lk;
    lock_key(r, k, &lk);
    if (lk.way >= 0) {
        const entry *e = to_front(lk.set, lk.way);
        vm_buf_append(out, e->data + e->key_len, e->value_len);
    }
    unlock_key(&lk);
    return lk.way >= 0;
}

/* Makes e's allocation hold need bytes within the budget; returns 0, or
 * -1 (e unchanged) when growing it would pass the budget. */
static int reserve(vm_repeats *r, entry *e, size_t need) {
    if (e->cap >= need) return 0;
    size_t more = need - e->cap;
    if (atomic_fetch_add(&r->used, more) + more > VM_REPEATS_BUDGET) {
        atomic_fetch_sub(&r->used, more);
        return -1;
    }
    free(e->data);
    e->data = vm_xmalloc(need);
    e->cap = (uint32_t)need;
    return 0;
}

void vm_repeats_put(vm_repeats *r, const vm_repeat_key *k, const void *value, size_t len) {
    if (!vm_repeats_eligible(k) || len > UINT32_MAX / 2) return;
    lookup lk;
    lock_key(r, k, &lk);
    entry *e = to_front(lk.set, lk.way >= 0 ? lk.way : VM_REPEATS_WAYS - 1);
    /* Past the budget the entry keeps what it held, still a valid pair. */
    if (reserve(r, e, lk.klen + len) == 0) {
        memcpy(e->data, lk.kb, lk.klen);
        memcpy(e->data + lk.klen, value, len);
        e->hash = lk.hash;
        e->key_len = (uint32_t)lk.klen;
        e->value_len = (uint32_t)len;
    }
    unlock_key(&lk);
}
