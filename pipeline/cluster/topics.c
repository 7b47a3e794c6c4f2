/*
 * topics.c - from fitted slots to topics with stable ids; model update,
 * names (label.h), membership scores and exemplars (see topics.h).
 *
 * Invariants: topics are addressed by index into m->topics (indices stay
 * valid while topics are appended; pointers do not); redirect[i] is the
 * topic that absorbed topic i this run, or i; acc and dense are all zero
 * between uses.
 */
#include "cluster/topics.h"
#include "common/mem.h"
#include "common/utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINEAGE_EVENTS 8
#define EXEMPLARS 3

typedef struct stats {
    uint64_t docs, words;
    vm_topic_term *terms;
    uint32_t nterms;
} stats;

typedef struct vec {
    uint32_t *term;
    float *w;
    uint32_t n;
} vec;

typedef struct ctx {
    vm_topic_model *m;
    const vm_corpus *c;
    const vm_fit *f;
    const vm_labeler *labeler;
    uint32_t run;
    size_t vocab;
    uint64_t *acc;          /* per vocabulary id, zero between uses */
    uint32_t *touched;
    float *dense;           /* per vocabulary id, zero between uses */
    double *idf;
    long *slot_topic;       /* slot -> topic index after this run, or -1 */
    long *redirect;         /* topic index -> absorbing topic index */
    size_t redirect_cap;
    vm_run_topics *r;
} ctx;

void vm_run_topics_free(vm_run_topics *r) {
    free(r->doc_topic);
    free(r->doc_score);
    free(r->size);
    memset(r, 0, sizeof *r);
}

/* ---- statistics ---- */

static void acc_add(ctx *x, size_t *n, uint32_t term, uint64_t count) {
    if (x->acc[term] == 0) x->touched[(*n)++] = term;
    x->acc[term] += count;
}

/* Moves the accumulated counts into a fresh term array and clears acc. */
static vm_topic_term *acc_take(ctx *x, size_t n) {
    vm_topic_term *t = vm_xmalloc((n + 1) * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        t[i] = (vm_topic_term){x->touched[i], x->acc[x->touched[i]]};
        x->acc[x->touched[i]] = 0;
    }
    return t;
}

/* Per slot: documents, words and term counts of its documents. */
static stats *slot_stats(ctx *x) {
    const vm_corpus *c = x->c;
    uint32_t K = x->f->nslots;
    stats *s = vm_xcalloc(K, sizeof *s);
    size_t *start = vm_xcalloc(K + 1, sizeof *start);
    for (size_t d = 0; d < c->ndocs; d++)
        if (x->f->doc_slot[d] >= 0) start[x->f->doc_slot[d] + 1]++;
    for (uint32_t k = 0; k < K; k++) start[k + 1] += start[k];
    size_t *order = vm_xmalloc((start[K] + 1) * sizeof *order), *fill = vm_xmalloc((K + 1) * sizeof *fill);
    memcpy(fill, start, K * sizeof *fill);
    for (size_t d = 0; d < c->ndocs; d++)
        if (x->f->doc_slot[d] >= 0) order[fill[x->f->doc_slot[d]]++] = d;
    for (uint32_t k = 0; k < K; k++) {
        size_t n = 0;
        for (size_t i = start[k]; i < start[k + 1]; i++) {
            size_t d = order[i];
            for (uint64_t j = c->off[d]; j < c->off[d + 1]; j++) acc_add(x, &n, c->feat[j], 1);
            s[k].words += vm_corpus_len(c, d);
        }
        s[k].docs = start[k + 1] - start[k];
        s[k].terms = acc_take(x, n);
        s[k].nterms = (uint32_t)n;
    }
    free(order);
    free(fill);
    free(start);
    return s;
}

static void add_stats(ctx *x, vm_topic *t, const vm_topic_term *terms, uint32_t n, uint64_t docs,
                      uint64_t words) {
    size_t k = 0;
    for (uint32_t i = 0; i < t->nterms; i++) acc_add(x, &k, t->terms[i].term, t->terms[i].count);
    for (uint32_t i = 0; i < n; i++) acc_add(x, &k, terms[i].term, terms[i].count);
    free(t->terms);
    t->terms = acc_take(x, k);
    t->nterms = (uint32_t)k;
    t->docs += docs;
    t->words += words;
}

