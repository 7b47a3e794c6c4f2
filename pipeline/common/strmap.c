/*
 * strmap.c - open-addressing (linear probing) string interning map.
 *
 * Invariants: the slot table size is a power of two and at most half
 * full; a slot holds id + 1 in its low 32 bits (0 = empty) and the high
 * 32 bits of the key's hash in its high bits, so a probe passes over
 * other keys without reading their entries (lookups of absent keys, such
 * as the report's per-row topic and exemplar lookups, touch one cache
 * line instead of two); keys live in fixed chunks that never move, so
 * key pointers are stable.
 */
#include "common/strmap.h"
#include "common/hash.h"
#include "common/mem.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES (64 * 1024)

typedef struct entry {
    const char *key;
    uint32_t len;
    uint64_t hash;
} entry;

struct vm_strmap {
    uint64_t *slots;
    size_t mask;
    entry *entries;
    size_t count, cap;
    char **chunks;
    size_t nchunks;
    size_t chunk_used;
};

vm_strmap *vm_strmap_new(void) {
    vm_strmap *m = vm_xcalloc(1, sizeof *m);
    m->mask = 63;
    m->slots = vm_xcalloc(m->mask + 1, sizeof *m->slots);
    m->chunk_used = CHUNK_BYTES;
    return m;
}

void vm_strmap_free(vm_strmap *m) {
    if (!m) return;
    for (size_t i = 0; i < m->nchunks; i++) free(m->chunks[i]);
    free(m->chunks);
    free(m->entries);
    free(m->slots);
    free(m);
}

static const char *store_key(vm_strmap *m, const char *key, size_t len) {
    if (len + 1 > CHUNK_BYTES) {
        char *own = vm_xstrndup(key, len);
        m->chunks = vm_xrealloc(m->chunks, (m->nchunks + 1) * sizeof *m->chunks);
        /* Keep the current chunk last so it is still the one being filled. */
        if (m->nchunks) {
            m->chunks[m->nchunks] = m->chunks[m->nchunks - 1];
            m->chunks[m->nchunks - 1] = own;
        } else {
            m->chunks[0] = own;
            m->chunk_used = CHUNK_BYTES;
        }
        m->nchunks++;
        return own;
    }
    if (m->chunk_used + len + 1 > CHUNK_BYTES) {
        m->chunks = vm_xrealloc(m->chunks, (m->nchunks + 1) * sizeof *m->chunks);
        m->chunks[m->nchunks++] = vm_xmalloc(CHUNK_BYTES);
        m->chunk_used = 0;
    }
    char *dst = m->chunks[m->nchunks - 1] + m->chunk_used;
    memcpy(dst, key, len);
    dst[len] = '\0';
    m->chunk_used += len + 1;
    return dst;
}

static uint64_t slot_value(uint64_t hash, size_t id) { return (hash & 0xFFFFFFFF00000000u) | (id + 1); }
static long slot_id(uint64_t slot) { return (long)(slot & 0xFFFFFFFFu) - 1; }

static size_t probe(const vm_strmap *m, const char *key, size_t len, uint64_t h) {
    size_t i = (size_t)h & m->mask;
    for (;;) {
        uint64_t s = m->slots[i];
        if (s == 0) return i;
        if ((s ^ h) >> 32 == 0) {
            const entry *e = &m->entries[slot_id(s)];
            if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0) return i;
        }
        i = (i + 1) & m->mask;
    }
}

static void grow(vm_strmap *m) {
    size_t size = (m->mask + 1) * 2;
    free(m->slots);
    m->slots = vm_xcalloc(size, sizeof *m->slots);
    m->mask = size - 1;
    for (size_t id = 0; id < m->count; id++) {
        size_t i = (size_t)m->entries[id].hash & m->mask;
        while (m->slots[i]) i = (i + 1) & m->mask;
        m->slots[i] = slot_value(m->entries[id].hash, id);
    }
}

long vm_strmap_find(const vm_strmap *m, const char *key, size_t len) {
    uint64_t h = vm_hash64(key, len, 0);
    return slot_id(m->slots[probe(m, key, len, h)]);
}

long vm_strmap_intern(vm_strmap *m, const char *key, size_t len, int *added) {
    uint64_t h = vm_hash64(key, len, 0);
    size_t i = probe(m, key, len, h);
    if (m->slots[i]) {
        if (added) *added = 0;
        return slot_id(m->slots[i]);
    }
    if (m->count == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->entries = vm_xrealloc(m->entries, m->cap * sizeof *m->entries);
    }
    entry *e = &m->entries[m->count];
    e->key = store_key(m, key, len);
    e->len = (uint32_t)len;
    e->hash = h;
    m->slots[i] = slot_value(h, m->count++);
    if (added) *added = 1;
    if (m->count * 2 > m->mask + 1) grow(m);
    return (long)m->count - 1;
}

const char *vm_strmap_key(const vm_strmap *m, long id, size_t *len) {
    if (len) *len = m->entries[id].len;
    return m->entries[id].key;
}

size_t vm_strmap_size(const vm_strmap *m) { return m->count; }
