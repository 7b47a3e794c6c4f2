/*
 * dedup.c - windowed exact/near duplicate index (see dedup.h).
 *
 * A generation is an open-addressing table from exact hash to entry, plus
 * four band tables: heads[band][16-bit value] starts a chain (through
 * entry.next[band]) of entries with that band value, newest first. Each
 * entry stores the id of its group's first comment ("root"), so links
 * always point at the original. Chains are walked at most MAX_CHAIN steps,
 * which bounds the cost of very common band values.
 */
#include "normalize/dedup.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

#define BANDS 4
#define BAND_VALUES 65536
#define MAX_CHAIN 48

typedef struct entry {
    uint64_t exact;
    uint64_t simhash;
    uint32_t root_off, root_len;   /* id of the group's first comment, in ids */
    int32_t next[BANDS];
    int has_simhash;
} entry;

typedef struct generation {
    entry *entries;
    size_t count, cap;
    int32_t *slots;                /* exact-hash table: entry index + 1 */
    size_t mask;
    int32_t *heads;                /* BANDS * BAND_VALUES chain heads, -1 = none */
    vm_buf ids;
} generation;

struct vm_dedup {
    generation *cur, *old;
    size_t gen_cap;
    int max_distance;
};

static generation *gen_new(size_t cap) {
    generation *g = vm_xcalloc(1, sizeof *g);
    g->cap = cap;
    g->entries = vm_xmalloc(cap * sizeof *g->entries);
    size_t slots = 16;
    while (slots < cap * 2) slots *= 2;
    g->slots = vm_xcalloc(slots, sizeof *g->slots);
    g->mask = slots - 1;
    g->heads = vm_xmalloc((size_t)BANDS * BAND_VALUES * sizeof *g->heads);
    memset(g->heads, 0xff, (size_t)BANDS * BAND_VALUES * sizeof *g->heads);
    return g;
}

static void gen_free(generation *g) {
    if (!g) return;
    free(g->entries);
    free(g->slots);
    free(g->heads);
    vm_buf_free(&g->ids);
    free(g);
}

vm_dedup *vm_dedup_new(size_t window, int max_distance) {
    vm_dedup *d = vm_xcalloc(1, sizeof *d);
    d->gen_cap = window / 2 > 16 ? window / 2 : 16;
    d->max_distance = max_distance;
    d->cur = gen_new(d->gen_cap);
    return d;
}

void vm_dedup_free(vm_dedup *d) {
    if (!d) return;
    gen_free(d->cur);
    gen_free(d->old);
    free(d);
}

static const entry *find_exact(const generation *g, uint64_t h) {
    if (!g) return NULL;
    size_t i = (size_t)h & g->mask;
    for (int32_t s; (s = g->slots[i]) != 0; i = (i + 1) & g->mask)
        if (g->entries[s - 1].exact == h) return &g->entries[s - 1];
    return NULL;
}

static unsigned band_value(uint64_t simhash, int band) {
    return (unsigned)(simhash >> (16 * band)) & 0xFFFF;
}

static const entry *find_near(const generation *g, uint64_t sim, int max_distance) {
    if (!g) return NULL;
    for (int b = 0; b < BANDS; b++) {
        int32_t e = g->heads[b * BAND_VALUES + band_value(sim, b)];
        for (int steps = 0; e >= 0 && steps < MAX_CHAIN; steps++) {
            const entry *en = &g->entries[e];
            if (__builtin_popcountll(en->simhash ^ sim) <= max_distance) return en;
            e = en->next[b];
        }
    }
    return NULL;
}

static void gen_insert(generation *g, const vm_dedup_item *it, const char *root, size_t root_len) {
    int32_t idx = (int32_t)g->count++;
    entry *en = &g->entries[idx];
    en->exact = it->exact;
    en->simhash = it->simhash;
    en->has_simhash = it->simhash_ok;
    en->root_off = (uint32_t)g->ids.len;
    en->root_len = (uint32_t)root_len;
    vm_buf_append(&g->ids, root, root_len);
    size_t i = (size_t)it->exact & g->mask;
    while (g->slots[i]) i = (i + 1) & g->mask;
    g->slots[i] = idx + 1;
    for (int b = 0; b < BANDS; b++) {
        en->next[b] = -1;
        if (!it->simhash_ok) continue;
        int32_t *head = &g->heads[b * BAND_VALUES + band_value(it->simhash, b)];
        en->next[b] = *head;
        *head = idx;
    }
}

/* Appends the root id of e (which lives in generation g) to out. */
static void put_root(const generation *g, const entry *e, vm_buf *out) {
    vm_buf_append(out, g->ids.data + e->root_off, e->root_len);
}

static const generation *owner(const vm_dedup *d, const entry *e) {
    const generation *c = d->cur;
    return (e >= c->entries && e < c->entries + c->count) ? c : d->old;
}

void vm_dedup_check(vm_dedup *d, const vm_dedup_item *it, vm_buf *dup_of, vm_buf *near_of) {
    if (d->cur->count == d->cur->cap) {
        gen_free(d->old);
        d->old = d->cur;
        d->cur = gen_new(d->gen_cap);
    }
    if (it->exact_ok) {
        const entry *e = find_exact(d->cur, it->exact);
        if (!e) e = find_exact(d->old, it->exact);
        if (e) {
            put_root(owner(d, e), e, dup_of);
            return;
        }
    }
    const entry *near = NULL;
    if (it->simhash_ok) {
        near = find_near(d->cur, it->simhash, d->max_distance);
        if (!near) near = find_near(d->old, it->simhash, d->max_distance);
    }
    if (near) {
        const generation *g = owner(d, near);
        size_t start = near_of->len;
        put_root(g, near, near_of);
        gen_insert(d->cur, it, near_of->data + start, near_of->len - start);
    } else {
        gen_insert(d->cur, it, it->id, it->id_len);
    }
}
