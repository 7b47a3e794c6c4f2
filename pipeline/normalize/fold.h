/*
 * fold.h - match-text folding: the one normal form that lexicons, the
 * segmenter, duplicate detection and clustering compare text in.
 *
 * A vm_folder holds tables built once by vm_folder_new and read-only
 * afterwards, so one folder serves every thread. The caller owns it and
 * frees it with vm_folder_free.
 *
 * Match text (vm_fold_match), applied to display text:
 *   1. Unicode NFKC + full case folding + removal of default-ignorable code
 *      points (variation selectors such as U+FE0F, ZWJ), exactly
 *      utf8proc's NFKC_Casefold;
 *   2. traditional -> simplified Chinese, one code point at a time, with a
 *      table derived from OpenCC's t2s (TSCharacters, which also knows
 *      common HK/TW variants such as 裏 and 峯);
 *   3. masks written by the PII step ("<PHONE>": '<', an upper-case ASCII
 *      letter, upper-case letters, digits or '_', '>') are copied verbatim;
 *   4. @mentions are removed: an '@' not preceded by a letter or digit and
 *      followed by a name character, with the name (letters, marks,
 *      digits, '_', '-') up to the next whitespace or punctuation;
 *   5. hashtags keep their word: "#word#" and "#word" give "word" (a '#'
 *      followed by a name character opens one; a '#' inside one closes it);
 *   6. emphasis runs are squeezed, each adding 1 to *emphasis:
 *      - a run of >= 2 identical punctuation characters (Unicode P*, and
 *        the ASCII symbols, '~' included) becomes one: "!!!!" -> "!",
 *        "？？？" -> "?" (NFKC made it ASCII), "。。。" -> "。";
 *      - in a Latin word, a run of >= 3 identical letters is squeezed to
 *        two letters if every run so squeezed gives a word of the built-in
 *        list of common English words spelt with a double letter ("good",
 *        "cool", "too", "really", ...), else to one letter: "soooo" -> "so",
 *        "gooood" -> "good", "loooove" -> "love", "yesss" -> "yes";
 *      - a run of >= 3 identical Han characters becomes two: "哈哈哈哈" ->
 *        "哈哈" (two is ordinary reduplication, three or more is emphasis).
 *      Digits are never squeezed;
 *   7. whitespace runs become one ASCII space; the result is trimmed.
 *
 * Fast path: ASCII, the CJK ideograph blocks, Hangul syllables, kana and
 * "、。" are normalisation boundaries (NFKC quick-check Yes, combining class
 * 0, never the second half of a composition) whose fold is one table
 * lookup; only the stretches between two such characters that hold
 * anything else go through utf8proc. The result is identical to running
 * utf8proc over the whole text (tests/unit/test_fold.c checks this).
 */
#ifndef VM_FOLD_H
#define VM_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/error.h"

typedef struct vm_folder vm_folder;

/* The process's folder: built on first use (OpenCC's t2s, s2t, s2tw and
 * s2hk configurations, found by OpenCC in its data directory,
 * /usr/share/opencc on Debian) and shared, read-only, by every caller.
 * Each vm_folder_new is matched by a vm_folder_free; the tables go when
 * the last reference does, so a caller that runs several stages in one
 * process (vocmine run) holds a reference to build them once (0.1-0.2 s).
 * Fails with a message naming the configuration that could not be
 * opened. Thread safe. */
vm_folder *vm_folder_new(vm_error *err);
void vm_folder_free(vm_folder *f);

/* Appends the match text of in[0..len) to out and adds the number of
 * squeezed emphasis runs to *emphasis (which may be NULL). Invalid UTF-8
 * bytes fold to U+FFFD. */
void vm_fold_match(const vm_folder *f, const char *in, size_t len, vm_buf *out, int *emphasis);

/* Folds one code point: NFKC + case folding when that gives a single code
 * point (else cp is kept, e.g. "ﬁ"), then traditional -> simplified. For
 * the segmenter, which walks raw text and looks words up folded. */
int32_t vm_fold_codepoint(const vm_folder *f, int32_t cp);

/* Script form of a Han character, from OpenCC's character tables: TRAD if
 * only traditional text uses it (t2s changes it, s2t keeps it), SIMP if
 * only simplified text uses it (t2s keeps it; s2t, s2tw and s2hk all
 * change it, so 吃 and 温, which Taiwan or Hong Kong write as they are,
 * are not SIMP), SHARED for every other code point. */
enum { VM_HAN_SHARED = 0, VM_HAN_TRAD = 1, VM_HAN_SIMP = 2 };
int vm_fold_han_form(const vm_folder *f, int32_t cp);

#endif