static void set_stats(ctx *x, vm_topic *t, const stats *s) {
    free(t->terms);
    t->terms = NULL;
    t->nterms = 0;
    t->docs = t->words = 0;
    add_stats(x, t, s->terms, s->nterms, s->docs, s->words);
}

/* Keeps a topic's VM_MODEL_TOPIC_TERMS most frequent terms. */
static void prune_terms(const vm_topic_model *m, vm_topic *t) {
    vm_topic_terms_sort(m, t->terms, t->nterms);
    if (t->nterms > VM_MODEL_TOPIC_TERMS) t->nterms = VM_MODEL_TOPIC_TERMS;
}

/* ---- similarity ---- */

static double idf_of(const vm_topic_model *m, uint32_t term) {
    uint64_t df = term < m->df_cap ? m->df[term] : 0;
    return log(((double)m->docs + 1) / ((double)df + 1));
}

static vec make_vec(const ctx *x, const vm_topic_term *terms, uint32_t n, uint64_t docs) {
    vec v = {vm_xmalloc((n + 1) * sizeof *v.term), vm_xmalloc((n + 1) * sizeof *v.w), n};
    double norm = 0;
    for (uint32_t i = 0; i < n; i++) {
        double w = docs ? (double)terms[i].count / (double)docs * x->idf[terms[i].term] : 0;
        v.term[i] = terms[i].term;
        v.w[i] = (float)w;
        norm += w * w;
    }
    norm = norm > 0 ? sqrt(norm) : 1;
    for (uint32_t i = 0; i < n; i++) v.w[i] = (float)(v.w[i] / norm);
    return v;
}

static vec topic_vec(const ctx *x, long ti) {
    const vm_topic *t = &x->m->topics[ti];
    return make_vec(x, t->terms, t->nterms, t->docs);
}

static void free_vec(vec *v) {
    free(v->term);
    free(v->w);
    v->term = NULL;
    v->w = NULL;
    v->n = 0;
}

static void load_dense(ctx *x, const vec *v) {
    for (uint32_t i = 0; i < v->n; i++) x->dense[v->term[i]] = v->w[i];
}

static void clear_dense(ctx *x, const vec *v) {
    for (uint32_t i = 0; i < v->n; i++) x->dense[v->term[i]] = 0;
}

/* Cosine of b with the vector currently loaded in dense. */
static double dot_dense(const ctx *x, const vec *b) {
    double s = 0;
    for (uint32_t i = 0; i < b->n; i++) s += (double)x->dense[b->term[i]] * b->w[i];
    return s;
}

/* ---- topic bookkeeping ---- */

static void add_event(vm_topic *t, const char *what, uint32_t other, uint32_t run) {
    vm_buf b = {0};
    const char *s = t->lineage;
    size_t events = *s ? 1 : 0;
    for (const char *p = s; *p; p++) events += *p == ';';
    while (events >= LINEAGE_EVENTS) {   /* drop the oldest */
        const char *semi = strchr(s, ';');
        s = semi ? semi + 1 : s + strlen(s);
        events--;
    }
    vm_buf_puts(&b, s);
    vm_buf_printf(&b, "%s%s=T%u@%u", b.len ? ";" : "", what, other, run);
    free(t->lineage);
    t->lineage = vm_buf_detach(&b);
}

static void grow_redirect(ctx *x) {
    size_t n = x->m->ntopics;
    if (n <= x->redirect_cap) return;
    x->redirect = vm_xrealloc(x->redirect, n * sizeof *x->redirect);
    for (size_t i = x->redirect_cap; i < n; i++) x->redirect[i] = (long)i;
    x->redirect_cap = n;
}

static long create_topic(ctx *x, const stats *s) {
    vm_topic *t = vm_topic_model_add(x->m, x->m->next_topic++);
    t->status = VM_TOPIC_NEW;
    t->created_run = t->last_run = x->run;
    add_stats(x, t, s->terms, s->nterms, s->docs, s->words);
    x->r->created++;
    grow_redirect(x);
    return (long)x->m->ntopics - 1;
}

static void mark_seen(ctx *x, long ti) {
    vm_topic *t = &x->m->topics[ti];
    if (t->status != VM_TOPIC_NEW || t->created_run != x->run) t->status = VM_TOPIC_ACTIVE;
    t->last_run = x->run;
}

