/*
 * fold.c - match-text folding (see fold.h for the rules).
 *
 * Tables, built once by vm_folder_new:
 *   - fold pages: for every code point below TABLE_LIMIT whose single-code-
 *     point fold differs from itself, t2s(NFKC_Casefold(cp)); pages of 256
 *     entries, NULL where the whole page folds to itself;
 *   - info: for every code point below TABLE_LIMIT, its VM_HAN_* form and
 *     the classes step B asks about (space, name character, punctuation:
 *     utf8proc's general category, looked up once here instead of for
 *     every character of every comment).
 * Both come from OpenCC by converting every Han code point once, each on
 * its own line, through t2s and s2t (and the characters s2t changes
 * through s2tw and s2hk too), so phrase rules never apply and the result
 * is a pure per-character map. (OpenCC's hk2s/tw2s variant tables
 * were tried as a fallback for what t2s keeps: they add 13 characters, and
 * some wrongly, e.g. 么 -> 幺 and 抬 -> 擡, so they are not used.)
 *
 * Why a per-character table rather than OpenCC on each comment (measured
 * on this machine with scripts/bench_text.sh: 64,761 waimai + shopping
 * reviews, 4,000 traditional_pool reviews; whole vm_fold_match):
 *   (a) opencc_convert_utf8 on each comment, then the fold: 7.4 MB/s
 *       (OpenCC's segmentation and string copies dominate);
 *   (b) the table: 159 MB/s on Chinese, about 21x faster.
 * What phrase-level conversion would add: on the traditional reviews 53 of
 * 183,218 characters (0.03%, in 45 of 4,000 comments) fold differently,
 * almost all 瞭解 -> 了解 and 反覆 -> 反复 where the character alone is also
 * a simplified character (瞭望, 覆盖); on the simplified sets 8 of 2.87M.
 * That does not matter for matching, so (b) is used. Building the tables
 * costs 0.1-0.2 s; they are built once per process and shared (fold.h).
 *
 * vm_fold_match works in two steps over a code-point array (on the stack
 * for ordinary comments): step A folds the text into the array (fast
 * boundary characters one lookup each, the rest through utf8proc per
 * stretch, masks marked VERBATIM); step B walks the array, applies mention,
 * hashtag, squeeze and whitespace rules and writes UTF-8.
 */
#include "normalize/fold.h"

#include <opencc/opencc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "common/mem.h"
#include "common/utf8.h"
#include "normalize/pii.h"

#define TABLE_LIMIT 0x30000   /* BMP, SMP and SIP: every Han block OpenCC maps */
#define PAGE_SHIFT 8
#define PAGE_SIZE (1 << PAGE_SHIFT)
#define NPAGES (TABLE_LIMIT >> PAGE_SHIFT)
#define VERBATIM 0x40000000   /* flag on array entries copied as they are */
#define STACK_CPS 1024

static const utf8proc_option_t NFKC_CF =
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;

/* info[] bits: the Han form in the low two bits, then the classes. */
enum { INFO_FORM = 3, INFO_SPACE = 4, INFO_NAME = 8, INFO_PUNCT = 16 };

struct vm_folder {
    int32_t *page[NPAGES];
    uint8_t *info;
    int refs;          /* under shared_mu */
};

/* The one folder of the process, while someone holds it. */
static pthread_mutex_t shared_mu = PTHREAD_MUTEX_INITIALIZER;
static vm_folder *shared;

static const int32_t HAN_RANGES[][2] = {
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0x20000, 0x2EBEF},
};

/* ---- building the tables ---- */

static opencc_t open_config(const char *name, vm_error *err) {
    opencc_t cc = opencc_open(name);
    if (cc == (opencc_t)-1) {
        vm_fail(err, "OpenCC: cannot open configuration %s: %s", name, opencc_error());
        return NULL;
    }
    return cc;
}

/* Converts each of cps[0..n) through the OpenCC configuration `name`,
 * each on its own line, and records cp -> result in map (indexed by code
 * point) where the result is one different code point. */
