/*
 * label.h - what a topic is called: its dominant aspect, its label (the
 * 3-5 words a service manager reads) and its keyword list, computed from
 * the topic's term counts against the model's document frequencies.
 *
 * Candidates: the topic's terms that name a topic (extract/topicword.h:
 * no masks, numbers, counts, stopwords, negators, degree words, contrast
 * markers or cues; seed concepts always qualify; "@category" features
 * never) held by at least VM_LABEL_MIN_DOCS of the topic's documents and
 * VM_LABEL_MIN_SHARE of them. Each is weighted by its share of the
 * topic's documents times the log of its lift over all complaints,
 * pk log(pk / p) with pk = count / docs and p = (df + 1) / (D + 1), so
 * words every complaint uses and one-off words rank low; ties go by term
 * bytes.
 *
 * Near-duplicates: two candidates are alike when one spells the other
 * (Han text: one is a substring of the other once leading and trailing
 * one-character stopwords are set aside, 凉 / 凉了 / 凉透了 / 全凉了; Latin
 * words: the same sequence of words up to inflection, contiguous inside
 * the other, "burger" / "burgers", "contact" / "contacted", "forever" /
 * "took forever"); a concept is spelt by its first Chinese and English
 * word ("慢/late"). Of alike candidates only the best weighted one is
 * shown (the most informative by count x lift), except that an English
 * stem left by keyword stemming ("overpric") gives way to its inflected
 * word when most of the stem's documents hold that word ("overpriced").
 *
 * Aspect: the most frequent "@category" held by >= VM_LABEL_ASPECT_SHARE
 * of the topic's documents, or none. Label: where the topic has an
 * aspect, the best candidate of that category (a word of aspects.tsv in
 * it, or a concept whose first word is) comes first; then the best other
 * candidates, 3 to 5 words in all (the fourth and fifth only if they
 * weigh >= VM_LABEL_KEEP of the best), joined by ", ". A topic without
 * candidates shows its most frequent topical terms (aspects by category
 * id), and "T<num>" if it has none. Keywords: up to `max` candidates in
 * weight order, near-duplicates left out.
 *
 * Deterministic: pure functions of the model, the seed list and the
 * lexicon, all only read.
 */
#ifndef VM_CLUSTER_LABEL_H
#define VM_CLUSTER_LABEL_H

#include <stddef.h>

#include "cluster/model.h"
#include "cluster/seeds.h"
#include "common/buf.h"
#include "extract/lexicon.h"

#define VM_LABEL_MIN 3
#define VM_LABEL_MAX 5
#define VM_LABEL_KEEP 0.4
#define VM_LABEL_MIN_DOCS 2
#define VM_LABEL_MIN_SHARE 0.05
#define VM_LABEL_ASPECT_SHARE 0.10

/* What naming needs; neither pointer is owned. lx may be NULL (no
 * lexicon: only the lexicon-free rules of topicword.h apply and no term
 * is known to belong to an aspect). */
typedef struct vm_labeler {
    const vm_seeds *seeds;
    const vm_lexicon *lx;
} vm_labeler;

/* Sets t->aspect and t->label from t's statistics. */
void vm_topic_name(const vm_labeler *L, const vm_topic_model *m, vm_topic *t);

/* Appends up to max keywords of t joined by sep to out. */
void vm_topic_keywords(const vm_labeler *L, const vm_topic_model *m, const vm_topic *t, size_t max,
                       const char *sep, vm_buf *out);

#endif
