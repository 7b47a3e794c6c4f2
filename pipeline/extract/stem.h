/*
 * stem.h - a light, conservative English stemmer for keywords.
 *
 * Strips only inflections, so stems stay readable: possessive 's,
 * plurals (-s, -es, -ies -> -y), -ing and -ed (undoubling "stopped" ->
 * "stop", restoring e in "rated" -> "rate", "hoping" -> "hope"), and
 * -ly / -ily -> -y on longer words ("quickly" -> "quick", "easily" ->
 * "easy"). Words of three letters or less, words holding anything but
 * ASCII lower-case letters and apostrophes (digits, upper case, accents),
 * and a list of exceptions ("this", "news", "always", "thing", "family",
 * ...) are returned unchanged; "-ss", "-us", "-is" words are not plurals
 * ("service" -> "service", "glass" -> "glass", "status" -> "status").
 * Input is match text, which is already lower case.
 */
#ifndef VM_STEM_H
#define VM_STEM_H

#include <stddef.h>

/* Writes the stem of w[0, len) to out (room for len + 1 bytes; the stem
 * is never longer than the word) with a terminating NUL, and returns its
 * length. */
size_t vm_stem_en(const char *w, size_t len, char *out);

#endif