static int derive_map(const char *name, const int32_t *cps, size_t n, int32_t *map, vm_error *err) {
    opencc_t cc = open_config(name, err);
    if (!cc) return -1;
    vm_buf in = {0};
    for (size_t i = 0; i < n; i++) {
        vm_buf_put_utf8(&in, cps[i]);
        vm_buf_putc(&in, '\n');
    }
    char *out = opencc_convert_utf8(cc, in.data ? in.data : "", in.len);
    vm_buf_free(&in);
    if (!out) {
        vm_fail(err, "OpenCC: %s failed: %s", name, opencc_error());
        opencc_close(cc);
        return -1;
    }
    const char *p = out;
    for (size_t i = 0; i < n && *p; i++) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p), adv;
        int32_t to = vm_utf8_decode(p, len, &adv);
        if (to > 0 && to < TABLE_LIMIT && adv == len && to != cps[i]) map[cps[i]] = to;
        p += eol ? len + 1 : len;
    }
    opencc_convert_utf8_free(out);
    opencc_close(cc);
    return 0;
}

/* The OpenCC maps: t2s and s2t over every Han code point, then s2tw and
 * s2hk over the characters s2t changes. */
static int derive_maps(int32_t *t2s, int32_t *s2t, int32_t *s2tw, int32_t *s2hk, vm_error *err) {
    size_t n = 0;
    for (size_t r = 0; r < sizeof HAN_RANGES / sizeof HAN_RANGES[0]; r++) n += (size_t)(HAN_RANGES[r][1] - HAN_RANGES[r][0] + 1);
    int32_t *cps = vm_xmalloc(n * sizeof(int32_t));
    n = 0;
    for (size_t r = 0; r < sizeof HAN_RANGES / sizeof HAN_RANGES[0]; r++)
        for (int32_t cp = HAN_RANGES[r][0]; cp <= HAN_RANGES[r][1]; cp++) cps[n++] = cp;
    int rc = -1;
    if (derive_map("t2s.json", cps, n, t2s, err) == 0 && derive_map("s2t.json", cps, n, s2t, err) == 0) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (s2t[cps[i]] != cps[i]) cps[m++] = cps[i];
        if (derive_map("s2tw.json", cps, m, s2tw, err) == 0 && derive_map("s2hk.json", cps, m, s2hk, err) == 0)
            rc = 0;
    }
    free(cps);
    return rc;
}

/* NFKC_Casefold of one code point if that is one code point, else cp. */
static int32_t nfkc_cf_single(int32_t cp) {
    utf8proc_int32_t buf[32];
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 32, NFKC_CF, &boundclass);
    if (n < 1 || n > 32) return cp;
    n = utf8proc_normalize_utf32(buf, n, NFKC_CF);
    return n == 1 ? buf[0] : cp;
}

/* Traditional-only: t2s changes it and s2t keeps it.
 * Simplified-only: t2s keeps it and it changes under every traditional
 * standard (s2t, s2tw, s2hk); a character Taiwan or Hong Kong keep, such
 * as 吃 or 温, is written in traditional text too and proves nothing. */
static int han_form(int32_t cp, int32_t *const map[4]) {
    if (map[0][cp] != cp && map[1][cp] == cp) return VM_HAN_TRAD;
    if (map[0][cp] == cp && map[1][cp] != cp && map[2][cp] != cp && map[3][cp] != cp) return VM_HAN_SIMP;
    return VM_HAN_SHARED;
}

/* The INFO_* classes of cp (not a Han form). Whitespace is Unicode Z*
 * and NEL; name characters are letters, marks and numbers; punctuation
 * is P*; ASCII has its own rules (the symbols count as punctuation). */
static int classes(int32_t cp) {
    if (cp < 0x80) {
        int space = cp == ' ' || (cp >= '\t' && cp <= '\r');
        int name = vm_is_ascii_alpha(cp) || vm_is_ascii_digit(cp) || cp == '_' || cp == '-';
        int punct = cp > ' ' && cp < 0x7F && !vm_is_ascii_alpha(cp) && !vm_is_ascii_digit(cp);
        return (space ? INFO_SPACE : 0) | (name ? INFO_NAME : 0) | (punct ? INFO_PUNCT : 0);
    }
    utf8proc_category_t c = utf8proc_category(cp);
    if (c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP || cp == 0x85)
        return INFO_SPACE;
    if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO) return INFO_NAME;
    if (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO) return INFO_PUNCT;
    return 0;
}

