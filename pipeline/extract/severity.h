/*
 * severity.h - how urgent a comment is: none, minor, moderate or severe.
 *
 * Inputs: the comment's sentiment and its escalation cues (severity.tsv
 * terms, each with a level: minor, moderate or severe; e.g. refund
 * demands and "never again" are moderate, regulators, lawyers, fraud,
 * health and safety are severe). Let L be the highest cue level (none
 * without cues). Rules, in order:
 *   - positive comment: none, or minor if L is severe (praise that still
 *     mentions, say, food poisoning deserves a look);
 *   - neutral comment: L (a bare "I will report you to the regulator"
 *     carries no sentiment words but is severe);
 *   - negative comment: minor, or moderate when score <=
 *     VM_SEV_STRONG (-0.7, strongly negative); raised to L if L is
 *     higher; severe when score <= VM_SEV_EXTREME (-0.85) and there is
 *     any cue (an extreme complaint that escalates).
 * Cues count whether negated or not: "没有退款" (no refund given) is as
 * much a refund complaint as "要求退款".
 */
#ifndef VM_SEVERITY_H
#define VM_SEVERITY_H

#include "common/buf.h"
#include "extract/match.h"
#include "extract/sentiment.h"

#define VM_SEV_STRONG (-0.7)
#define VM_SEV_EXTREME (-0.85)

/* Returns VM_SEV_* (lexicon.h) for the comment, after vm_sentiment_score. */
int vm_severity_rate(const vm_matcher *m, const vm_hits *h, const vm_sentiment *s, vm_buf *trace);
const char *vm_severity_name(int level);

#endif
