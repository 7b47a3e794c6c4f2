/*
 * stopwords.h - words that never become clustering features: the
 * lexicon's stopword lists (stopwords.zh.tsv, stopwords.en.tsv: '#'
 * comment lines, a header line whose first column is "term", one term in
 * the first column of each row, written in match-text form).
 *
 * Read-only after loading; the caller owns the set and frees it with
 * vm_stopwords_free.
 */
#ifndef VM_CLUSTER_STOPWORDS_H
#define VM_CLUSTER_STOPWORDS_H

#include <stddef.h>

#include "common/error.h"

typedef struct vm_stopwords vm_stopwords;

vm_stopwords *vm_stopwords_new(void);
/* Adds the terms of one list file; errors name the file and line. */
int vm_stopwords_add_file(vm_stopwords *s, const char *path, vm_error *err);
int vm_stopwords_has(const vm_stopwords *s, const char *term, size_t len);
size_t vm_stopwords_count(const vm_stopwords *s);
void vm_stopwords_free(vm_stopwords *s);

#endif