static void set_fold(vm_folder *f, int32_t cp, int32_t to) {
    int32_t **pg = &f->page[cp >> PAGE_SHIFT];
    if (!*pg) {
        *pg = vm_xmalloc(PAGE_SIZE * sizeof(int32_t));
        int32_t first = cp & ~(PAGE_SIZE - 1);
        for (int i = 0; i < PAGE_SIZE; i++) (*pg)[i] = first + i;
    }
    (*pg)[cp & (PAGE_SIZE - 1)] = to;
}

static vm_folder *build_folder(vm_error *err) {
    int32_t *map[4];   /* t2s, s2t, s2tw, s2hk */
    for (int k = 0; k < 4; k++) {
        map[k] = vm_xmalloc(TABLE_LIMIT * sizeof(int32_t));
        for (int32_t cp = 0; cp < TABLE_LIMIT; cp++) map[k][cp] = cp;
    }
    vm_folder *f = NULL;
    if (derive_maps(map[0], map[1], map[2], map[3], err) == 0) {
        f = vm_xcalloc(1, sizeof *f);
        f->info = vm_xcalloc(TABLE_LIMIT, 1);
        for (int32_t cp = 0; cp < TABLE_LIMIT; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) continue;
            int32_t to = nfkc_cf_single(cp);
            if (to < TABLE_LIMIT) to = map[0][to];
            if (to != cp) set_fold(f, cp, to);
            f->info[cp] = (uint8_t)(han_form(cp, map) | classes(cp));
        }
    }
    for (int k = 0; k < 4; k++) free(map[k]);
    return f;
}

vm_folder *vm_folder_new(vm_error *err) {
    pthread_mutex_lock(&shared_mu);
    if (!shared) shared = build_folder(err);
    if (shared) shared->refs++;
    vm_folder *f = shared;
    pthread_mutex_unlock(&shared_mu);
    return f;
}

void vm_folder_free(vm_folder *f) {
    if (!f) return;
    pthread_mutex_lock(&shared_mu);
    int last = --f->refs == 0;
    if (last) shared = NULL;
    pthread_mutex_unlock(&shared_mu);
    if (!last) return;
    for (int i = 0; i < NPAGES; i++) free(f->page[i]);
    free(f->info);
    free(f);
}

static inline int32_t fold_lookup(const vm_folder *f, int32_t cp) {
    if (cp < 0 || cp >= TABLE_LIMIT) return cp;
    const int32_t *pg = f->page[cp >> PAGE_SHIFT];
    return pg ? pg[cp & (PAGE_SIZE - 1)] : cp;
}

int32_t vm_fold_codepoint(const vm_folder *f, int32_t cp) {
    return fold_lookup(f, cp);
}

int vm_fold_han_form(const vm_folder *f, int32_t cp) {
    return (cp >= 0 && cp < TABLE_LIMIT) ? f->info[cp] & INFO_FORM : VM_HAN_SHARED;
}

/* The INFO_* classes of a folded code point (no VERBATIM flag). */
static inline int cp_classes(const vm_folder *f, int32_t cp) {
    return cp < TABLE_LIMIT ? f->info[cp] & ~INFO_FORM : classes(cp);
}

/* ---- step A: folding into a code-point array ---- */

typedef struct cparr {
    int32_t *a;
    size_t n, cap;
    int32_t *heap;   /* a when it left the stack */
} cparr;

static void cparr_grow(cparr *c, size_t extra) {
    size_t cap = c->cap * 2 > c->n + extra ? c->cap * 2 : c->n + extra;
    int32_t *a = vm_xmalloc(cap * sizeof(int32_t));
    memcpy(a, c->a, c->n * sizeof(int32_t));
    free(c->heap);
    c->a = c->heap = a;
    c->cap = cap;
}

static inline void cparr_reserve(cparr *c, size_t extra) {
    if (c->n + extra > c->cap) cparr_grow(c, extra);
}

/* Normalisation boundaries whose fold is one table lookup: NFKC quick
 * check Yes, combining class 0, never second in a canonical composition,
 * and NFKC_Casefold of the character alone is one code point. */
static inline int is_boundary(int32_t cp) {
    return cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x3041 && cp <= 0x3096) ||
           (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x3001 || cp == 0x3002 || cp == 0xFFFD;
}

