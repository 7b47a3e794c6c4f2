/*
 * stem.c - light English suffix stripping (see stem.h).
 *
 * One rule applies per word, tried in this order: possessive, plural,
 * -ing, -ed, -ly. The exception list is sorted (binary search) and holds
 * words that look inflected but are not, or that no rule stems well.
 */
#include "extract/stem.h"

#include <stdlib.h>
#include <string.h>

static const char *const unchanged[] = {
    "afterwards", "always", "analysis", "anything", "backwards", "basis", "bias", "bonus",
    "campus", "canvas", "ceiling", "chaos", "christmas", "clothes", "crisis", "darling",
    "does", "during", "evening", "everything", "family", "goes", "goods", "hundred", "italy",
    "jeans", "lens", "lotus", "means", "monopoly", "morning", "naked", "news", "nothing",
    "pants", "perhaps", "physics", "plus", "pudding", "series", "sibling", "something",
    "species", "status", "thanks", "this", "thus", "towards", "used", "using", "various",
    "wedding", "wicked", "yes",
};

static int cmp_word(const void *key, const void *elem) {
    return strcmp(key, *(const char *const *)elem);
}

static int is_unchanged(const char *w) {
    return bsearch(w, unchanged, sizeof unchanged / sizeof unchanged[0], sizeof unchanged[0], cmp_word) != NULL;
}

static int ends(const char *w, size_t n, const char *suffix) {
    size_t k = strlen(suffix);
    return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/* a e i o u, and y after a consonant ("fly", "style"). */
static int is_vowel(const char *w, size_t i) {
    switch (w[i]) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case 'y': return i > 0 && !is_vowel(w, i - 1);
    default: return 0;
    }
}

static int has_vowel(const char *w, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (is_vowel(w, i)) return 1;
    return 0;
}

/* Porter's measure: the number of vowel-consonant sequences. */
static int measure(const char *w, size_t n) {
    int m = 0;
    for (size_t i = 1; i < n; i++) m += is_vowel(w, i - 1) && !is_vowel(w, i);
    return m;
}

/* Ends consonant-vowel-consonant, the last not w, x or y ("hop"). */
static int ends_cvc(const char *w, size_t n) {
    return n >= 3 && !is_vowel(w, n - 3) && is_vowel(w, n - 2) && !is_vowel(w, n - 1) &&
           w[n - 1] != 'w' && w[n - 1] != 'x' && w[n - 1] != 'y';
}

/* Repairs a stem left by -ing / -ed: "stopp" -> "stop", "rat" -> "rate". */
static size_t fix_stem(char *w, size_t n) {
    char c = w[n - 1];
    if (n >= 2 && c == w[n - 2] && !is_vowel(w, n - 1) && c != 'l' && c != 's' && c != 'z') return n - 1;
    if (ends(w, n, "at") || ends(w, n, "bl") || ends(w, n, "iz") || (measure(w, n) == 1 && ends_cvc(w, n))) {
        w[n] = 'e';
        return n + 1;
    }
    return n;
}

static size_t strip_plural(char *w, size_t n) {
    if (ends(w, n, "ies") && n > 4) {
        w[n - 3] = 'y';
        return n - 2;
    }
    if (ends(w, n, "sses") || ends(w, n, "shes") || ends(w, n, "xes") || ends(w, n, "zzes")) return n - 2;
    if (ends(w, n, "ches")) return n >= 6 && w[n - 5] == 'a' && !is_vowel(w, n - 6) ? n - 1 : n - 2;
    if (ends(w, n, "ss") || ends(w, n, "us") || ends(w, n, "is")) return n;
    return n - 1;
}

static size_t strip_ly(char *w, size_t n) {
    if (n < 6 || ends(w, n, "bly") || ends(w, n, "ply") || ends(w, n, "fly")) return n;
    if (ends(w, n, "ily")) {
        w[n - 3] = 'y';
        return n - 2;
    }
    return n - 2;
}

size_t vm_stem_en(const char *word, size_t len, char *w) {
    memcpy(w, word, len);
    w[len] = '\0';
    size_t n = len;
    if (ends(w, n, "\xE2\x80\x99s") && n > 4) n -= 4;  /* ’s */
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || w[i] == '\'')) return len;
    w[n] = '\0';
    if (n <= 3 || is_unchanged(w)) return n;
    if (ends(w, n, "'s")) n -= 2;
    else if (w[n - 1] == 's') n = strip_plural(w, n);
    else if (ends(w, n, "ing") && n - 3 >= 3 && has_vowel(w, n - 3)) n = fix_stem(w, n - 3);
    else if (ends(w, n, "ed") && !ends(w, n, "eed") && n - 2 >= 3 && has_vowel(w, n - 2)) n = fix_stem(w, n - 2);
    else if (ends(w, n, "ly")) n = strip_ly(w, n);
    w[n] = '\0';
    return n;
}
