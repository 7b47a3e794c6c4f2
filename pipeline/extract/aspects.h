/*
 * aspects.h - which aspect categories a comment talks about, each with its
 * own polarity.
 *
 * An aspect is mentioned by a unit with an aspects.tsv term. Opinions are
 * the units that sentiment gave a value. Within each clause, every
 * opinion goes to one aspect mention of the same clause: the mention
 * right after it when the opinion modifies that noun ("great food", "很好
 * 的服务"), else the nearest mention before it ("送餐很快", "the food was
 * great"), else the nearest after it ("I love the food"), scaled as sentiment scaled
 * the clause (rhetorical flip, question damping) and by the clause's
 * contrast weight. A clause whose rules produced a sum without unit
 * values (an empty rhetorical question) shares that sum among its
 * mentions. So "送餐很快但是客服态度太差" gives delivery positive and
 * support negative. An aspect's polarity is that of its squashed sum
 * (as for the comment: S / sqrt(S^2 + 4), neutral band VM_NEUTRAL_BAND);
 * when the comment mentions exactly one category and it received no
 * opinion at all, it takes the comment's polarity ("送餐员不认路，绕了
 * 半天，差评"). Categories are listed in order of first mention.
 *
 * vm_aspects is per-thread, reused, owned by the caller (vm_aspects_free).
 */
#ifndef VM_ASPECTS_H
#define VM_ASPECTS_H

#include "common/buf.h"
#include "extract/match.h"

typedef struct vm_aspect {
    int category;        /* vm_lexicon_category index */
    uint32_t first;      /* unit of the first mention */
    int opinions;        /* opinion units attributed */
    double sum;          /* attributed sentiment */
    int polarity;        /* VM_POL_* */
} vm_aspect;

typedef struct vm_aspects {
    vm_aspect *v;
    size_t n, cap;
} vm_aspects;

/* Fills out (emptied first) after vm_sentiment_score ran on h. */
void vm_aspects_find(const vm_matcher *m, const vm_hits *h, int comment_polarity, vm_aspects *out, vm_buf *trace);
/* Appends "category:polarity;..." (the features column). */
void vm_aspects_format(const vm_lexicon *lx, const vm_aspects *a, vm_buf *out);
void vm_aspects_free(vm_aspects *a);

#endif