/* Code point at s (invalid bytes read as U+FFFD, one byte each). */
static inline int32_t next_cp(const char *s, size_t len, size_t *adv) {
    if ((unsigned char)s[0] < 0x80) {
        *adv = 1;
        return (unsigned char)s[0];
    }
    int32_t cp = vm_utf8_decode(s, len, adv);
    return cp < 0 ? 0xFFFD : cp;
}

/* NFKC_Casefold of the valid UTF-8 stretch s[0..n) through utf8proc, then
 * t2s, appended to c. */
static void fold_stretch(const vm_folder *f, const char *s, size_t n, cparr *c) {
    for (;;) {
        utf8proc_ssize_t room = (utf8proc_ssize_t)(c->cap - c->n);
        utf8proc_ssize_t r = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                                                       c->a + c->n, room, NFKC_CF, NULL, NULL);
        if (r < 0) {   /* defensive: stretches hold valid UTF-8 only */
            cparr_reserve(c, 1);
            c->a[c->n++] = 0xFFFD;
            return;
        }
        if (r > room) {
            cparr_reserve(c, (size_t)r);
            continue;
        }
        r = utf8proc_normalize_utf32(c->a + c->n, r, NFKC_CF);
        for (utf8proc_ssize_t k = 0; k < r; k++) c->a[c->n + (size_t)k] = fold_lookup(f, c->a[c->n + (size_t)k]);
        c->n += (size_t)r;
        return;
    }
}

/* Appends the ASCII run at in[i] (up to a '<', a non-ASCII byte or the
 * end), lower-cased: NFKC_Casefold of ASCII is tolower. The last ASCII
 * character is left out when what follows is not a boundary (it may
 * compose with it). Returns the end of what was taken (i if nothing). */
static size_t fold_ascii_run(const char *in, size_t len, size_t i, cparr *c) {
    size_t r = i, adv;
    while (r < len && (unsigned char)in[r] < 0x80 && in[r] != '<') r++;
    if (r < len && in[r] != '<' && !is_boundary(next_cp(in + r, len - r, &adv))) r--;
    cparr_reserve(c, r - i);
    for (size_t k = i; k < r; k++) {
        int32_t ch = (unsigned char)in[k];
        c->a[c->n++] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;
    }
    return r;
}

/* Folds boundary characters one lookup each, starting with cp (adv bytes
 * at in[i]), while the character after each is a boundary too; stops
 * before an ASCII byte (left to the caller's fast paths). An invalid
 * byte reads as U+FFFD, which is what it folds to. Returns the end of
 * what was folded: i if cp itself must start a stretch. */
static size_t fold_boundary_run(const vm_folder *f, const char *in, size_t len, size_t i, int32_t cp, size_t adv,
                                cparr *c) {
    for (;;) {
        size_t next = i + adv, next_adv = 0;
        int32_t after = next < len ? next_cp(in + next, len - next, &next_adv) : 0;
        if (next < len && !is_boundary(after)) return i;
        cparr_reserve(c, 1);
        c->a[c->n++] = fold_lookup(f, cp);
        if (next >= len || (unsigned char)in[next] < 0x80) return next;
        i = next;
        cp = after;
        adv = next_adv;
    }
}

/* Folds the stretch from in[i] up to the next boundary character or
 * invalid byte as a whole; adv is the length of the character at i.
 * Returns its end. */
static size_t fold_stretch_at(const vm_folder *f, const char *in, size_t len, size_t i, size_t adv, cparr *c) {
    size_t k = i + adv, adv2;
    while (k < len) {
        int32_t cp2 = vm_utf8_decode(in + k, len - k, &adv2);
        if (cp2 < 0 || is_boundary(cp2)) break;
        k += adv2;
    }
    fold_stretch(f, in + i, k - i, c);
    return k;
}

static void fold_to_array(const vm_folder *f, const char *in, size_t len, cparr *c) {
    size_t i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)in[i];
        if (b < 0x80 && b != '<') {
            size_t r = fold_ascii_run(in, len, i, c);
            if (r > i) {
                i = r;
                continue;
            }
        }
        size_t m = b == '<' ? vm_mask_length(in + i, len - i) : 0;
        if (m) {
            cparr_reserve(c, m);
            for (size_t k = 0; k < m; k++) c->a[c->n++] = (unsigned char)in[i + k] | VERBATIM;
            i += m;
            continue;
        }
        size_t adv;
        int32_t cp = vm_utf8_decode(in + i, len - i, &adv);
        if (cp < 0) {   /* an invalid byte */
            cparr_reserve(c, 1);
            c->a[c->n++] = 0xFFFD;
            i += 1;
            continue;
        }
        if (is_boundary(cp)) {
            size_t r = fold_boundary_run(f, in, len, i, cp, adv, c);
            if (r > i) {
                i = r;
                continue;
            }
        }
        i = fold_stretch_at(f, in, len, i, adv, c);
    }
}

