/*
 * fit.c - one run's slot assignment: pruning, sampling, the Gibbs fit and
 * the parallel assignment of every document (see fit.h).
 *
 * Invariant: dense[id] is the sampler's word id of vocabulary id `id`, or
 * NO_WORD; every feature of a history topic and of a sampled document has
 * one. doc_slot[d] is UNSET until a document is assigned.
 */
#include "cluster/fit.h"
#include "cluster/dmm.h"
#include "common/hash.h"
#include "common/mem.h"
#include "common/pipeline.h"

#include <stdlib.h>
#include <string.h>

#define NO_WORD UINT32_MAX
#define UNSET (-2)
#define CHUNK_DOCS 4096

void vm_fit_free(vm_fit *f) {
    free(f->slot_topic);
    free(f->doc_slot);
    memset(f, 0, sizeof *f);
}

/* Drops features held by fewer than 2 documents over model and run. */
static uint64_t prune_rare(vm_corpus *c, const vm_topic_model *m) {
    size_t v = vm_strmap_size(m->vocab);
    unsigned char *keep = vm_xmalloc(v + 1);
    for (size_t id = 0; id < v; id++) {
        uint64_t df = (id < m->df_cap ? m->df[id] : 0) + (id < c->df_cap ? c->df[id] : 0);
        keep[id] = df >= 2;
    }
    uint64_t dropped = vm_corpus_prune(c, keep);
    free(keep);
    return dropped;
}

