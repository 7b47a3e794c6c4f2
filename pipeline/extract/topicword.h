/*
 * topicword.h - whether a word can name a topic: the one rule shared by
 * extract's per-comment keywords and the cluster stage's features and
 * labels, so that both leave out the same junk.
 *
 * A word (one token or keyword in match-text form) names no topic if it
 *   - is a mask written by normalize (<PHONE>, <ORDER>, ...);
 *   - holds no letter (numbers "12", "3-5", "8." and stray symbols);
 *   - is a count: Chinese numerals or digits, optionally after 第,
 *     followed by nothing or by stopwords only (measure and time words:
 *     三天, 一周, 两次, 一半, 第三天, 3次, 一个多小时; at most
 *     VM_COUNT_MAX_BYTES after the numerals);
 *   - is a Latin-script word of fewer than 3 letters (ASCII only);
 *   - plays a grammatical role in the lexicon: stopword (particles,
 *     pronouns, generic verbs and nouns, over-generic praise), negator,
 *     degree word, contrast marker, sarcasm or rhetorical cue. Such a
 *     role wins over any other role the word has (好 is a sentiment term
 *     and a stopword: no keyword).
 * Everything else may (single Han characters included: 脏, 凉, 贵, 书
 * carry topics; the single-character function words are stopwords).
 *
 * Pure functions of their arguments; the lexicon is only read.
 */
#ifndef VM_TOPICWORD_H
#define VM_TOPICWORD_H

#include <stddef.h>

#include "extract/lexicon.h"

#define VM_COUNT_MAX_BYTES 64

/* Lexicon roles that make a word grammar rather than topic. */
#define VM_ROLES_NOT_TOPICAL                                                                              \
    ((1u << VM_ROLE_STOPWORD) | (1u << VM_ROLE_NEGATOR) | (1u << VM_ROLE_DEGREE) | (1u << VM_ROLE_CONTRAST) | \
     (1u << VM_ROLE_CUE))

/* Whether s[0, len) is a count (numerals and optional measure or time
 * stopwords, see above). lx may be NULL (then only pure numerals count). */
int vm_word_is_count(const vm_lexicon *lx, const char *s, size_t len);

/* Whether s[0, len) can name a topic (every rule above). lx may be NULL:
 * then only the rules that need no lexicon apply. */
int vm_word_is_topical(const vm_lexicon *lx, const char *s, size_t len);

#endif
