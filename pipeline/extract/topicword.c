/*
 * topicword.c - the rule for words that can name a topic (see
 * topicword.h).
 */
#include "extract/topicword.h"
#include "common/utf8.h"
#include "normalize/pii.h"

#include <string.h>
#include <utf8proc.h>

static const char ordinal[] = "第";

/* Digits and Chinese numerals: 〇零一二三四五六七八九十百千万亿, and 两
 * and 几 ("a few") and 半 ("half"), which count as well. */
static int is_numeral(int32_t c) {
    switch (c) {
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
    case 0x3007: case 0x96F6: case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94:
    case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: case 0x5341: case 0x767E: case 0x5343:
    case 0x4E07: case 0x4EBF: case 0x4E24: case 0x51E0: case 0x534A:
        return 1;
    default:
        return 0;
    }
}

static int is_letter(int32_t c) {
    if (c < 0x80) return vm_is_ascii_alpha(c);
    utf8proc_category_t k = utf8proc_category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static int is_stopword(const vm_lexicon *lx, const char *s, size_t len) {
    long id = vm_lexicon_find(lx, s, len);
    return id >= 0 && (vm_lexicon_term(lx, id)->roles & (1u << VM_ROLE_STOPWORD));
}

/* Whether s[0, len) is a sequence of stopwords (个多小时 = 个 + 多 + 小时):
 * ok[i] says whether the first i bytes are. */
static int stopword_run(const vm_lexicon *lx, const char *s, size_t len) {
    if (len > VM_COUNT_MAX_BYTES) return 0;
    unsigned char ok[VM_COUNT_MAX_BYTES + 1] = {1};
    for (size_t i = 0; i < len; i++) {
        if (!ok[i]) continue;
        size_t adv;
        for (size_t j = i; j < len; j += adv) {
            vm_utf8_decode(s + j, len - j, &adv);
            if (!ok[j + adv] && is_stopword(lx, s + i, j + adv - i)) ok[j + adv] = 1;
        }
    }
    return ok[len];
}

int vm_word_is_count(const vm_lexicon *lx, const char *s, size_t len) {
    size_t i = 0, adv;
    if (len > sizeof ordinal - 1 && memcmp(s, ordinal, sizeof ordinal - 1) == 0) i = sizeof ordinal - 1;
    size_t start = i;
    while (i < len && is_numeral(vm_utf8_decode(s + i, len - i, &adv))) i += adv;
    if (i == start) return 0;
    return i == len || (lx && stopword_run(lx, s + i, len - i));
}

int vm_word_is_topical(const vm_lexicon *lx, const char *s, size_t len) {
    if (len == 0 || vm_mask_length(s, len) == len) return 0;
    int letter = 0, ascii = 1;
    size_t adv;
    for (size_t i = 0; i < len; i += adv) {
        int32_t c = vm_utf8_decode(s + i, len - i, &adv);
        letter |= is_letter(c);
        ascii &= c < 0x80;
    }
    if (!letter || (ascii && len < 3)) return 0;
    long id = lx ? vm_lexicon_find(lx, s, len) : -1;
    if (id >= 0 && (vm_lexicon_term(lx, id)->roles & VM_ROLES_NOT_TOPICAL)) return 0;
    return !vm_word_is_count(lx, s, len);
}