/* Topic `gone` is absorbed by `into` (statistics added when `add`). */
static void absorb(ctx *x, long into, long gone, int add) {
    vm_topic *a = &x->m->topics[into], *b = &x->m->topics[gone];
    if (add) add_stats(x, a, b->terms, b->nterms, b->docs, b->words);
    b->status = VM_TOPIC_MERGED;
    add_event(b, "merged_into", a->num, x->run);
    add_event(a, "absorbed", b->num, x->run);
    x->redirect[gone] = into;
    x->r->merged++;
}

/* Indices of topics that are not merged. */
static size_t live_topics(const vm_topic_model *m, long *out) {
    size_t n = 0;
    for (size_t i = 0; i < m->ntopics; i++)
        if (m->topics[i].status != VM_TOPIC_MERGED) out[n++] = (long)i;
    return n;
}

/* Best similarity of v among topics idx[0..n) (ties: first); -1 if none. */
static long best_match(ctx *x, const vec *v, const vec *tv, const long *idx, size_t n, double *sim) {
    long best = -1;
    *sim = 0;
    load_dense(x, v);
    for (size_t i = 0; i < n; i++) {
        double s = dot_dense(x, &tv[i]);
        if (best < 0 || s > *sim) {
            best = idx[i];
            *sim = s;
        }
    }
    clear_dense(x, v);
    return best;
}

/* ---- sibling slots ---- */

/* Fresh slots of this run whose profiles are alike (>= VM_SIM_SIBLING)
 * hold one theme the sampler split (a local optimum of Gibbs sampling, or
 * facets of one problem): the smaller joins the larger (ties: lower
 * slot), repeatedly, most similar pair first. alias[k] receives the slot
 * that took slot k's documents. */
static void merge_siblings(ctx *x, stats *s, uint32_t *alias) {
    uint32_t K = x->f->nslots;
    for (uint32_t k = 0; k < K; k++) alias[k] = k;
    vec *v = vm_xcalloc(K + 1, sizeof *v);
    for (uint32_t k = x->f->nhistory; k < K; k++)
        if (s[k].docs) v[k] = make_vec(x, s[k].terms, s[k].nterms, s[k].docs);
    for (;;) {
        double top = VM_SIM_SIBLING;
        uint32_t a = K, b = K;
        for (uint32_t i = x->f->nhistory; i < K; i++) {
            if (!s[i].docs) continue;
            load_dense(x, &v[i]);
            for (uint32_t j = i + 1; j < K; j++) {
                double sim = s[j].docs ? dot_dense(x, &v[j]) : 0;
                int better = a == K ? sim >= top : sim > top;   /* the first of equals wins */
                if (!better) continue;
                top = sim;
                a = s[j].docs > s[i].docs ? j : i;
                b = a == i ? j : i;
            }
            clear_dense(x, &v[i]);
        }
        if (a == K) break;
        vm_topic t = {0};
        add_stats(x, &t, s[a].terms, s[a].nterms, s[a].docs, s[a].words);
        add_stats(x, &t, s[b].terms, s[b].nterms, s[b].docs, s[b].words);
        free(s[a].terms);
        s[a] = (stats){t.docs, t.words, t.terms, t.nterms};
        free(s[b].terms);
        s[b] = (stats){0};
        for (uint32_t k = 0; k < K; k++)
            if (alias[k] == b) alias[k] = a;
        free_vec(&v[a]);
        free_vec(&v[b]);
        v[a] = make_vec(x, s[a].terms, s[a].nterms, s[a].docs);
        x->r->siblings++;
    }
    for (uint32_t k = 0; k < K; k++) free_vec(&v[k]);
    free(v);
}

/* ---- ordinary runs ---- */

static void update_history(ctx *x, stats *s) {
    for (uint32_t k = 0; k < x->f->nhistory; k++) {
        long ti = x->f->slot_topic[k];
        vm_topic *t = &x->m->topics[ti];
        if (s[k].docs == 0) continue;
        add_stats(x, t, s[k].terms, s[k].nterms, s[k].docs, s[k].words);
        mark_seen(x, ti);
        x->slot_topic[k] = ti;
    }
}

/* Fresh slots: folded into an old topic they match, else new topics.
 * Only topics that existed before this run are candidates. */
