/*
 * tokenize.h - cutting a comment's text into typed tokens.
 *
 * The tokenizer recognises what the segmenter must not cut, then hands
 * the plain stretches between them to vm_segment (segment.h):
 *   MASK      the normalizer's masks, verbatim: <PHONE> <EMAIL> <IDCARD>
 *             <CARD> <ORDER> <URL>
 *   EMOTICON  an entry of the registered list (longest match first); an
 *             entry that begins (ends) with a letter or digit only matches
 *             where no ASCII letter or digit precedes (follows) it, so
 *             "xd" never matches inside "xdr"
 *   EMOJI     a pictographic emoji with its variation selector, skin tone
 *             and tag characters, joined with others by ZWJ into one
 *             sequence; a pair of regional indicators (a flag); a keycap
 *             ("1️⃣")
 * and everything else comes from the segmenter: HAN, LATIN, NUMBER, PUNCT
 * (see token.h). Offsets are byte offsets in the text given.
 *
 * A tokenizer borrows a frozen vm_segdict (which must outlive it) and
 * owns its emoticon list. Register emoticons first; afterwards the
 * tokenizer is read-only and may be shared by threads, each passing its
 * own vm_seg_scratch.
 */
#ifndef VM_TOKENIZE_H
#define VM_TOKENIZE_H

#include <stddef.h>

#include "extract/segment.h"
#include "extract/token.h"

typedef struct vm_tokenizer vm_tokenizer;

vm_tokenizer *vm_tokenizer_new(const vm_segdict *dict);
/* Registers an emoticon as it appears in the text (match text: folded).
 * Empty strings and duplicates are ignored. */
void vm_tokenizer_add_emoticon(vm_tokenizer *t, const char *s, size_t len);
void vm_tokenizer_free(vm_tokenizer *t);

/* Clears out and fills it with the tokens of text[0, len); returns their
 * number. flags are vm_segment's (VM_SEG_FOLD for raw, unfolded text). */
size_t vm_tokenize(const vm_tokenizer *t, const char *text, size_t len, unsigned flags,
                   vm_tokens *out, vm_seg_scratch *scratch);

#endif
