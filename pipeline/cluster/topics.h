/*
 * topics.h - turning a run's fitted slots into topics with stable ids,
 * and updating the topic model.
 *
 * First, fresh slots that are alike (>= VM_SIM_SIBLING: the sampler split
 * one theme, or two facets of it, over several slots) are joined.
 * Ordinary run: a history slot's documents go to its topic (status
 * active; old topics without documents become dormant, keeping id and
 * statistics). A fresh slot whose term profile is nearly that of an
 * existing topic (similarity >= VM_SIM_SAME) is folded into it; any other
 * fresh slot becomes a new topic with the next unused id, recorded as
 * split_from the existing topic it resembles most if that similarity is
 * >= VM_SIM_RELATED. Two live topics that have become alike (>=
 * VM_SIM_MERGE) are merged: the younger is absorbed by the older.
 *
 * --retrain: the slots were fitted without history. Pairs (new slot, old
 * topic) with similarity >= VM_SIM_MAP are matched greedily, most similar
 * first, one to one; a matched slot takes the old id and rebuilds its
 * statistics. An unmatched slot gets a fresh id (split_from its best old
 * topic if that is >= VM_SIM_MAP: the old topic split); an unmatched old
 * topic whose best slot went to another old topic is merged into it;
 * other old topics become dormant.
 *
 * Similarity is the cosine between topics' term profiles weighted by
 * inverse document frequency (count/docs * log((D+1)/(df+1))), so words
 * every complaint uses weigh nothing. Topics seen this run are named
 * (aspect and label) by label.h. A document's membership score is the
 * cosine between its idf-weighted features and its topic's profile;
 * exemplars are the 3 members with the highest score (earlier rows first
 * on ties).
 *
 * The caller owns the vm_run_topics and frees it with vm_run_topics_free.
 */
#ifndef VM_CLUSTER_TOPICS_H
#define VM_CLUSTER_TOPICS_H

#include <stddef.h>
#include <stdint.h>

#include "cluster/cluster.h"
#include "cluster/corpus.h"
#include "cluster/fit.h"
#include "cluster/label.h"
#include "cluster/model.h"
#include "common/buf.h"

#define VM_SIM_SIBLING 0.60
#define VM_SIM_SAME 0.80
#define VM_SIM_RELATED 0.50
#define VM_SIM_MERGE 0.80
#define VM_SIM_MAP 0.50

typedef struct vm_run_topics {
    uint32_t run;            /* this run's number */
    long *doc_topic;         /* per document: index in model->topics, or -1 */
    float *doc_score;        /* per document: membership score */
    uint64_t *size;          /* per model topic: documents this run */
    size_t created, folded, merged, split, mapped, dormant, unclustered, siblings;
} vm_run_topics;

void vm_topics_update(vm_run_topics *r, vm_topic_model *m, const vm_corpus *c, const vm_fit *f,
                      const vm_labeler *labeler, const vm_cluster_opts *o);
void vm_run_topics_free(vm_run_topics *r);

#endif
