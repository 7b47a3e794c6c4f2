/*
 * fit.h - fitting one run's documents: which slot each complaint joins.
 *
 * Slots 0 .. nhistory-1 are the model's topics that still take documents
 * (not merged; none with --retrain; the VM_FIT_MAX_HISTORY most recently
 * seen if there are more, so the cost stays bounded as dormant topics
 * pile up), holding their statistics as fixed prior counts (scaled down
 * to at most history_cap documents); the remaining `fresh` slots start
 * empty. With history slots, documents start in slots drawn from the
 * prior alone, so those that fit an old topic start there. Steps:
 *   1. features seen in fewer than 2 documents (model and run together)
 *      are dropped;
 *   2. the sampler (dmm.h) runs on about `sample` documents (all if there
 *      are fewer), chosen by a seeded hash of their position, so its cost
 *      and its memory (8 bytes per word and slot) are bounded;
 *   3. every document is assigned its most probable slot under the fitted
 *      counts, in parallel over fixed chunks (each result depends only on
 *      the document, so any thread count gives the same slots);
 *   4. fresh slots with fewer than min_size documents are dissolved and
 *      their documents reassigned the same way.
 * A document with no usable feature gets slot -1 (unclustered).
 *
 * The caller owns the vm_fit and frees it with vm_fit_free.
 */
#ifndef VM_CLUSTER_FIT_H
#define VM_CLUSTER_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/cluster.h"
#include "cluster/corpus.h"
#include "cluster/model.h"
#include "common/error.h"

#define VM_FIT_MAX_HISTORY 200

typedef struct vm_fit {
    uint32_t nslots, nhistory;
    long *slot_topic;        /* history slot -> index in model->topics */
    int32_t *doc_slot;       /* per document */
    size_t sampled;          /* documents the sampler saw */
    size_t dissolved;        /* fresh slots dissolved as too small */
    size_t min_size;
    uint64_t pruned;         /* feature occurrences dropped (df < 2) */
    uint32_t sampler_vocab;  /* words the sampler knew */
} vm_fit;

int vm_fit_run(vm_fit *f, vm_corpus *c, const vm_topic_model *m, const vm_cluster_opts *o, vm_error *err);
void vm_fit_free(vm_fit *f);

#endif
