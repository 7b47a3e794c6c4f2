/*
 * dmm.h - Dirichlet-multinomial mixture over short documents, fitted by
 * collapsed Gibbs sampling (the GSDMM "movie group process", Yin & Wang,
 * KDD 2014), with optional fixed prior counts per slot so that topics of
 * earlier runs keep attracting their documents.
 *
 * A document is a set of dense word ids. Slot k has document count m_k,
 * word total n_k and per-word document counts n_kw (prior + sampled). The
 * probability of document d joining k is proportional to
 *     (m_k + alpha) * prod_{w in d} (n_kw + beta) / prod_{i < |d|} (n_k + V beta + i)
 * (with d itself removed from the counts). Slots that lose all their
 * documents stay available, so the number of topics found is at most the
 * number of slots and usually far below it.
 *
 * Determinism: sweeps visit documents in order and draw from a counter-
 * based generator keyed by (seed, sweep, document), so a fit depends only
 * on its inputs. Fitting is sequential; vm_dmm_best reads frozen counts
 * and is safe to call from many threads at once.
 *
 * The caller owns the sampler and frees it with vm_dmm_free.
 */
#ifndef VM_CLUSTER_DMM_H
#define VM_CLUSTER_DMM_H

#include <stddef.h>
#include <stdint.h>

#define VM_DMM_MAX_LEN 64   /* longest document (words) */

typedef struct vm_dmm_params {
    double alpha;
    double beta;
    int sweeps;
    uint64_t seed;
} vm_dmm_params;

typedef struct vm_dmm vm_dmm;

vm_dmm *vm_dmm_new(uint32_t nwords, uint32_t nslots, const vm_dmm_params *p);
void vm_dmm_free(vm_dmm *d);

/* Adds fixed prior counts to slot k (before fitting): docs, words, and
 * count[i] documents holding word w[i]. */
void vm_dmm_prior(vm_dmm *d, uint32_t k, double docs, double words, const uint32_t *w, const float *count,
                  size_t n);

/* Samples slots for ndocs documents (document i is words[off[i] ..
 * off[i + 1]), at most VM_DMM_MAX_LEN words, none empty). Start: with
 * first_free == 0 (no slot has prior counts) documents are spread
 * uniformly over the slots, as in GSDMM; otherwise each document in turn
 * draws its slot from the conditional given the prior counts and the
 * documents placed so far, so documents that fit an old topic start in
 * it and the free slots first_free .. nslots-1 only collect the rest.
 * Then `sweeps` Gibbs sweeps run. z receives the slots. */
void vm_dmm_fit(vm_dmm *d, const uint32_t *words, const uint64_t *off, size_t ndocs, uint32_t first_free,
                uint32_t *z);

/* The most probable slot for a document under the current counts among
 * slots with enabled[k] != 0 (ties: lowest k), or -1 if len is 0 or no
 * slot is enabled. scratch holds nslots floats. */
long vm_dmm_best(const vm_dmm *d, const uint32_t *w, size_t len, const unsigned char *enabled, float *scratch);

uint32_t vm_dmm_slots(const vm_dmm *d);

#endif