static void place_fresh(ctx *x, stats *s) {
    vm_topic_model *m = x->m;
    long *idx = vm_xmalloc((m->ntopics + 1) * sizeof *idx);
    vec *tv = vm_xcalloc(m->ntopics + 1, sizeof *tv);
    size_t n = live_topics(m, idx);
    for (size_t i = 0; i < n; i++) tv[i] = topic_vec(x, idx[i]);
    for (uint32_t k = x->f->nhistory; k < x->f->nslots; k++) {
        if (s[k].docs == 0) continue;
        vec v = make_vec(x, s[k].terms, s[k].nterms, s[k].docs);
        double sim;
        long best = best_match(x, &v, tv, idx, n, &sim);
        free_vec(&v);
        if (best >= 0 && sim >= VM_SIM_SAME) {
            add_stats(x, &m->topics[best], s[k].terms, s[k].nterms, s[k].docs, s[k].words);
            mark_seen(x, best);
            x->slot_topic[k] = best;
            x->r->folded++;
            continue;
        }
        long ti = create_topic(x, &s[k]);
        if (best >= 0 && sim >= VM_SIM_RELATED) {
            add_event(&m->topics[ti], "split_from", m->topics[best].num, x->run);
            x->r->split++;
        }
        x->slot_topic[k] = ti;
    }
    for (size_t i = 0; i < n; i++) free_vec(&tv[i]);
    free(tv);
    free(idx);
}

typedef struct pair {
    double sim;
    long a, b;     /* topic indices (merge: a older), or (slot, topic) */
} pair;

