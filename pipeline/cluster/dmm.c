/*
 * dmm.c - collapsed Gibbs sampling for the Dirichlet-multinomial mixture
 * (see dmm.h).
 *
 * Layout: per-word rows of nslots floats (word-major), so scoring a
 * document adds |d| contiguous rows. Invariants, for every slot k and word
 * w: nkw[w][k] = prior + sampled documents of k holding w;
 * lg[w][k] = log(1 + nkw[w][k] / beta); lm[k] = log(m_k + alpha);
 * den[k][L] = sum_{i < L} log(n_k + V beta + i) for L <= den_len[k],
 * and den_len[k] = VM_DMM_MAX_LEN outside vm_dmm_fit (inside, rows are
 * extended only as far as the documents scored need). The constant
 * |d| log(beta) shared by every slot is left out of the scores.
 *
 * These caches and the table of log(1 + c / beta) for small whole counts
 * c hold exactly the values the formulas give, so fits do not depend on
 * them.
 */
#include "cluster/dmm.h"
#include "common/hash.h"
#include "common/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEN_ROW (VM_DMM_MAX_LEN + 1)
#define LOG_COUNTS 4096      /* whole counts with a precomputed log(1 + c / beta) */

struct vm_dmm {
    uint32_t nwords, nslots;
    vm_dmm_params p;
    float *nkw, *lg;         /* nwords * nslots */
    double *m, *n, *lm;      /* per slot */
    double *den;             /* nslots * DEN_ROW */
    size_t *den_len;         /* per slot */
    double vbeta;
    double log_count[LOG_COUNTS];
};

/* log(1 + v / beta), from the table when v is a small whole count. */
static double log_count(const vm_dmm *d, float v) {
    if (v >= 0 && v < LOG_COUNTS && v == (float)(int)v) return d->log_count[(int)v];
    return log1p(v / d->p.beta);
}

/* Slot k's m_k or n_k changed: refreshes lm[k] and empties its den row. */
static void update_slot(vm_dmm *d, uint32_t k) {
    d->lm[k] = log(d->m[k] + d->p.alpha);
    d->den_len[k] = 0;
}

/* Brings every slot's den row up to length len. */
static void extend_den(vm_dmm *d, size_t len) {
    for (uint32_t k = 0; k < d->nslots; k++) {
        double *row = d->den + (size_t)k * DEN_ROW, base = d->n[k] + d->vbeta;
        for (size_t i = d->den_len[k]; i < len; i++) row[i + 1] = row[i] + log(base + (double)i);
        if (d->den_len[k] < len) d->den_len[k] = len;
    }
}

vm_dmm *vm_dmm_new(uint32_t nwords, uint32_t nslots, const vm_dmm_params *p) {
    vm_dmm *d = vm_xcalloc(1, sizeof *d);
    d->nwords = nwords;
    d->nslots = nslots;
    d->p = *p;
    size_t cells = (size_t)nwords * nslots;
    d->nkw = vm_xcalloc(cells, sizeof *d->nkw);
    d->lg = vm_xcalloc(cells, sizeof *d->lg);
    d->m = vm_xcalloc(nslots, sizeof *d->m);
    d->n = vm_xcalloc(nslots, sizeof *d->n);
    d->lm = vm_xcalloc(nslots, sizeof *d->lm);
    d->den = vm_xcalloc((size_t)nslots * DEN_ROW, sizeof *d->den);
    d->den_len = vm_xcalloc(nslots, sizeof *d->den_len);
    d->vbeta = nwords * p->beta;
    for (int c = 0; c < LOG_COUNTS; c++) d->log_count[c] = log1p((double)c / p->beta);
    for (uint32_t k = 0; k < nslots; k++) update_slot(d, k);
    extend_den(d, VM_DMM_MAX_LEN);
    return d;
}

void vm_dmm_free(vm_dmm *d) {
    if (!d) return;
    free(d->nkw);
    free(d->lg);
    free(d->m);
    free(d->n);
    free(d->lm);
    free(d->den);
    free(d->den_len);
    free(d);
}

uint32_t vm_dmm_slots(const vm_dmm *d) { return d->nslots; }

static void set_cell(vm_dmm *d, size_t cell, float v) {
    d->nkw[cell] = v;
    d->lg[cell] = (float)log_count(d, v);
}

void vm_dmm_prior(vm_dmm *d, uint32_t k, double docs, double words, const uint32_t *w, const float *count,
                  size_t n) {
    d->m[k] += docs;
    d->n[k] += words;
    for (size_t i = 0; i < n; i++) {
        size_t cell = (size_t)w[i] * d->nslots + k;
        set_cell(d, cell, d->nkw[cell] + count[i]);
    }
    update_slot(d, k);
    extend_den(d, VM_DMM_MAX_LEN);
}

