/*
 * keywords.h - up to VM_KEYWORDS_MAX keywords per comment, for clustering
 * and reports.
 *
 * Candidates, in this order of preference, each group in text order:
 *   1. aspect mentions (aspects.tsv terms);
 *   2. opinion words (sentiment terms that were found, any length);
 *   3. other content words: Han words of two or more characters and Latin
 *      words of three or more letters.
 * Never a keyword: words that name no topic (extract/topicword.h): a
 * stopword, negator, degree word, contrast marker or cue, even if it is
 * also an aspect or sentiment term (好, 满意); numbers, masks and counts
 * (三天, 两次).
 * Han keywords are the match-text form; Latin words are stemmed (each
 * word of a phrase). Duplicates are dropped, the first kept; a keyword
 * never holds ';' (the column separator). Deterministic: a pure function
 * of the units.
 */
#ifndef VM_KEYWORDS_H
#define VM_KEYWORDS_H

#include "common/buf.h"
#include "extract/match.h"

#define VM_KEYWORDS_MAX 8

/* Appends the keywords joined by ';' to out; returns how many. scratch is
 * the caller's working memory (its contents are overwritten). */
int vm_keywords_pick(const vm_matcher *m, const vm_hits *h, vm_buf *out, vm_buf *scratch);

#endif