static size_t default_min_size(size_t docs) {
    size_t s = docs / 200;
    return s < 5 ? 5 : s > 100 ? 100 : s;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Picks the documents the sampler sees: all non-empty ones, or a seeded
 * hash-chosen subset of about `want` of them. Returns the count. */
static size_t choose_sample(const vm_corpus *c, size_t want, uint64_t seed, size_t *pick) {
    size_t nonempty = 0, n = 0;
    for (size_t d = 0; d < c->ndocs; d++) nonempty += vm_corpus_len(c, d) > 0;
    uint64_t limit = nonempty <= want ? UINT64_MAX : (uint64_t)((double)want / (double)nonempty * 0x1p64);
    for (size_t d = 0; d < c->ndocs; d++) {
        if (vm_corpus_len(c, d) == 0) continue;
        if (limit == UINT64_MAX || vm_mix64(seed ^ vm_mix64(d + 0x9e3779b9ULL)) < limit) pick[n++] = d;
    }
    return n;
}

static uint32_t dense_id(uint32_t *dense, uint32_t *next, uint32_t id) {
    if (dense[id] == NO_WORD) dense[id] = (*next)++;
    return dense[id];
}

/* Gives sampler ids to every feature of the history topics, then of the
 * sampled documents, in that order. Returns the number of words. */
static uint32_t build_dense(uint32_t *dense, const vm_fit *f, const vm_topic_model *m, const vm_corpus *c,
                            const size_t *pick, size_t npick) {
    uint32_t next = 0;
    for (uint32_t k = 0; k < f->nhistory; k++) {
        const vm_topic *t = &m->topics[f->slot_topic[k]];
        for (uint32_t i = 0; i < t->nterms; i++) dense_id(dense, &next, t->terms[i].term);
    }
    for (size_t i = 0; i < npick; i++)
        for (uint64_t j = c->off[pick[i]]; j < c->off[pick[i] + 1]; j++) dense_id(dense, &next, c->feat[j]);
    return next;
}

static void add_priors(vm_dmm *dmm, const vm_fit *f, const vm_topic_model *m, const uint32_t *dense,
                       double cap) {
    for (uint32_t k = 0; k < f->nhistory; k++) {
        const vm_topic *t = &m->topics[f->slot_topic[k]];
        double scale = t->docs > cap ? cap / (double)t->docs : 1.0;
        uint32_t *w = vm_xmalloc((t->nterms + 1) * sizeof *w);
        float *cnt = vm_xmalloc((t->nterms + 1) * sizeof *cnt);
        for (uint32_t i = 0; i < t->nterms; i++) {
            w[i] = dense[t->terms[i].term];
            cnt[i] = (float)((double)t->terms[i].count * scale);
        }
        vm_dmm_prior(dmm, k, (double)t->docs * scale, (double)t->words * scale, w, cnt, t->nterms);
        free(w);
        free(cnt);
    }
}

static void fit_sample(vm_dmm *dmm, const vm_corpus *c, const uint32_t *dense, const size_t *pick, size_t npick,
                       uint32_t first_free) {
    uint64_t *off = vm_xmalloc((npick + 1) * sizeof *off);
    uint32_t *words = vm_xmalloc((c->off[c->ndocs] + 1) * sizeof *words);
    off[0] = 0;
    for (size_t i = 0; i < npick; i++) {
        uint64_t o = off[i];
        for (uint64_t j = c->off[pick[i]]; j < c->off[pick[i] + 1]; j++) words[o++] = dense[c->feat[j]];
        off[i + 1] = o;
    }
    uint32_t *z = vm_xmalloc((npick + 1) * sizeof *z);
    vm_dmm_fit(dmm, words, off, npick, first_free, z);
    free(z);
    free(words);
    free(off);
}

/* ---- parallel assignment ---- */

typedef struct assign_ctx {
    const vm_corpus *c;
    const vm_dmm *dmm;
    const uint32_t *dense;
    const unsigned char *enabled;
    int32_t *doc_slot;
    size_t next;
} assign_ctx;

typedef struct chunk {
    size_t from, to;
} chunk;

static int produce_chunk(void *ctx, void **batch, vm_error *err) {
    assign_ctx *a = ctx;
    *batch = NULL;
    if (a->next >= a->c->ndocs) return 0;
    chunk *ch = vm_xmalloc(sizeof *ch);
    ch->from = a->next;
    ch->to = a->next + CHUNK_DOCS < a->c->ndocs ? a->next + CHUNK_DOCS : a->c->ndocs;
    a->next = ch->to;
    *batch = ch;
    (void)err;
    return 0;
}

/* Assigns the chunk's documents that are unset or sit in a disabled slot. */
static int assign_chunk(void *ctx, void *batch, vm_error *err) {
    const assign_ctx *a = ctx;
    chunk *ch = batch;
    float *scratch = vm_xmalloc(vm_dmm_slots(a->dmm) * sizeof *scratch);
    uint32_t w[VM_DOC_MAX_FEATURES];
    for (size_t d = ch->from; d < ch->to; d++) {
        int32_t s = a->doc_slot[d];
        if (s == -1 || (s >= 0 && a->enabled[s])) continue;
        size_t len = 0;
        for (uint64_t j = a->c->off[d]; j < a->c->off[d + 1]; j++)
            if (a->dense[a->c->feat[j]] != NO_WORD) w[len++] = a->dense[a->c->feat[j]];
        a->doc_slot[d] = (int32_t)vm_dmm_best(a->dmm, w, len, a->enabled, scratch);
    }
    free(scratch);
    free(ch);
    (void)err;
    return 0;
}

static void discard_chunk(void *ctx, void *batch) {
    (void)ctx;
    free(batch);
}

static int assign_all(assign_ctx *a, int threads, vm_error *err) {
    static const vm_step steps[] = {{0, assign_chunk}};
    vm_pipeline_spec spec = {.produce = produce_chunk, .steps = steps, .nsteps = 1,
                             .discard = discard_chunk, .threads = threads};
    a->next = 0;
    return vm_pipeline_run(&spec, a, err);
}

/* Disables fresh slots below min_size, except that without history slots
 * the largest slot always stays; returns how many non-empty slots went. */
static size_t dissolve_small(vm_fit *f, unsigned char *enabled, size_t ndocs) {
    size_t *size = vm_xcalloc(f->nslots, sizeof *size), n = 0;
    for (size_t d = 0; d < ndocs; d++)
        if (f->doc_slot[d] >= 0) size[f->doc_slot[d]]++;
    uint32_t largest = f->nhistory;
    for (uint32_t k = f->nhistory; k < f->nslots; k++)
        if (size[k] > size[largest]) largest = k;
    for (uint32_t k = f->nhistory; k < f->nslots; k++) {
        if (!enabled[k] || size[k] >= f->min_size || (f->nhistory == 0 && k == largest)) continue;
        enabled[k] = 0;
        n += size[k] > 0;
    }
    free(size);
    return n;
}

/* Most recently seen first, then larger, then older. */
static int cmp_recent(const void *a, const void *b, void *model) {
    const vm_topic_model *m = model;
    const vm_topic *x = &m->topics[*(const long *)a], *y = &m->topics[*(const long *)b];
    if (x->last_run != y->last_run) return x->last_run > y->last_run ? -1 : 1;
    if (x->docs != y->docs) return x->docs > y->docs ? -1 : 1;
    return (x->num > y->num) - (x->num < y->num);
}

/* History slots: the model's topics that are not merged, at most
 * VM_FIT_MAX_HISTORY of them (the most recently seen), in model order. */
static void choose_slots(vm_fit *f, const vm_topic_model *m, const vm_cluster_opts *o) {
    f->slot_topic = vm_xmalloc((m->ntopics + 1) * sizeof *f->slot_topic);
    if (!o->retrain)
        for (size_t i = 0; i < m->ntopics; i++)
            if (m->topics[i].status != VM_TOPIC_MERGED) f->slot_topic[f->nhistory++] = (long)i;
    if (f->nhistory > VM_FIT_MAX_HISTORY) {
        qsort_r(f->slot_topic, f->nhistory, sizeof *f->slot_topic, cmp_recent, (void *)m);
        f->nhistory = VM_FIT_MAX_HISTORY;
        qsort(f->slot_topic, f->nhistory, sizeof *f->slot_topic, cmp_long);
    }
    f->nslots = f->nhistory + o->fresh;
}

int vm_fit_run(vm_fit *f, vm_corpus *c, const vm_topic_model *m, const vm_cluster_opts *o, vm_error *err) {
    memset(f, 0, sizeof *f);
    f->pruned = prune_rare(c, m);
    choose_slots(f, m, o);
    size_t *pick = vm_xmalloc((c->ndocs + 1) * sizeof *pick);
    size_t npick = choose_sample(c, o->sample, o->seed, pick);
    f->sampled = npick;
    size_t nonempty = 0;
    for (size_t d = 0; d < c->ndocs; d++) nonempty += vm_corpus_len(c, d) > 0;
    f->min_size = o->min_size ? o->min_size : default_min_size(nonempty);

    size_t v = vm_strmap_size(m->vocab);
    uint32_t *dense = vm_xmalloc((v + 1) * sizeof *dense);
    memset(dense, 0xff, (v + 1) * sizeof *dense);
    f->sampler_vocab = build_dense(dense, f, m, c, pick, npick);
    vm_dmm_params p = {.alpha = o->alpha, .beta = o->beta, .sweeps = o->sweeps, .seed = o->seed};
    vm_dmm *dmm = vm_dmm_new(f->sampler_vocab ? f->sampler_vocab : 1, f->nslots, &p);
    add_priors(dmm, f, m, dense, o->history_cap);
    fit_sample(dmm, c, dense, pick, npick, f->nhistory);
    free(pick);

    f->doc_slot = vm_xmalloc((c->ndocs + 1) * sizeof *f->doc_slot);
    for (size_t d = 0; d < c->ndocs; d++) f->doc_slot[d] = UNSET;
    unsigned char *enabled = vm_xmalloc(f->nslots + 1);
    memset(enabled, 1, f->nslots + 1);
    assign_ctx a = {.c = c, .dmm = dmm, .dense = dense, .enabled = enabled, .doc_slot = f->doc_slot};
    int rc = assign_all(&a, o->threads, err);
    while (rc == 0) {
        size_t gone = dissolve_small(f, enabled, c->ndocs);
        if (gone == 0) break;
        f->dissolved += gone;
        rc = assign_all(&a, o->threads, err);
    }
    free(enabled);
    free(dense);
    vm_dmm_free(dmm);
    return rc;
}
