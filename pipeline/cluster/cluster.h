/*
 * cluster.h - stage 3, `vocmine cluster`: complaint topics whose ids stay
 * stable from run to run.
 *
 * One run: read DIR/features.tsv.gz (corpus.h), fit this run's complaints
 * against the previous topic model (fit.h: a Dirichlet-multinomial
 * mixture whose slots are the model's topics plus fresh ones), turn the
 * slots into topics with stable ids (topics.h: assignment to existing
 * topics, fresh ids for new ones, dormant, merged and split topics,
 * --retrain mapping), and write topics.tsv.gz, assignments.tsv.gz,
 * topic_model.tsv.gz and the stage's manifest part.
 */
#ifndef VM_CLUSTER_CLUSTER_H
#define VM_CLUSTER_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

/* Options of one run (defaults in cluster.c). */
typedef struct vm_cluster_opts {
    int retrain;          /* rebuild topics, then map them onto old ids */
    int all;              /* cluster every non-duplicate row */
    int threads;
    uint64_t seed;
    size_t sample;        /* most documents the sampler sees */
    int sweeps;           /* Gibbs sweeps */
    uint32_t fresh;       /* slots for new topics */
    size_t min_size;      /* smallest new topic; 0 = from the run's size */
    double alpha, beta;
    double history_cap;   /* prior weight of an old topic, in documents */
} vm_cluster_opts;

/* The entry point: `vocmine cluster --out DIR [options]`. */
int vm_cluster_main(int argc, char **argv);

#endif