/* Adds (sign +1) or removes (-1) a document from slot k. */
static void move(vm_dmm *d, const uint32_t *w, size_t len, uint32_t k, int sign) {
    for (size_t i = 0; i < len; i++) {
        size_t cell = (size_t)w[i] * d->nslots + k;
        set_cell(d, cell, d->nkw[cell] + (float)sign);
    }
    d->m[k] += sign;
    d->n[k] += sign * (double)len;
    update_slot(d, k);
}

/* Scores of every slot for a document, into s (nslots floats); den rows
 * must reach len. */
static void score_all(const vm_dmm *d, const uint32_t *w, size_t len, float *s) {
    uint32_t K = d->nslots;
    for (uint32_t k = 0; k < K; k++)
        s[k] = (float)(d->lm[k] - d->den[(size_t)k * DEN_ROW + len]);
    for (size_t i = 0; i < len; i++) {
        const float *row = d->lg + (size_t)w[i] * K;
        for (uint32_t k = 0; k < K; k++) s[k] += row[k];
    }
}

/* Score of slot k for a document that is in it, as if it were not. */
static float score_without(const vm_dmm *d, const uint32_t *w, size_t len, uint32_t k) {
    double s = log(d->m[k] - 1 + d->p.alpha), base = d->n[k] - (double)len + d->vbeta;
    for (size_t i = 0; i < len; i++) {
        s -= log(base + (double)i);
        s += log_count(d, d->nkw[(size_t)w[i] * d->nslots + k] - 1);
    }
    return (float)s;
}

static double uniform(uint64_t seed, uint64_t sweep, uint64_t doc) {
    uint64_t h = vm_mix64(seed ^ vm_mix64((sweep << 40) ^ doc ^ 0x5bd1e995ULL));
    return (double)(h >> 11) * 0x1p-53;
}

/* Draws a slot with probability proportional to exp(s[k]). */
static uint32_t draw(const float *s, uint32_t K, double u, double *p) {
    float top = s[0];
    for (uint32_t k = 1; k < K; k++)
        if (s[k] > top) top = s[k];
    double total = 0;
    for (uint32_t k = 0; k < K; k++) total += p[k] = exp((double)(s[k] - top));
    double x = u * total;
    for (uint32_t k = 0; k < K; k++) {
        x -= p[k];
        if (x < 0) return k;
    }
    for (uint32_t k = K; k-- > 0;)   /* rounding left x >= 0: last candidate */
        if (p[k] > 0) return k;
    return 0;
}

/* Starts loading what a sweep reads for a document in slot z: its rows
 * of lg (score_all) and its own counts (score_without). */
static void prefetch_doc(const vm_dmm *d, const uint32_t *w, size_t len, uint32_t z) {
    uint32_t K = d->nslots;
    for (size_t i = 0; i < len; i++) {
        const float *row = d->lg + (size_t)w[i] * K;
        for (uint32_t k = 0; k < K; k += 16) __builtin_prefetch(row + k);
        __builtin_prefetch(row + K - 1);
        __builtin_prefetch(d->nkw + (size_t)w[i] * K + z);
    }
}

void vm_dmm_fit(vm_dmm *d, const uint32_t *words, const uint64_t *off, size_t ndocs, uint32_t first_free,
                uint32_t *z) {
    uint32_t K = d->nslots;
    float *s = vm_xmalloc(K * sizeof *s);
    double *p = vm_xmalloc(K * sizeof *p);
    for (size_t i = 0; i < ndocs; i++) {
        const uint32_t *w = words + off[i];
        size_t len = (size_t)(off[i + 1] - off[i]);
        if (first_free == 0) {
            z[i] = (uint32_t)(vm_mix64(d->p.seed ^ vm_mix64(i + 1)) % K);
        } else {
            extend_den(d, len);
            score_all(d, w, len, s);
            z[i] = draw(s, K, uniform(d->p.seed, 0, i), p);
        }
        move(d, w, len, z[i], +1);
    }
    for (int sweep = 1; sweep <= d->p.sweeps; sweep++) {
        for (size_t i = 0; i < ndocs; i++) {
            const uint32_t *w = words + off[i];
            size_t len = (size_t)(off[i + 1] - off[i]);
            if (i + 1 < ndocs) prefetch_doc(d, words + off[i + 1], (size_t)(off[i + 2] - off[i + 1]), z[i + 1]);
            extend_den(d, len);
            score_all(d, w, len, s);
            s[z[i]] = score_without(d, w, len, z[i]);
            uint32_t k = draw(s, K, uniform(d->p.seed, (uint64_t)sweep, i), p);
            if (k == z[i]) continue;
            move(d, w, len, z[i], -1);
            move(d, w, len, k, +1);
            z[i] = k;
        }
    }
    extend_den(d, VM_DMM_MAX_LEN);
    free(s);
    free(p);
}

long vm_dmm_best(const vm_dmm *d, const uint32_t *w, size_t len, const unsigned char *enabled, float *scratch) {
    if (len == 0) return -1;
    score_all(d, w, len, scratch);
    long best = -1;
    for (uint32_t k = 0; k < d->nslots; k++)
        if (enabled[k] && (best < 0 || scratch[k] > scratch[best])) best = k;
    return best;
}
