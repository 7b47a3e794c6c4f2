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
 * Sampling: a memo that serves almost nothing only costs. On 518k
 * unique Chinese reviews (0.16% repeats) extract spent about 10% of its
 * time hashing, copying and storing keys that never came back (4.26-4.59
 * s with the memo against 3.80-4.09 without). So the memo measures its
 * hit rate over windows of about WINDOW rows; once it is past its first
 * WARMUP windows (an empty memo misses by nature), a window whose rate
 * was under MIN_HIT_RATE makes it use only one key in SAMPLE (by hash, so
 * all copies of a text are used or none are) in the next, and the keys
 * used go on measuring the rate, so a stream that starts to repeat gets
 * the whole memo back within a window. The mode changes what is served,
 * never a value: outputs stay the same.
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
#define WINDOW 4096          /* rows per hit-rate measurement (a power of two) */
#define WARMUP 2             /* windows before the first judgement */
#define MIN_HIT_RATE 0.08    /* below it, sample (about where a hit's saving pays for the misses) */
#define SAMPLE 16            /* one key in SAMPLE while sampling (a power of two) */

typedef struct entry {
    uint64_t hash;
    uint32_t key_len, value_len, cap;   /* cap = 0: empty */
    char *data;
} entry;

struct vm_repeats {
    entry *sets;              /* VM_REPEATS_SETS * VM_REPEATS_WAYS */
    atomic_size_t used;       /* bytes allocated for entries */
    atomic_uint looked, hits; /* this window's lookups of the keys in use */
    atomic_uint windows;      /* windows closed so far */
    atomic_int sampling;      /* 1: the last window's hit rate was under MIN_HIT_RATE */
    pthread_mutex_t locks[NLOCKS];
};

vm_repeats *vm_repeats_new(void) {
    vm_repeats *r = vm_xcalloc(1, sizeof *r);
    r->sets = vm_xcalloc((size_t)VM_REPEATS_SETS * VM_REPEATS_WAYS, sizeof *r->sets);
    atomic_init(&r->used, 0);
    atomic_init(&r->looked, 0);
    atomic_init(&r->hits, 0);
    atomic_init(&r->windows, 0);
    atomic_init(&r->sampling, 0);
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

/* The parts' hash, kept in the key (a hash that comes out 0 is computed
 * again each time, which costs only time). */
static uint64_t key_hash(vm_repeat_key *k) {
    if (k->hash) return k->hash;
    uint64_t h = 0;
    for (int i = 0; i < VM_REPEAT_PARTS; i++) h = vm_hash64(k->part[i], k->len[i], h);
    return k->hash = h;
}

/* Whether a key with this hash is used now (always, unless sampling).
 * The top bits pick the sample: the low ones pick the set. */
static int in_use(const vm_repeats *r, uint64_t hash) {
    return !atomic_load_explicit(&r->sampling, memory_order_relaxed) || (hash >> 56) % SAMPLE == 0;
}

/* Counts a lookup; the lookup that closes a window sets the mode for the
 * next. A window is WINDOW lookups, or WINDOW / SAMPLE while sampling, so
 * about WINDOW rows either way. Counts racing with the close only blur
 * one window. */
static void count_lookup(vm_repeats *r, int hit) {
    unsigned window = atomic_load_explicit(&r->sampling, memory_order_relaxed) ? WINDOW / SAMPLE : WINDOW;
    if (hit) atomic_fetch_add_explicit(&r->hits, 1, memory_order_relaxed);
    unsigned looked = atomic_fetch_add_explicit(&r->looked, 1, memory_order_relaxed) + 1;
    if (looked % window != 0) return;
    unsigned hits = atomic_exchange_explicit(&r->hits, 0, memory_order_relaxed);
    atomic_store_explicit(&r->looked, 0, memory_order_relaxed);
    if (atomic_fetch_add_explicit(&r->windows, 1, memory_order_relaxed) + 1 >= WARMUP)
        atomic_store_explicit(&r->sampling, hits < MIN_HIT_RATE * looked, memory_order_relaxed);
}

int vm_repeats_sampling(const vm_repeats *r) { return atomic_load_explicit(&r->sampling, memory_order_relaxed); }

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
static void lock_key(vm_repeats *r, const vm_repeat_key *k, uint64_t hash, lookup *lk) {
    lk->klen = key_bytes(k, lk->kb);
    lk->hash = hash;
    size_t s = (size_t)lk->hash & (VM_REPEATS_SETS - 1);
    lk->mu = &r->locks[s % NLOCKS];
    lk->set = &r->sets[s * VM_REPEATS_WAYS];
    pthread_mutex_lock(lk->mu);
    lk->way = find_way(lk->set, lk->hash, lk->kb, lk->klen);
}

static void unlock_key(lookup *lk) { pthread_mutex_unlock(lk->mu); }

int vm_repeats_get(vm_repeats *r, vm_repeat_key *k, vm_buf *out) {
    if (!vm_repeats_eligible(k)) return 0;
    uint64_t hash = key_hash(k);
    if (!in_use(r, hash)) return 0;
    lookup lk;
    lock_key(r, k, hash, &lk);
    if (lk.way >= 0) {
        const entry *e = to_front(lk.set, lk.way);
        vm_buf_append(out, e->data + e->key_len, e->value_len);
    }
    unlock_key(&lk);
    count_lookup(r, lk.way >= 0);
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

void vm_repeats_put(vm_repeats *r, vm_repeat_key *k, const void *value, size_t len) {
    if (!vm_repeats_eligible(k) || len > UINT32_MAX / 2) return;
    uint64_t hash = key_hash(k);
    if (!in_use(r, hash)) return;
    lookup lk;
    lock_key(r, k, hash, &lk);
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
