/*
 * pii.h - masking personal data in display text (PCRE2 patterns).
 *
 * A vm_pii_set is loaded from a pattern file (lexicons/pii.tsv, whose
 * comments document the format) and is read-only afterwards: any number
 * of threads share it, each with its own vm_pii_scratch (match data, JIT
 * stack, buffers). The caller owns both and frees them with the matching
 * free function; free every scratch before its set.
 *
 * Masking: the patterns run one after another in file order, each over
 * the text left by the ones before it. Every match that passes its
 * validator is replaced by the mask "<KIND>" (or, if the pattern has a
 * capture group 1 that took part, only that group is: context words such
 * as "订单号" stay). A candidate whose validator fails makes PCRE2 backtrack
 * to shorter or later candidates; text no candidate passes for is left to
 * the later patterns. Masks hold no '@', dot or long digit run, so no
 * shipped pattern matches inside one.
 *
 * Fast path: every shipped pattern needs a digit, '@', "www" or "http" to
 * match, so text with none of them (most comments) is copied without
 * running the regex engine. Patterns a user adds must keep to that rule:
 * a pattern that could match without any of them would be skipped on
 * such text.
 */
#ifndef VM_PII_H
#define VM_PII_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/error.h"

typedef struct vm_pii_set vm_pii_set;
typedef struct vm_pii_scratch vm_pii_scratch;

/* Loads and JIT-compiles the patterns of path. Errors name the file and
 * line: a bad regex gives PCRE2's message and the offset in the pattern. */
vm_pii_set *vm_pii_load(const char *path, vm_error *err);
void vm_pii_free(vm_pii_set *set);

vm_pii_scratch *vm_pii_scratch_new(const vm_pii_set *set);
void vm_pii_scratch_free(vm_pii_scratch *s);

/* Appends in[0..len) to out with personal data masked, and adds the
 * number of masks of each kind to counts[kind id] (counts has
 * vm_pii_nkinds entries; may be NULL). */
void vm_pii_mask(const vm_pii_set *set, vm_pii_scratch *s, const char *in, size_t len, vm_buf *out,
                 uint32_t *counts);

/* Kinds in order of first appearance in the file; names are upper case. */
size_t vm_pii_nkinds(const vm_pii_set *set);
const char *vm_pii_kind_name(const vm_pii_set *set, size_t kind);

/* Length of a mask ("<" upper-case ASCII letter, then upper-case letters,
 * digits or '_', ">": at most 34 bytes) at s, or 0. Folding and language
 * tagging use it to keep masks whole. */
size_t vm_mask_length(const char *s, size_t len);

#endif
