/*
 * sentiment.h - where a comment gets its sentiment: lexicon scoring with
 * rules, the same for Chinese and English.
 *
 * Input: the units and clauses of vm_match. Per clause, left to right:
 *   - a sentiment unit contributes its weight w (sentiment.*.tsv); an
 *     emoji or emoticon contributes its emoji.tsv weight, untouched by the
 *     word rules below;
 *   - degree words multiply the next sentiment word within
 *     VM_SENT_DEGREE_WINDOW words of the clause ("很好", "really good",
 *     "有点贵"); one that finds none but directly follows a sentiment word
 *     applies to that word instead ("好极了");
 *   - negators (negators.tsv, and any English word ending in "n't") negate
 *     the sentiment words in the next VM_SENT_NEG_WINDOW words of the
 *     clause: a positive w gives -0.75 w, a negative w gives -0.5 w
 *     ("not bad" is mildly good), the degree applied first; a negator
 *     before an intensifier makes it a softener: -0.4 w ("不太好",
 *     "not very good"); two negators before the same word cancel to
 *     0.8 w ("不是不好"). A negator after a negated word starts afresh.
 *     A negator ending its clause negates the sentiment word before it
 *     ("一点耐心都没有"). A negation that reaches no sentiment word counts
 *     -VM_SENT_BARE_NEG by itself: in reviews an unmet expectation ("没有
 *     饭", "never arrived") is a complaint (negation is a negative signal
 *     on its own, Potts 2011, "On the negativity of negation");
 *   - a word that is both a sentiment and a degree word (好) is a degree
 *     word right before a sentiment word ("好慢" = very slow);
 *   - a clause holding a rhetorical cue (cues.tsv) reads as a complaint:
 *     a positive sum becomes its negative, an empty one counts
 *     -VM_SENT_CUE; a clause that is a question without a cue keeps only
 *     0.3 of a positive sum ("好吃吗?") and all of a negative one, and
 *     one without sentiment counts -VM_SENT_QUESTION (questions in
 *     reviews are mostly complaints: "发票呢?", "why was this made?");
 *   - a sarcasm cue anywhere in the comment turns every positive unit into
 *     -0.5 of its value, and the cue itself counts -VM_SENT_CUE unless it
 *     has a sentiment weight of its own.
 * A clause whose sum is negative counts 1.25 times (negativity bias:
 * reviewers wrap complaints in polite praise far more often than the
 * reverse, so a negative clause says more than a positive one).
 * Contrast (contrast.tsv), by clause weights: a `but` marker gives the
 * clauses before it (back to the previous `but` marker) weight 0.5 and
 * its own clause and the rest of its sentence 1.5; an `although` marker
 * halves its own clause.
 * Sum S = sum of clause sum x weight; emphasis (squeezed "!!!", "。。。",
 * "soooo" runs counted by normalize) multiplies S by 1 + 0.2 x min(runs, 3).
 * Score = S / sqrt(S^2 + 4), rounded to 3 decimals, so one ordinary word
 * gives +-0.447 and two give +-0.707.
 * Polarity: neutral when |score| < VM_NEUTRAL_BAND (0.1; no sentiment at
 * all, or contributions that cancel out), else the sign.
 */
#ifndef VM_SENTIMENT_H
#define VM_SENTIMENT_H

#include "common/buf.h"
#include "extract/match.h"

#define VM_SENT_NEG_WINDOW 3
#define VM_SENT_DEGREE_WINDOW 3
#define VM_SENT_CUE 0.5
#define VM_SENT_BARE_NEG 0.5
#define VM_SENT_QUESTION 0.5
#define VM_NEUTRAL_BAND 0.1

enum { VM_POL_NEGATIVE = -1, VM_POL_NEUTRAL = 0, VM_POL_POSITIVE = 1 };

typedef struct vm_sentiment {
    double sum;          /* S before emphasis */
    double emphasis;     /* emphasis multiplier */
    double score;        /* in [-1, 1], rounded to 3 decimals */
    int polarity;        /* VM_POL_* */
    int sarcasm;         /* sarcasm cues seen */
    int rhetorical;      /* clauses read as rhetorical */
    int hits;            /* sentiment, emoji and cue units that counted */
} vm_sentiment;

/* Scores the comment: fills the units' value/negated/degree and the
 * clauses' weight/sum, and out. With trace non-NULL, appends a readable
 * account of every step (explain). */
void vm_sentiment_score(const vm_matcher *m, vm_hits *h, int emphasis, vm_sentiment *out, vm_buf *trace);

/* S / sqrt(S^2 + 4) rounded to 3 decimals (never -0). */
double vm_sentiment_squash(double s);

/* The polarity of a score (VM_NEUTRAL_BAND) and its name. */
int vm_polarity_of(double score);
const char *vm_polarity_name(int polarity);

#endif