/* ---- step B: mentions, hashtags, squeezing, whitespace ---- */

/* English words spelt with a double letter: an elongated run squeezes to
 * two letters when that gives one of these, else to one. Sorted. */
static const char *const DOUBLE_WORDS[] = {
    "add", "agree", "all", "apple", "bass", "bee", "been", "beef", "beer", "bell", "better", "book",
    "boom", "boost", "boss", "butter", "call", "cheese", "class", "coffee", "cook", "cool", "deep",
    "dinner", "door", "dress", "egg", "fall", "feel", "feet", "fell", "fill", "floor", "food", "fool",
    "foot", "free", "full", "funny", "glass", "good", "goodness", "grass", "green", "guess", "hall",
    "happy", "hell", "hello", "hill", "hmm", "jazz", "keep", "kill", "kiss", "less", "little", "look",
    "loose", "loss", "mess", "miss", "mood", "moon", "need", "noon", "off", "pass", "pizza", "pool",
    "poor", "press", "pretty", "pull", "really", "school", "see", "seem", "sell", "shall", "sleep",
    "small", "smell", "sooner", "soon", "sorry", "speed", "spell", "still", "stress", "sweet", "tall",
    "tell", "three", "too", "took", "tool", "tree", "wall", "week", "well", "will", "wood", "woo",
    "worry", "yummy", "zoo",
};

static int cmp_word(const void *key, const void *elem) {
    return strcmp((const char *)key, *(const char *const *)elem);
}

static int is_double_word(const char *w) {
    return bsearch(w, DOUBLE_WORDS, sizeof DOUBLE_WORDS / sizeof DOUBLE_WORDS[0], sizeof DOUBLE_WORDS[0],
                   cmp_word) != NULL;
}

typedef struct emitter {
    const vm_folder *f;
    char *d;               /* out->data, grown beforehand */
    size_t base, w;        /* our region starts at base; write position */
    int space;             /* whitespace pending */
    int32_t prev;          /* previous character (0 after space or mask) */
    int run;               /* its run length in the input */
    size_t word;           /* start of the current Latin word, or SIZE_MAX */
    int elongated;         /* the current word has a run of >= 3 */
    int emphasis;
} emitter;

