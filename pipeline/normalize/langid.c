/*
 * langid.c - language tagging by script counts (rules in langid.h).
 */
#include "normalize/langid.h"

#include "common/utf8.h"
#include "normalize/pii.h"

typedef struct script_counts {
    long han, kana, hangul, latin_words;
    long forms[3];   /* Han characters by vm_fold_han_form: shared, trad, simp */
} script_counts;

/* Counts a CJK character (anything else is ignored). */
static void count_cjk(const vm_folder *f, int32_t cp, script_counts *sc) {
    if (vm_is_han(cp)) {
        sc->han++;
        sc->forms[vm_fold_han_form(f, cp)]++;
    } else if (vm_is_kana(cp)) {
        sc->kana++;
    } else if (vm_is_hangul(cp)) {
        sc->hangul++;
    }
}

static void count_scripts(const vm_folder *f, const char *s, size_t len, script_counts *sc) {
    int in_word = 0;
    size_t i = 0;
    while (i < len) {
        size_t adv, m;
        if (s[i] == '<' && (m = vm_mask_length(s + i, len - i)) > 0) {
            in_word = 0;
            i += m;
            continue;
        }
        int32_t cp = vm_utf8_decode(s + i, len - i, &adv);
        i += adv;
        int latin = vm_is_latin(cp);
        if (latin && !in_word) sc->latin_words++;
        in_word = latin || (in_word && vm_is_ascii_digit(cp));   /* "R10U" is one word */
        if (!in_word && cp >= 0x1100) count_cjk(f, cp, sc);   /* no CJK script below U+1100 */
    }
}

const char *vm_lang_detect(const vm_folder *f, const char *display, size_t len) {
    script_counts sc = {0};
    count_scripts(f, display, len, &sc);
    long cjk = sc.han + sc.kana + sc.hangul, lat = 2 * sc.latin_words;
    if (cjk == 0 && lat == 0) return "und";
    long minor = cjk < lat ? cjk : lat;
    if (cjk >= 4 && sc.latin_words >= 4 && minor * 4 >= cjk + lat) return "mixed";
    if (lat > cjk) return "en";
    if (sc.hangul > sc.han + sc.kana) return "ko";
    if ((sc.kana >= 2 && sc.kana * 5 >= sc.han + sc.kana) || sc.kana > sc.han) return "ja";
    long trad = sc.forms[VM_HAN_TRAD], simp = sc.forms[VM_HAN_SIMP];
    return (trad > 0 && trad >= simp) ? "zh-Hant" : "zh-Hans";
}