static int cmp_pairs(const void *p, const void *q) {
    const pair *x = p, *y = q;
    if (x->sim != y->sim) return x->sim > y->sim ? -1 : 1;
    if (x->a != y->a) return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

/* Old topics that became alike: the younger joins the older, at most one
 * merge per topic and run. Pairs need a topic seen this run; topics
 * created this run are left alone (the sampler kept them apart). */
static void merge_alike(ctx *x) {
    vm_topic_model *m = x->m;
    long *idx = vm_xmalloc((m->ntopics + 1) * sizeof *idx);
    size_t n = 0, np = 0, cap = 16;
    for (size_t i = 0; i < m->ntopics; i++)
        if (m->topics[i].status != VM_TOPIC_MERGED && m->topics[i].created_run != x->run) idx[n++] = (long)i;
    vec *tv = vm_xcalloc(n + 1, sizeof *tv);
    pair *pairs = vm_xmalloc(cap * sizeof *pairs);
    for (size_t i = 0; i < n; i++) tv[i] = topic_vec(x, idx[i]);
    for (size_t i = 0; i < n; i++) {
        load_dense(x, &tv[i]);
        for (size_t j = i + 1; j < n; j++) {
            if (m->topics[idx[i]].last_run != x->run && m->topics[idx[j]].last_run != x->run) continue;
            double s = dot_dense(x, &tv[j]);
            if (s < VM_SIM_MERGE) continue;
            if (np == cap) pairs = vm_xrealloc(pairs, (cap *= 2) * sizeof *pairs);
            int older = m->topics[idx[i]].num < m->topics[idx[j]].num;
            pairs[np++] = (pair){s, older ? idx[i] : idx[j], older ? idx[j] : idx[i]};
        }
        clear_dense(x, &tv[i]);
    }
    qsort(pairs, np, sizeof *pairs, cmp_pairs);
    unsigned char *done = vm_xcalloc(m->ntopics + 1, 1);
    for (size_t p = 0; p < np; p++) {
        if (done[pairs[p].a] || done[pairs[p].b]) continue;
        done[pairs[p].a] = done[pairs[p].b] = 1;
        if (m->topics[pairs[p].b].last_run == x->run) mark_seen(x, pairs[p].a);
        absorb(x, pairs[p].a, pairs[p].b, 1);
    }
    free(done);
    free(pairs);
    for (size_t i = 0; i < n; i++) free_vec(&tv[i]);
    free(tv);
    free(idx);
}

/* ---- retraining ---- */

static void retrain_map(ctx *x, stats *s) {
    vm_topic_model *m = x->m;
    uint32_t K = x->f->nslots;
    long *idx = vm_xmalloc((m->ntopics + 1) * sizeof *idx);
    size_t n = live_topics(m, idx), np = 0, cap = 16;
    vec *tv = vm_xcalloc(n + 1, sizeof *tv);
    for (size_t i = 0; i < n; i++) tv[i] = topic_vec(x, idx[i]);
    pair *pairs = vm_xmalloc(cap * sizeof *pairs);
    long *best_old = vm_xmalloc((K + 1) * sizeof *best_old);
    for (uint32_t k = 0; k < K; k++) {
        best_old[k] = -1;
        if (s[k].docs == 0) continue;
        vec v = make_vec(x, s[k].terms, s[k].nterms, s[k].docs);
        load_dense(x, &v);
        double top = 0;
        for (size_t i = 0; i < n; i++) {
            double sim = dot_dense(x, &tv[i]);
            if (sim < VM_SIM_MAP) continue;
            if (np == cap) pairs = vm_xrealloc(pairs, (cap *= 2) * sizeof *pairs);
            pairs[np++] = (pair){sim, k, idx[i]};
            if (best_old[k] < 0 || sim > top) {
                top = sim;
                best_old[k] = idx[i];
            }
        }
        clear_dense(x, &v);
        free_vec(&v);
    }
    qsort(pairs, np, sizeof *pairs, cmp_pairs);
    unsigned char *taken = vm_xcalloc(m->ntopics + 1, 1);
    for (size_t p = 0; p < np; p++) {
        long k = pairs[p].a, ti = pairs[p].b;
        if (x->slot_topic[k] >= 0 || taken[ti]) continue;
        taken[ti] = 1;
        x->slot_topic[k] = ti;
        set_stats(x, &m->topics[ti], &s[k]);
        mark_seen(x, ti);
        x->r->mapped++;
    }
    for (uint32_t k = 0; k < K; k++) {
        if (s[k].docs == 0 || x->slot_topic[k] >= 0) continue;
        long ti = create_topic(x, &s[k]);
        x->slot_topic[k] = ti;
        if (best_old[k] >= 0) {
            add_event(&m->topics[ti], "split_from", m->topics[best_old[k]].num, x->run);
            x->r->split++;
        }
    }
    /* Old topics left over: merged into the slot they resemble most, if
     * that slot went elsewhere (the others become dormant later). */
    for (size_t i = 0; i < n; i++) {
        if (taken[idx[i]]) continue;
        long into = -1;
        for (size_t p = 0; p < np && into < 0; p++)   /* sorted: the first is the best */
            if (pairs[p].b == idx[i]) into = x->slot_topic[pairs[p].a];
        if (into >= 0) absorb(x, into, idx[i], 0);
    }
    free(taken);
    free(best_old);
    free(pairs);
    for (size_t i = 0; i < n; i++) free_vec(&tv[i]);
    free(tv);
    free(idx);
}

/* ---- names, scores, exemplars ---- */

/* Whether a comment id can stand in the exemplar list (and the model):
 * valid UTF-8 without NUL or the list separator ';'. */
static int exemplar_ok(const char *id) {
    return *id && !strchr(id, ';') && vm_utf8_invalid_count(id, strlen(id)) == 0;
}

/* Scores each member of topic ti (docs listed in order) and records the
 * exemplars. dense holds the topic's profile while this runs. */
static void score_members(ctx *x, long ti, const size_t *docs, size_t n) {
    const vm_corpus *c = x->c;
    vec v = topic_vec(x, ti);
    load_dense(x, &v);
    size_t top[EXEMPLARS];
    float topscore[EXEMPLARS];
    size_t ntop = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = docs[i];
        double dot = 0, norm = 0;
        for (uint64_t j = c->off[d]; j < c->off[d + 1]; j++) {
            double w = x->idf[c->feat[j]];
            dot += w * x->dense[c->feat[j]];
            norm += w * w;
        }
        float sc = norm > 0 ? (float)(dot / sqrt(norm)) : 0;
        x->r->doc_score[d] = sc;
        if (!exemplar_ok(vm_corpus_id(c, d))) continue;
        size_t pos = ntop;
        while (pos > 0 && sc > topscore[pos - 1]) pos--;
        if (pos >= EXEMPLARS) continue;
        size_t last = ntop < EXEMPLARS ? ntop : EXEMPLARS - 1;
        for (size_t k = last; k > pos; k--) {
            top[k] = top[k - 1];
            topscore[k] = topscore[k - 1];
        }
        top[pos] = d;
        topscore[pos] = sc;
        if (ntop < EXEMPLARS) ntop++;
    }
    clear_dense(x, &v);
    free_vec(&v);
    vm_buf b = {0};
    for (size_t k = 0; k < ntop; k++) {
        if (k) vm_buf_putc(&b, ';');
        vm_buf_puts(&b, vm_corpus_id(c, top[k]));
    }
    free(x->m->topics[ti].exemplars);
    x->m->topics[ti].exemplars = vm_buf_detach(&b);
}