/* Writes cp (>= 0x80) as UTF-8 at p; returns the byte count. */
static inline size_t utf8_put_multibyte(char *p, int32_t cp) {
    if (cp >= 0x800 && cp < 0x10000) {
        p[0] = (char)(0xE0 | (cp >> 12));
        p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp < 0x800) {
        p[0] = (char)(0xC0 | (cp >> 6));
        p[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    p[0] = (char)(0xF0 | (cp >> 18));
    p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static inline void put_cp(emitter *e, int32_t cp) {
    size_t w = e->w;
    if (e->space) {
        if (w > e->base) e->d[w++] = ' ';
        e->space = 0;
    }
    if (cp < 0x80) e->d[w++] = (char)cp;
    else w += utf8_put_multibyte(e->d + w, cp);
    e->w = w;
}

/* Writes the word d[start..end) with every run of >= 3 letters cut to
 * `keep` letters into dst (NUL-terminated, at most cap bytes); returns
 * its length, or SIZE_MAX if it does not fit. */
static size_t squeeze_word(const char *d, size_t start, size_t end, int keep, char *dst, size_t cap) {
    size_t n = 0, i = start;
    while (i < end) {
        size_t adv, j;
        vm_utf8_decode(d + i, end - i, &adv);
        int count = 0;
        for (j = i; j + adv <= end && memcmp(d + j, d + i, adv) == 0; j += adv) count++;
        int keep_n = count >= 3 ? keep : count;
        if (n + (size_t)keep_n * adv + 1 > cap) return SIZE_MAX;
        for (int k = 0; k < keep_n; k++, n += adv) memcpy(dst + n, d + i, adv);
        i = j;
    }
    dst[n] = '\0';
    return n;
}

/* Ends the current Latin word, squeezing it if it has a run of >= 3. */
static void end_word(emitter *e) {
    if (e->word != SIZE_MAX && e->elongated) {
        size_t start = e->word, len = e->w - start;
        char *tmp = vm_xmalloc(len + 1);
        size_t n = squeeze_word(e->d, start, e->w, 2, tmp, len + 1);
        if (n == SIZE_MAX || !is_double_word(tmp)) n = squeeze_word(e->d, start, e->w, 1, tmp, len + 1);
        memcpy(e->d + start, tmp, n);
        e->w = start + n;
        free(tmp);
    }
    e->word = SIZE_MAX;
    e->elongated = 0;
}

static int is_space_cp(const vm_folder *f, int32_t cp) {
    return (cp_classes(f, cp) & INFO_SPACE) != 0;
}

static int is_name_cp(const vm_folder *f, int32_t cp) {
    return !(cp & VERBATIM) && (cp_classes(f, cp) & INFO_NAME);
}

static int is_punct_cp(const vm_folder *f, int32_t cp) {
    return (cp_classes(f, cp) & INFO_PUNCT) != 0;
}

/* Emits one ordinary character with the squeeze rules. */
static void emit_char(emitter *e, int32_t cp) {
    int same = cp == e->prev;
    e->run = same ? e->run + 1 : 1;
    e->prev = cp;
    int latin = vm_is_latin(cp);
    if (!latin && e->word != SIZE_MAX) end_word(e);
    if (same && is_punct_cp(e->f, cp)) {
        if (e->run == 2) e->emphasis++;
        return;
    }
    if (same && e->run >= 3 && vm_is_han(cp)) {
        if (e->run == 3) e->emphasis++;
        return;
    }
    if (latin) {
        if (e->word == SIZE_MAX) e->word = e->w + (e->space && e->w > e->base);
        if (e->run == 3) {
            e->elongated = 1;
            e->emphasis++;
        }
    }
    put_cp(e, cp);
}

static void break_here(emitter *e, int space) {
    if (e->word != SIZE_MAX) end_word(e);
    e->prev = 0;
    e->run = 0;
    if (space) e->space = 1;
}

static void emit_array(const int32_t *a, size_t n, emitter *e) {
    const vm_folder *f = e->f;
    int hashtag = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t cp = a[i];
        if (cp >= 'a' && cp <= 'z') {   /* the common case, inline */
            if (cp == e->prev) {
                if (++e->run == 3) {
                    e->elongated = 1;
                    e->emphasis++;
                }
            } else {
                e->prev = cp;
                e->run = 1;
            }
            if (e->word == SIZE_MAX) e->word = e->w + (e->space && e->w > e->base);
            put_cp(e, cp);
        } else if (cp & VERBATIM) {
            break_here(e, 0);
            put_cp(e, cp & ~VERBATIM);
            hashtag = 0;
        } else if (is_space_cp(f, cp)) {
            break_here(e, 1);
            hashtag = 0;
        } else if (cp == '@' && i + 1 < n && is_name_cp(f, a[i + 1]) && !(i > 0 && is_name_cp(f, a[i - 1]))) {
            while (i + 1 < n && is_name_cp(f, a[i + 1])) i++;
            break_here(e, 1);
        } else if (cp == '#' && (hashtag || (i + 1 < n && is_name_cp(f, a[i + 1])))) {
            hashtag = !hashtag;
            break_here(e, 1);
        } else {
            if (hashtag && !is_name_cp(f, cp)) hashtag = 0;
            emit_char(e, cp);
        }
    }
    break_here(e, 0);
}

void vm_fold_match(const vm_folder *f, const char *in, size_t len, vm_buf *out, int *emphasis) {
    int32_t stack[STACK_CPS];
    cparr c = {stack, 0, STACK_CPS, NULL};
    fold_to_array(f, in, len, &c);
    vm_buf_grow(out, c.n * 5 + 1);
    emitter e = {f, out->data, out->len, out->len, 0, 0, 0, SIZE_MAX, 0, 0};
    emit_array(c.a, c.n, &e);
    out->len = e.w;
    out->data[out->len] = '\0';
    if (emphasis) *emphasis += e.emphasis;
    free(c.heap);
}
