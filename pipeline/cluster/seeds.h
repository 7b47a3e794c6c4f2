/*
 * seeds.h - the bilingual seed list: words of different languages that
 * name the same complaint concept ("慢", "slow", "late" -> ~late), so that
 * complaints about one problem share features whatever their language.
 *
 * File (models/topic_seeds.tsv): UTF-8 TSV, '#' comment lines, a header
 * line "concept<TAB>lang<TAB>term", then one row per word. Concepts are
 * snake_case ids; terms are written in match-text form (simplified
 * Chinese, lower case; English in the stemmed and unstemmed forms that
 * tokens may take). A term may belong to one concept only.
 *
 * A concept's feature is "~" + concept; its display form, used in topic
 * labels, is its first Chinese and first English term joined by '/'
 * ("慢/slow"). The seed list is read-only after loading; the caller owns
 * it and frees it with vm_seeds_free.
 */
#ifndef VM_CLUSTER_SEEDS_H
#define VM_CLUSTER_SEEDS_H

#include <stddef.h>

#include "common/error.h"

typedef struct vm_seeds vm_seeds;

/* Loads a seed list; errors name the file and line. */
vm_seeds *vm_seeds_load(const char *path, vm_error *err);
/* An empty seed list (every lookup misses). */
vm_seeds *vm_seeds_empty(void);
void vm_seeds_free(vm_seeds *s);

/* The concept feature ("~late") of a term, or NULL. */
const char *vm_seeds_feature(const vm_seeds *s, const char *term, size_t len);
/* The display form of a concept feature, or NULL if it is not one. */
const char *vm_seeds_display(const vm_seeds *s, const char *feature);
/* The first Chinese and the first English word of a concept feature
 * (either NULL if the concept has none; both NULL if feature is no
 * concept). */
void vm_seeds_words(const vm_seeds *s, const char *feature, const char **zh, const char **en);

#endif
