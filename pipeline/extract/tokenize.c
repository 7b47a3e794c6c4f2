/*
 * tokenize.c - masks, emoticons and emoji first, the segmenter for the
 * rest (see tokenize.h).
 *
 * Invariant: the emoticon index is sorted by first byte, then by length
 * (longest first), so the first entry that matches at a position is the
 * longest one; first[b] / count[b] give the slice for first byte b.
 */
#include "extract/tokenize.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct emoticon {
    const char *s;  /* owned by the strmap */
    size_t len;
} emoticon;

struct vm_tokenizer {
    const vm_segdict *dict;
    vm_strmap *emo_keys;
    emoticon *emo;  /* sorted as described above */
    size_t nemo;
    uint32_t first[256], count[256];
    uint8_t plain_lead[256];  /* see plain_three_byte */
};

static const char *const masks[] = {"<PHONE>", "<EMAIL>", "<IDCARD>", "<CARD>", "<ORDER>", "<URL>"};

/* Lead bytes 0xE3..0xEF but 0xED (U+3000..U+CFFF, U+E000..U+FFFF: CJK
 * mostly) that no mask, emoticon or emoji starts with (emoji start with
 * 0xE2 or 0xF0). */
static void mark_plain_leads(vm_tokenizer *t) {
    for (int b = 0; b < 256; b++) t->plain_lead[b] = b >= 0xE3 && b <= 0xEF && b != 0xED && !t->count[b];
}

vm_tokenizer *vm_tokenizer_new(const vm_segdict *dict) {
    vm_tokenizer *t = vm_xcalloc(1, sizeof *t);
    t->dict = dict;
    t->emo_keys = vm_strmap_new();
    mark_plain_leads(t);
    return t;
}

void vm_tokenizer_free(vm_tokenizer *t) {
    if (!t) return;
    vm_strmap_free(t->emo_keys);
    free(t->emo);
    free(t);
}

static int cmp_emoticon(const void *a, const void *b) {
    const emoticon *x = a, *y = b;
    unsigned char fx = (unsigned char)x->s[0], fy = (unsigned char)y->s[0];
    if (fx != fy) return fx < fy ? -1 : 1;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    return memcmp(x->s, y->s, x->len);
}

void vm_tokenizer_add_emoticon(vm_tokenizer *t, const char *s, size_t len) {
    int added;
    if (len == 0) return;
    vm_strmap_intern(t->emo_keys, s, len, &added);
    if (!added) return;
    t->nemo = vm_strmap_size(t->emo_keys);
    t->emo = vm_xrealloc(t->emo, t->nemo * sizeof *t->emo);
    for (size_t i = 0; i < t->nemo; i++) t->emo[i].s = vm_strmap_key(t->emo_keys, (long)i, &t->emo[i].len);
    qsort(t->emo, t->nemo, sizeof *t->emo, cmp_emoticon);
    memset(t->count, 0, sizeof t->count);
    for (size_t i = t->nemo; i-- > 0;) {
        unsigned char b = (unsigned char)t->emo[i].s[0];
        t->first[b] = (uint32_t)i;
        t->count[b]++;
    }
    mark_plain_leads(t);
}

static int ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t mask_len(const char *s, size_t n) {
    for (size_t k = 0; k < sizeof masks / sizeof masks[0]; k++) {
        size_t m = strlen(masks[k]);
        if (m <= n && memcmp(s, masks[k], m) == 0) return m;
    }
    return 0;
}

static size_t emoticon_len(const vm_tokenizer *t, const char *text, size_t len, size_t i) {
    unsigned char b = (unsigned char)text[i];
    for (uint32_t k = t->first[b]; k < t->first[b] + t->count[b]; k++) {
        const emoticon *e = &t->emo[k];
        if (e->len > len - i || memcmp(text + i, e->s, e->len) != 0) continue;
        if (ascii_alnum(e->s[0]) && i > 0 && ascii_alnum(text[i - 1])) continue;
        if (ascii_alnum(e->s[e->len - 1]) && i + e->len < len && ascii_alnum(text[i + e->len])) continue;
        return e->len;
    }
    return 0;
}

static int is_regional(int32_t c) { return c >= 0x1F1E6 && c <= 0x1F1FF; }