static void assign_docs(ctx *x) {
    vm_run_topics *r = x->r;
    const vm_corpus *c = x->c;
    size_t K = x->m->ntopics;
    r->size = vm_xcalloc(K + 1, sizeof *r->size);
    r->doc_topic = vm_xmalloc((c->ndocs + 1) * sizeof *r->doc_topic);
    r->doc_score = vm_xcalloc(c->ndocs + 1, sizeof *r->doc_score);
    for (size_t d = 0; d < c->ndocs; d++) {
        int32_t s = x->f->doc_slot[d];
        long ti = s >= 0 ? x->slot_topic[s] : -1;
        while (ti >= 0 && x->redirect[ti] != ti) ti = x->redirect[ti];
        r->doc_topic[d] = ti;
        if (ti >= 0) r->size[ti]++;
        else r->unclustered++;
    }
}

static void finish_topics(ctx *x) {
    vm_topic_model *m = x->m;
    vm_run_topics *r = x->r;
    size_t K = m->ntopics;
    size_t *start = vm_xcalloc(K + 1, sizeof *start);
    for (size_t i = 0; i < K; i++) start[i + 1] = start[i] + r->size[i];
    size_t *order = vm_xmalloc((start[K] + 1) * sizeof *order), *fill = vm_xmalloc((K + 1) * sizeof *fill);
    memcpy(fill, start, K * sizeof *fill);
    for (size_t d = 0; d < x->c->ndocs; d++)
        if (r->doc_topic[d] >= 0) order[fill[r->doc_topic[d]]++] = d;
    for (size_t i = 0; i < K; i++) {
        vm_topic *t = &m->topics[i];
        if (t->last_run == x->run) prune_terms(m, t);   /* statistics changed this run */
        if (t->status == VM_TOPIC_MERGED) continue;
        if (t->last_run != x->run) {   /* no complaint this run */
            t->status = VM_TOPIC_DORMANT;
            r->dormant++;
            continue;
        }
        vm_topic_name(x->labeler, m, t);
        if (r->size[i]) score_members(x, (long)i, order + start[i], r->size[i]);
    }
    free(order);
    free(fill);
    free(start);
}

static void update_global(ctx *x) {
    vm_topic_model *m = x->m;
    vm_topic_model_sync_df(m);
    m->docs += x->c->ndocs;
    for (size_t id = 0; id < x->vocab && id < x->c->df_cap; id++) m->df[id] += x->c->df[id];
    m->run = x->run;
    x->idf = vm_xmalloc((x->vocab + 1) * sizeof *x->idf);
    for (size_t id = 0; id < x->vocab; id++) x->idf[id] = idf_of(m, (uint32_t)id);
}

void vm_topics_update(vm_run_topics *r, vm_topic_model *m, const vm_corpus *c, const vm_fit *f,
                      const vm_labeler *labeler, const vm_cluster_opts *o) {
    memset(r, 0, sizeof *r);
    ctx x = {.m = m, .c = c, .f = f, .labeler = labeler, .run = m->run + 1, .r = r};
    r->run = x.run;
    x.vocab = vm_strmap_size(m->vocab);
    x.acc = vm_xcalloc(x.vocab + 1, sizeof *x.acc);
    x.touched = vm_xmalloc((x.vocab + 1) * sizeof *x.touched);
    x.dense = vm_xcalloc(x.vocab + 1, sizeof *x.dense);
    x.slot_topic = vm_xmalloc((f->nslots + 1) * sizeof *x.slot_topic);
    for (uint32_t k = 0; k < f->nslots; k++) x.slot_topic[k] = -1;
    grow_redirect(&x);
    update_global(&x);

    stats *s = slot_stats(&x);
    uint32_t *alias = vm_xmalloc((f->nslots + 1) * sizeof *alias);
    merge_siblings(&x, s, alias);
    if (o->retrain) {
        retrain_map(&x, s);
    } else {
        update_history(&x, s);
        place_fresh(&x, s);
        merge_alike(&x);
    }
    for (uint32_t k = 0; k < f->nslots; k++) {
        free(s[k].terms);
        x.slot_topic[k] = x.slot_topic[alias[k]];
    }
    free(s);
    free(alias);
    assign_docs(&x);
    finish_topics(&x);

    free(x.acc);
    free(x.touched);
    free(x.dense);
    free(x.idf);
    free(x.slot_topic);
    free(x.redirect);
}
