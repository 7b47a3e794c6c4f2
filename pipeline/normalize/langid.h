/*
 * langid.h - language tag of one comment, from script counts.
 *
 * Reads display text (before folding: the traditional/simplified forms
 * and kana are still there) and returns one of the static strings
 * "zh-Hans", "zh-Hant", "en", "ja", "ko", "mixed", "und". Pure and
 * thread-safe; the folder supplies the Han character forms.
 *
 * Counts: Han characters (and of those, the traditional-only and
 * simplified-only ones, vm_fold_han_form), kana, Hangul, Latin words
 * (runs of Latin letters and digits that start with a letter, so "R10U"
 * is one word and "2.0" none; masks such as "<PHONE>" are skipped). With
 * cjk = Han + kana + Hangul and lat = 2 x Latin words (a Latin word carries
 * about as much as two Chinese characters), the rules in order:
 *   1. cjk == 0 and lat == 0 (only digits, emoji, punctuation, other
 *      scripts, or nothing)                               -> "und"
 *   2. both substantial: cjk >= 4, Latin words >= 4 and the smaller of
 *      cjk and lat is >= 25% of cjk + lat                 -> "mixed"
 *   3. lat > cjk                                          -> "en" (any
 *      Latin-script text: other Latin languages are not told apart)
 *   4. Hangul > Han + kana                                -> "ko"
 *   5. kana >= 2 and kana >= 20% of Han + kana, or kana > Han -> "ja"
 *   6. Han: at least one traditional-only character and no fewer than
 *      simplified-only ones -> "zh-Hant", else "zh-Hans" (text with only
 *      shared characters, e.g. "很好", is written the same in both: it is
 *      tagged zh-Hans). Ties go to zh-Hant because the simplified-only
 *      set still holds characters traditional text uses now and then
 *      (e.g. 划), while traditional-only characters in simplified text
 *      are rarer.
 */
#ifndef VM_LANGID_H
#define VM_LANGID_H

#include <stddef.h>

#include "normalize/fold.h"

const char *vm_lang_detect(const vm_folder *f, const char *display, size_t len);

#endif