/* Variation selectors, skin tones, tags, the keycap mark. */
static int is_emoji_modifier(int32_t c) {
    return c == 0xFE0F || c == 0xFE0E || (c >= 0x1F3FB && c <= 0x1F3FF) ||
           (c >= 0xE0020 && c <= 0xE007F) || c == 0x20E3;
}

static int32_t cp_at(const char *text, size_t len, size_t j, size_t *adv) {
    if (j >= len) { *adv = 0; return -1; }
    return vm_utf8_decode(text + j, len - j, adv);
}

/* Byte length of the emoji sequence at text[i], or 0. */
static size_t emoji_len(const char *text, size_t len, size_t i) {
    size_t adv, adv2, j;
    int32_t c = cp_at(text, len, i, &adv);
    if (c == '#' || c == '*' || (c >= '0' && c <= '9')) {
        j = i + 1;
        if (cp_at(text, len, j, &adv) == 0xFE0F) j += adv;
        return cp_at(text, len, j, &adv) == 0x20E3 ? j + adv - i : 0;
    }
    if (is_regional(c)) {
        j = i + adv;
        return is_regional(cp_at(text, len, j, &adv2)) ? j + adv2 - i : adv;
    }
    if (!vm_is_emoji(c)) return 0;
    j = i + adv;
    for (;;) {
        while (is_emoji_modifier(cp_at(text, len, j, &adv))) j += adv;
        if (cp_at(text, len, j, &adv) != 0x200D) break;
        if (!vm_is_emoji(cp_at(text, len, j + adv, &adv2))) break;
        j += adv + adv2;
    }
    return j - i;
}

/* Segments the plain stretch text[from, to) into out. */
static void flush(const vm_tokenizer *t, const char *text, size_t from, size_t to, unsigned flags,
                  vm_tokens *out, vm_seg_scratch *s) {
    if (to <= from) return;
    size_t n0 = out->n;
    vm_segment(t->dict, text + from, to - from, flags, out, s);
    for (size_t k = n0; k < out->n; k++) out->v[k].start += (uint32_t)from;
}

/* Whether text[i] starts a well-formed three-byte sequence with a plain
 * lead byte (mark_plain_leads). */
static int plain_three_byte(const vm_tokenizer *t, const char *text, size_t len, size_t i) {
    uint16_t tail;
    if (!t->plain_lead[(unsigned char)text[i]] || i + 2 >= len) return 0;
    memcpy(&tail, text + i + 1, sizeof tail);
    return (tail & 0xC0C0) == 0x8080;
}

size_t vm_tokenize(const vm_tokenizer *t, const char *text, size_t len, unsigned flags,
                   vm_tokens *out, vm_seg_scratch *scratch) {
    out->n = 0;
    if (len > 0xFFFFFFFEu) len = 0xFFFFFFFEu;
    size_t i = 0, gap = 0, adv;
    while (i < len) {
        if (plain_three_byte(t, text, len, i)) {
            i += 3;
            continue;
        }
        unsigned char b = (unsigned char)text[i];
        size_t m = 0;
        int type = VM_TOK_EMOJI;
        if (b == '<' && (m = mask_len(text + i, len - i)) > 0) type = VM_TOK_MASK;
        else if (t->count[b] && (m = emoticon_len(t, text, len, i)) > 0) type = VM_TOK_EMOTICON;
        else if (b == 0xE2 || b == 0xF0 || ((b == '#' || b == '*' || (b >= '0' && b <= '9')) && i + 1 < len &&
                                            ((unsigned char)text[i + 1] == 0xEF || (unsigned char)text[i + 1] == 0xE2)))
            m = emoji_len(text, len, i);
        if (m) {
            flush(t, text, gap, i, flags, out, scratch);
            vm_tokens_push(out, (uint32_t)i, (uint32_t)m, type, 0, VM_TOK_NO_PAYLOAD);
            i += m;
            gap = i;
            continue;
        }
        if (b < 0x80) i++;
        else {
            vm_utf8_decode(text + i, len - i, &adv);
            i += adv;
        }
    }
    flush(t, text, gap, len, flags, out, scratch);
    return out->n;
}
