/*
 * segment.c - maximum-probability segmentation over a word trie, with a
 * number grammar and an unknown-word model (see segment.h).
 *
 * Dictionary: while building, words live in a vm_strmap (folded UTF-8 ->
 * id) with a frequency each. Freezing turns them into a trie over UTF-16
 * code units: a code point past the BMP takes two steps (its surrogate
 * pair), and a lone surrogate in the text has no transition (the decoder
 * never yields one anyway). Nodes are numbered breadth first, the
 * children of a node consecutively and sorted by label, so node k's
 * children are nodes[k].first .. nodes[k + 1].first - 1 and one branchless
 * binary search over their labels finds a step. nodes[k] also holds the
 * log probability of the word ending at k (NOWORD for a mere prefix);
 * the labels are a separate uint16 array. The root's children are all
 * 0x10000 code units (node 1 + u for unit u), so a walk's first step is
 * an index. The trie is built level by level from the words sorted by
 * code units: the nodes of depth t are their distinct t-unit prefixes in
 * order, which is the breadth-first numbering.
 *
 * Why this layout: walks are memory-bound. One starts at every position
 * and most end by the second step; on review text half of the second
 * steps fail. The labels of the second level (178k with jieba's
 * dictionary and the learned vocabulary) take 357 KB, all the nodes
 * 4.4 MB and the labels 1.1 MB. The former layout, one open-addressing
 * hash table of (parent, code point) -> (child, logp) with 16-byte
 * entries (16 MB), missed the cache on almost every step: segmenting
 * 48 MB of reviews took 1.51 s against 1.28 s with the trie.
 *
 * The second step has its own table (pairs): every second-level node whose
 * two code units are below 0xD800 (all of Han), by those two units, with
 * the node's word, block and payload copied in, 16 bytes a slot, at most
 * half full (8 MB with jieba's dictionary). A walk's second step is then
 * one probe instead of a binary search of the first character's block
 * (often hundreds of labels) and a load of the child. The probe's address
 * depends only on the text, so decode asks for each slot as it decodes the
 * second code point, before any walk of the text starts: segmenting 48 MB
 * of match text (segmentation alone, one thread, interleaved runs) took
 * 0.83-0.84 s with the binary search and 0.68-0.74 s with the table
 * prefetched 16 positions ahead of the walks; without the prefetch the
 * table gained little, as the probe missed the cache as often as the
 * search had. Prefetching at decode instead reaches runs of any length
 * (most clauses are shorter than 16 characters, so their walks found the
 * slot still on its way) and hashes each pair once: extract on
 * online_shopping 0.383 -> 0.372 s (median of 20 interleaved runs). A
 * random read from an 8 MB table costs 20-40 ns on this machine, a
 * prefetched one 2.5. GCC drops a __builtin_prefetch that sits alone under
 * a condition, so the prefetch is unconditional.
 *
 * Unknown words (the documented choice): a character-position (BMES)
 * spelling model estimated at freeze time from the dictionary's own Han
 * words, each word type counting once, since unknown words (names,
 * slang, new terms) resemble the dictionary's types rather than its
 * running text: P(c | B), P(c | M), P(c | E) (add-half smoothed) and the
 * length distribution P(n), n = 2..OOV_MAX. After the best path is found,
 * each stretch of two or more consecutive single Han characters is re-cut:
 * a span c1..cn becomes one word when
 *     log(OOV_LAMBDA * P(n)) + log P(c1|B) + sum log P(ci|M) + log P(cn|E)
 * beats the sum of the characters' own word log probabilities. Frequent
 * single-character words (的, 我, 很) therefore stay alone, while runs of
 * characters that are rare alone but typical inside words (names such as
 * 夏世清, transliterations such as 卢钦斯基) become words.
 *
 * Segmenting: the text is decoded (and folded) into per-thread arrays;
 * each run of Han/letters/digits is split into atoms (a Han character, or
 * a Latin/digit run), then route[i] = best score of text[i..n) is computed
 * right to left, trying every dictionary word starting at i (trie walk,
 * ends only at atom boundaries), the atom itself, and number-grammar
 * words. The forward walk emits the chosen words.
 *
 * Payloads (segment.h): the DP remembers, with each position's best
 * word, where its payload is (seg_at.word: the node, or the pair slot
 * for a word found through the pair table, which has no node at hand),
 * and the emitted token copies it. The matcher gives every term path
 * its arc this way, so it need not walk its own trie again for the
 * words just found here: extract on online_shopping executed 3.7% fewer
 * instructions and ran 4% faster. A two-character word's payload sits
 * in its pair slot, which its walk has just read, rather than in an
 * array of its own: that array's reads missed the cache (simulated
 * last-level read misses of the stage -10%, ~2% faster). Hence payloads
 * of 24 bits, and the block size in 8 (a larger block, none in jieba's
 * dictionary, is searched from the first character's node).
 *
 * A run of Han characters only (most of Chinese text) takes
 * best_path_han, the same DP without the per-position atom checks
 * (-2% instructions of the stage).
 */
#include "extract/segment.h"
#include "common/buf.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "common/utf8.h"
#include "normalize/fold.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#define NOWORD (-1e30f)
#define EMIT_LO 0x3400   /* emission table covers U+3400..U+9FFF */
#define EMIT_HI 0xA000
#define NUM_LOGP (-9.2)  /* number-grammar words: a fairly common word (1e-4) */
#define MAX_TEXT 0xFFFFFFFEu
#define ROOT_KIDS 0x10000 /* the root's children: node 1 + u for every code unit u */
#define OOV_MAX 4        /* longest unknown word */
#define OOV_LAMBDA 0.1   /* prior share of running words that are unknown */
#define OOV_ALPHA 0.5    /* add-alpha smoothing of the spelling model */
#define PAIR_WORD 0x80000000u /* seg_at.word: a slot of the pair table, not a node */
#define NO_WORD VM_TOK_NO_PAYLOAD /* vm_seg_scratch.word: the chosen piece is no dictionary word */
#define PAIR_PAYLOAD_SHIFT 8      /* seg_pair.info: the payload above, nkids below */
#define PAIR_BIG 0xFFu            /* seg_pair.info: a block this large or larger is not copied */

enum { ST_B, ST_M, ST_E, ST_N };  /* position in a word: begin, middle, end; count */
enum { C_SPACE, C_PUNCT, C_HAN, C_LETTER, C_DIGIT }; /* character classes */

/* A trie node: where its children start, and the log probability of the
 * word ending here (NOWORD for a mere prefix). */
typedef struct tnode {
    uint32_t first;  /* children: nodes first .. (this + 1)->first - 1 */
    float logp;
} tnode;

/* Where a walk stands: the word ending there (NOWORD for a mere prefix),
 * the block of children, nodes first .. first + nkids - 1, and where the
 * word's payload is (see word_payload). */
typedef struct seg_at {
    float logp;
    uint32_t first, nkids;
    uint32_t word;  /* the node, or PAIR_WORD | its slot in the pair table */
} seg_at;

/* A node of the second level, found by the two code units leading to it
 * (both below 0xD800), with its word, block and payload. */
typedef struct seg_pair {
    uint32_t key;   /* (first << 16 | second) + 1; 0: an empty slot */
    float logp;
    uint32_t first;
    uint32_t info;  /* nkids | payload << PAIR_PAYLOAD_SHIFT; nkids PAIR_BIG: see walk_second */
} seg_pair;

/* A dictionary word as UTF-16 code units, while the trie is built. */
typedef struct unit_word {
    const uint16_t *u;
    uint32_t len;
    float logp;
} unit_word;

struct vm_segdict {
    vm_cpfold fold;
    vm_strmap *keys;        /* folded word -> id */
    double *freq;           /* by id */
    uint8_t *wants_default; /* by id: added with freq <= 0 */
    size_t cap;
    int frozen;
    /* frozen */
    tnode *nodes;           /* the trie by node id, root 0, plus one that ends the last block */
    uint32_t nnodes;        /* nodes in the trie (without the one that ends the last block) */
    uint16_t *label;        /* by node id: the code unit leading to the node */
    seg_pair *pairs;        /* the second level by its two code units (open addressing) */
    uint32_t pair_mask;     /* slots - 1 */
    uint32_t *node_payload; /* by node: the word's payload (0: none given); NULL until one is set */
    uint8_t numeral[0x10000 / 8]; /* bitmap of Chinese numeral characters */
    float unk_logp;         /* an unknown single character */
    float (*emit)[ST_N];    /* log P(cp | position) for EMIT_LO..EMIT_HI */
    float emit_unk[ST_N];   /* for any other code point */
    float oov_len[OOV_MAX + 1]; /* log(lambda * P(length)) of an unknown word */
};

struct vm_seg_scratch {
    size_t cap;
    int32_t *cp;      /* folded code points */
    uint32_t *off;    /* byte offset of each code point (cap + 1) */
    uint8_t *cls;     /* character class */
    uint32_t *aend;   /* for an atom start: end of the atom, else 0 */
    uint8_t *akind;   /* for an atom start: VM_TOK_HAN / LATIN / NUMBER */
    uint32_t *numend; /* end of the Chinese numeral run starting here */
    double *route;    /* best score from here to the run end (cap + 1) */
    uint32_t *next;   /* end of the best word starting here */
    uint8_t *kind;    /* token type of that word */
    uint32_t *word;   /* its seg_at.word if it is a dictionary word, else NO_WORD */
    double *oov_best; /* cut_oov: best score of a prefix (cap + 1) */
    uint8_t *oov_len; /* cut_oov: length of its last word (cap + 1) */
};

/* ---- folding and character classes ---- */

int32_t vm_seg_basic_fold(const void *ctx, int32_t cp) {
    (void)ctx;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    else if (cp == 0x3000) cp = ' ';
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    return cp;
}

static int32_t match_fold(const void *ctx, int32_t cp) { return vm_fold_codepoint(ctx, cp); }

vm_cpfold vm_seg_match_fold(const vm_folder *folder) {
    vm_cpfold f = {match_fold, folder};
    return f;
}

static int is_space(int32_t c) {
    if (c < 0x80) return c <= 0x20 || c == 0x7F;  /* whitespace and controls */
    return (c >= 0x80 && c <= 0xA0) || c == 0x1680 || (c >= 0x2000 && c <= 0x200F) ||
           (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x2064) || c == 0x3000 ||
           c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) || c == 0x00AD;
}

static int classify(int32_t c) {
    if (c < 0x80) {
        if (c >= '0' && c <= '9') return C_DIGIT;
        if (vm_is_ascii_alpha(c)) return C_LETTER;
        return is_space(c) ? C_SPACE : C_PUNCT;
    }
    if (vm_is_han(c)) return C_HAN;
    if (vm_is_latin(c)) return C_LETTER;
    if (is_space(c)) return C_SPACE;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_LETTER;
    case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CC:
        return C_SPACE;
    default:
        return C_PUNCT;
    }
}

int vm_seg_clause_end(int32_t c) {
    switch (c) {
    case ',': case '.': case '!': case '?': case ';': case '~':
    case 0x3002: case 0xFF0C: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF5E:
    case 0xFF61: case 0x2026: case 0x22EF: case 0x203C: case 0x2047: case 0x2048: case 0x2049:
    case 0xFE50: case 0xFE52: case 0xFE54: case 0xFE56: case 0xFE57:
        return 1;
    default:
        return 0;
    }
}

/* Value of a Chinese digit character (0..9), or -1. */
static int cn_digit(int32_t c) {
    switch (c) {
    case 0x3007: case 0x96F6: case 0x25CB: return 0;           /* 〇 零 ○ */
    case 0x4E00: case 0x58F9: return 1;                        /* 一 壹 */
    case 0x4E8C: case 0x4E24: case 0x8D30: return 2;           /* 二 两 贰 */
    case 0x4E09: case 0x53C1: return 3;                        /* 三 叁 */
    case 0x56DB: case 0x8086: return 4;                        /* 四 肆 */
    case 0x4E94: case 0x4F0D: return 5;                        /* 五 伍 */
    case 0x516D: case 0x9646: return 6;                        /* 六 陆 */
    case 0x4E03: case 0x67D2: return 7;                        /* 七 柒 */
    case 0x516B: case 0x634C: return 8;                        /* 八 捌 */
    case 0x4E5D: case 0x7396: return 9;                        /* 九 玖 */
    default: return -1;
    }
}

/* Chinese numeral characters: digits, 十 百 千 万 亿 (and financial forms), 几. */
static int cn_numeral(int32_t c) {
    if (cn_digit(c) >= 0) return 1;
    switch (c) {
    case 0x5341: case 0x767E: case 0x5343: case 0x4E07: case 0x4EBF: /* 十 百 千 万 亿 */
    case 0x62FE: case 0x4F70: case 0x4EDF: case 0x51E0:              /* 拾 佰 仟 几 */
        return 1;
    default:
        return 0;
    }
}

/* Value of a simple numeral up to 99 ("三", "十二", "三十一"), or -1. */
static int cn_small_value(const int32_t *c, size_t n) {
    if (n == 1) return cn_digit(c[0]) > 0 ? cn_digit(c[0]) : (c[0] == 0x5341 ? 10 : -1);
    size_t ten = n;
    for (size_t i = 0; i < n; i++)
        if (c[i] == 0x5341) ten = i;
    if (ten == n || n > 3) return -1;
    int hi = 1, lo = 0;
    if (ten == 1) hi = cn_digit(c[0]);
    else if (ten != 0) return -1;
    if (ten + 1 < n) lo = cn_digit(c[ten + 1]);
    if (ten + 2 < n || hi <= 0 || lo < 0) return -1;
    return hi * 10 + lo;
}

static int is_magnitude(int32_t c) {
    return c == 0x767E || c == 0x5343 || c == 0x4E07 || c == 0x4EBF; /* 百 千 万 亿 */
}

/* Date and time units that join a number: 年 月 日 号 时 分 秒. */
static int is_time_unit(int32_t c) {
    return c == 0x5E74 || c == 0x6708 || c == 0x65E5 || c == 0x53F7 || c == 0x65F6 ||
           c == 0x5206 || c == 0x79D2;
}

/* ---- building the dictionary ---- */

vm_segdict *vm_segdict_new(const vm_cpfold *fold) {
    vm_segdict *d = vm_xcalloc(1, sizeof *d);
    if (fold && fold->fn) d->fold = *fold;
    else d->fold.fn = vm_seg_basic_fold;
    d->keys = vm_strmap_new();
    return d;
}

/* Folds a word into b; returns 0, or -1 if it is invalid or holds space.
 * Runs of characters the fold keeps are copied as they are (the decoder
 * is strict, so their bytes are their only encoding). */
static int fold_word(const vm_segdict *d, const char *s, size_t len, vm_buf *b) {
    vm_buf_reset(b);
    size_t i = 0, kept = 0, adv;  /* s[kept, i) is unchanged, not yet copied */
    while (i < len) {
        int32_t c = vm_utf8_decode(s + i, len - i, &adv);
        if (c < 0) return -1;
        int32_t f = d->fold.fn(d->fold.ctx, c);
        if (is_space(f)) return -1;
        if (f != c) {
            vm_buf_append(b, s + kept, i - kept);
            vm_buf_put_utf8(b, f);
            kept = i + adv;
        }
        i += adv;
    }
    vm_buf_append(b, s + kept, len - kept);
    return b->len ? 0 : -1;
}

static void add_folded(vm_segdict *d, const char *key, size_t len, double freq) {
    int added;
    long id = vm_strmap_intern(d->keys, key, len, &added);
    if ((size_t)id >= d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        d->freq = vm_xrealloc(d->freq, cap * sizeof *d->freq);
        d->wants_default = vm_xrealloc(d->wants_default, cap);
        d->cap = cap;
    }
    if (added) {
        d->freq[id] = 0;
        d->wants_default[id] = 0;
    }
    if (freq > 0) {
        if (freq > d->freq[id]) d->freq[id] = freq;
    } else {
        d->wants_default[id] = 1;
    }
}

void vm_segdict_add(vm_segdict *d, const char *term, size_t len, double freq) {
    vm_buf b = {0};
    if (!d->frozen && fold_word(d, term, len, &b) == 0) add_folded(d, b.data, b.len, freq);
    vm_buf_free(&b);
}

/* The number num[0, n) as strtod reads it; -1 if it is not one. Plain
 * digits (every frequency in jieba's dictionary) are read directly: up to
 * 15 digits, the value is exact either way. */
static int parse_freq(const char *num, size_t n, double *freq) {
    if (n == 0 || n > 15 || strspn(num, "0123456789") != n) {
        char *end;
        *freq = strtod(num, &end);
        return end != num && *end == '\0' ? 0 : -1;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) v = v * 10 + (uint64_t)(num[i] - '0');
    *freq = (double)v;
    return 0;
}

/* Parses "word freq [tag]" / "word<TAB>freq"; returns 0 or -1. */
static int parse_dict_line(const char *line, size_t len, size_t *wlen, double *freq) {
    size_t i = 0;
    while (i < len && line[i] != ' ' && line[i] != '\t') i++;
    *wlen = i;
    *freq = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i == len) return *wlen ? 0 : -1;
    char num[32];
    size_t k = 0;
    while (i < len && line[i] != ' ' && line[i] != '\t' && k < sizeof num - 1) num[k++] = line[i++];
    num[k] = '\0';
    if (parse_freq(num, k, freq) != 0 || !(*freq >= 0) || *freq > 1e15) return -1;
    return 0;
}

/* vm_segdict_load; sha256 (if not NULL) gets the hex SHA-256 of the
 * file's bytes, which the stream computes as it reads. */
static int load_words(vm_segdict *d, const char *path, char sha256[65], vm_error *err) {
    vm_instream *in = vm_instream_open(path, err);
    if (!in) return -1;
    vm_linereader *lr = vm_linereader_new(in);
    vm_buf key = {0};
    const char *line;
    size_t len, wlen;
    unsigned long lineno = 0, bad = 0;
    int rc;
    while ((rc = vm_linereader_next(lr, &line, &len, err)) == 1) {
        lineno++;
        if (len && line[len - 1] == '\r') len--;
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) { line += 3; len -= 3; }
        if (len == 0 || line[0] == '#') continue;
        double freq;
        if (parse_dict_line(line, len, &wlen, &freq) != 0 || fold_word(d, line, wlen, &key) != 0) {
            if (bad++ < 5) vm_log_warn("%s: line %lu: not a \"word freq\" entry, skipped", path, lineno);
            continue;
        }
        add_folded(d, key.data, key.len, freq);
    }
    if (bad > 5) vm_log_warn("%s: %lu malformed lines skipped in all", path, bad);
    if (sha256) vm_instream_sha256(in, sha256);
    vm_buf_free(&key);
    vm_linereader_free(lr);
    vm_instream_close(in);
    if (rc < 0) return vm_fail_prefix(err, "%s: ", path);
    return 0;
}

int vm_segdict_load(vm_segdict *d, const char *path, vm_error *err) { return load_words(d, path, NULL, err); }

int vm_segdict_load_standard(vm_segdict *d, const char *general_path, const char *models_dir,
                             int models_required, vm_segdict_sources *found, vm_error *err) {
    vm_segdict_sources none;
    if (!found) found = &none;
    memset(found, 0, sizeof *found);
    if (general_path && load_words(d, general_path, found->general_sha256, err) != 0) return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/words.tsv", models_dir);
    if (access(path, R_OK) == 0) {
        found->vocabulary = 1;
        return load_words(d, path, NULL, err);
    }
    if (models_required) return vm_fail(err, "%s: cannot read the learned vocabulary", path);
    vm_log_warn("%s: no learned vocabulary, segmenting without it", path);
    return 0;
}

size_t vm_segdict_size(const vm_segdict *d) { return vm_strmap_size(d->keys); }

/* ---- freezing: default frequencies, trie, unknown-word model ---- */

/* The value sorting v[0, n) in ascending order would put at v[k]
 * (quickselect: linear expected time; v is reordered). No NaNs. */
static double kth_smallest(double *v, size_t n, size_t k) {
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;
    while (lo < hi) {
        double pivot = v[lo + (hi - lo) / 2];
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {  /* Hoare: [lo, j] <= pivot, [i, hi] >= pivot */
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                double t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (want <= j) hi = j;
        else if (want >= i) lo = i;
        else return v[want];  /* between j and i: equal to the pivot */
    }
    return v[want];
}

static size_t utf8_count(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void apply_defaults(vm_segdict *d) {
    size_t n = vm_strmap_size(d->keys), m = 0;
    double *v = vm_xmalloc((n + 1) * sizeof *v);
    for (size_t id = 0; id < n; id++) {
        size_t len;
        const char *k = vm_strmap_key(d->keys, (long)id, &len);
        if (d->freq[id] > 0 && utf8_count(k, len) > 1) v[m++] = d->freq[id];
    }
    double def = 1;
    if (m) {
        def = kth_smallest(v, m, (size_t)((double)(m - 1) * VM_SEG_DEFAULT_PERCENTILE));
    }
    for (size_t id = 0; id < n; id++)
        if (d->wants_default[id] && d->freq[id] < def) d->freq[id] = def;
    free(v);
}

/* Writes c as UTF-16 code units; returns their number. */
static size_t put_units(uint16_t *out, int32_t c) {
    if (c < 0x10000) {
        out[0] = (uint16_t)c;
        return 1;
    }
    c -= 0x10000;
    out[0] = (uint16_t)(0xD800 + (c >> 10));
    out[1] = (uint16_t)(0xDC00 + (c & 0x3FF));
    return 2;
}

static int cmp_units(const void *a, const void *b) {
    const unit_word *x = a, *y = b;
    uint32_t n = x->len < y->len ? x->len : y->len;
    for (uint32_t i = 0; i < n; i++)
        if (x->u[i] != y->u[i]) return x->u[i] < y->u[i] ? -1 : 1;
    return (x->len > y->len) - (x->len < y->len);
}

/* The words as code units, sorted; *units gets the storage they point
 * into. */
static unit_word *sorted_words(const vm_segdict *d, double logtotal, uint16_t **units, size_t *nunits) {
    size_t n = vm_strmap_size(d->keys), total = 0, len, adv;
    for (size_t id = 0; id < n; id++) {
        vm_strmap_key(d->keys, (long)id, &len);
        total += len;  /* at least one byte per code unit */
    }
    uint16_t *u = *units = vm_xmalloc((total + 1) * sizeof *u);
    unit_word *w = vm_xmalloc((n + 1) * sizeof *w);
    size_t used = 0;
    for (size_t id = 0; id < n; id++) {
        const char *k = vm_strmap_key(d->keys, (long)id, &len);
        w[id].u = u + used;
        for (size_t j = 0; j < len; j += adv) used += put_units(u + used, vm_utf8_decode(k + j, len - j, &adv));
        w[id].len = (uint32_t)(u + used - w[id].u);
        w[id].logp = (float)(log(d->freq[id]) - logtotal);
    }
    qsort(w, n, sizeof *w, cmp_units);
    *nunits = used;
    return w;
}

/* Builds the trie level by level (see the top of the file): the nodes of
 * depth t + 1 are the distinct (t + 1)-unit prefixes of the sorted words,
 * in order, which is breadth-first order with each block sorted. */
static void build_trie(vm_segdict *d, double logtotal) {
    size_t live = vm_strmap_size(d->keys), nunits;
    uint16_t *units;
    unit_word *w = sorted_words(d, logtotal, &units, &nunits);
    uint32_t *at = vm_xcalloc(live + 1, sizeof *at);  /* node of each live word's prefix */
    uint32_t *nkids = vm_xcalloc(ROOT_KIDS + nunits + 1, sizeof *nkids);
    d->nodes = vm_xmalloc((ROOT_KIDS + nunits + 2) * sizeof *d->nodes);
    d->label = vm_xmalloc((ROOT_KIDS + nunits + 1) * sizeof *d->label);
    d->nodes[0].logp = NOWORD;
    for (uint32_t k = 1; k <= ROOT_KIDS; k++) {
        d->label[k] = (uint16_t)(k - 1);
        d->nodes[k].logp = NOWORD;
    }
    nkids[0] = ROOT_KIDS;
    uint32_t next = 1 + ROOT_KIDS;
    for (size_t t = 0; live; t++) {  /* words w[0, live) are longer than t */
        uint32_t parent = 0, node = 0;
        size_t keep = 0;
        for (size_t k = 0; k < live; k++) {
            uint16_t u = w[k].u[t];
            if (t == 0) {
                node = 1 + u;
            } else if (!node || at[k] != parent || u != d->label[node]) {
                parent = at[k];
                node = next++;
                d->label[node] = u;
                d->nodes[node].logp = NOWORD;
                nkids[parent]++;
            }
            if (w[k].len == t + 1) {
                d->nodes[node].logp = w[k].logp;
            } else {
                w[keep] = w[k];
                at[keep++] = node;
            }
        }
        live = keep;
    }
    d->nodes[0].first = 1;
    for (uint32_t k = 0; k < next; k++) d->nodes[k + 1].first = d->nodes[k].first + nkids[k];
    d->nnodes = next;
    free(nkids);
    free(at);
    free(w);
    free(units);
}

static inline int is_numeral(const vm_segdict *d, int32_t c) {
    return (uint32_t)c < 0x10000 && (d->numeral[c >> 3] >> (c & 7) & 1);
}

/* The child by code unit u in the sorted block label[lo, lo + n), or 0:
 * a branchless binary search. */
static inline uint32_t block_child(const vm_segdict *d, uint32_t lo, uint32_t n, uint32_t u) {
    if (n == 0) return 0;
    const uint16_t *v = d->label + lo;
    while (n > 1) {
        uint32_t half = n / 2;
        v = v[half] <= u ? v + half : v;
        n -= half;
    }
    return *v == u ? (uint32_t)(v - d->label) : 0;
}

/* The child of node (not the root) by code unit u, or 0. */
static inline uint32_t trie_child(const vm_segdict *d, uint32_t node, uint32_t u) {
    return block_child(d, d->nodes[node].first, d->nodes[node + 1].first - d->nodes[node].first, u);
}

/* One step by code point c from the node whose children are the block
 * label[lo, lo + n): the child, or 0 if none. A code point past the BMP
 * takes two steps (its surrogate pair); a lone surrogate has no
 * transition. */
static inline uint32_t block_step(const vm_segdict *d, uint32_t lo, uint32_t n, int32_t c) {
    uint32_t u = (uint32_t)c;
    if (u < 0x10000) return u - 0xD800 < 0x800 ? 0 : block_child(d, lo, n, u);
    if (u > 0x10FFFF) return 0;
    u -= 0x10000;
    uint32_t high = block_child(d, lo, n, 0xD800 + (u >> 10));
    return high ? trie_child(d, high, 0xDC00 + (u & 0x3FF)) : 0;
}

/* One step down the trie from node (0 = the root) by code point c: the
 * child, or 0 if none. The root's children are indexed (node 1 + u). */
static inline uint32_t trie_step(const vm_segdict *d, uint32_t node, int32_t c) {
    if (node) return block_step(d, d->nodes[node].first, d->nodes[node + 1].first - d->nodes[node].first, c);
    uint32_t u = (uint32_t)c;
    if (u < 0x10000) return u - 0xD800 < 0x800 ? 0 : 1 + u;
    if (u > 0x10FFFF) return 0;
    u -= 0x10000;
    return trie_child(d, 1 + 0xD800 + (u >> 10), 0xDC00 + (u & 0x3FF));
}

static inline void at_node(const vm_segdict *d, uint32_t node, seg_at *at) {
    at->logp = d->nodes[node].logp;
    at->first = d->nodes[node].first;
    at->nkids = d->nodes[node + 1].first - at->first;
    at->word = node;
}

static inline int in_pairs(uint32_t a, uint32_t b) { return a < 0xD800 && b < 0xD800; }

static inline uint32_t pair_slot(const vm_segdict *d, uint32_t key) {
    return (uint32_t)((key * 0x9E3779B97F4A7C15u) >> 40) & d->pair_mask;
}

/* Indexes the second-level nodes whose code units are both below 0xD800
 * (all of Han) in a table at most half full. */
static void build_pairs(vm_segdict *d) {
    uint32_t npairs = d->nodes[ROOT_KIDS + 1].first - d->nodes[1].first, slots = 1024;
    while (slots < 2 * npairs) slots *= 2;
    d->pairs = vm_xcalloc(slots, sizeof *d->pairs);
    d->pair_mask = slots - 1;
    for (uint32_t a = 0; a < ROOT_KIDS; a++)
        for (uint32_t k = d->nodes[1 + a].first; k < d->nodes[2 + a].first; k++) {
            if (!in_pairs(a, d->label[k])) continue;
            uint32_t key = (a << 16 | d->label[k]) + 1, h = pair_slot(d, key);
            while (d->pairs[h].key) h = (h + 1) & d->pair_mask;
            seg_at at;
            at_node(d, k, &at);
            d->pairs[h] = (seg_pair){key, at.logp, at.first, at.nkids < PAIR_BIG ? at.nkids : PAIR_BIG};
        }
}

/* The first step of a walk, from the root by c; 0 if there is none. */
static inline int walk_first(const vm_segdict *d, int32_t c, seg_at *at) {
    uint32_t node = trie_step(d, 0, c);
    if (node) at_node(d, node, at);
    return node != 0;
}

/* A step from at by c (at is updated); 0 if there is none. */
static inline int walk_next(const vm_segdict *d, int32_t c, seg_at *at) {
    uint32_t node = block_step(d, at->first, at->nkids, c);
    if (node) at_node(d, node, at);
    return node != 0;
}

/* Asks for the pair table's slot of (a, b) to be brought into the cache.
 * Unconditional: any key gives a slot of the table, and GCC drops a
 * prefetch that sits alone under a condition. It must also stay small
 * enough for GCC to inline it early: a call that is left to a function
 * doing nothing but a prefetch is deleted (the function is taken for
 * pure), which a slot chosen by a mask was enough to cause. After a
 * change, check that vm_segment still holds a prefetch (objdump). */
static inline void pair_prefetch(const vm_segdict *d, int32_t a, int32_t b) {
    __builtin_prefetch(&d->pairs[pair_slot(d, ((uint32_t)a << 16 | (uint32_t)b) + 1)]);
}

/* The second step, from the first (at) by b after a: one probe of the
 * pair table, which holds the child's word, block and payload, instead
 * of a binary search of the first's block followed by a load of the
 * child. A node with PAIR_BIG children or more (jieba's dictionary has
 * none with 200) takes the search. */
static inline int walk_second(const vm_segdict *d, int32_t a, int32_t b, seg_at *at) {
    if (!in_pairs((uint32_t)a, (uint32_t)b)) return walk_next(d, b, at);
    uint32_t key = ((uint32_t)a << 16 | (uint32_t)b) + 1;
    for (uint32_t h = pair_slot(d, key);; h = (h + 1) & d->pair_mask) {
        const seg_pair *p = &d->pairs[h];
        if (!p->key) return 0;
        if (p->key == key) {
            uint32_t nkids = p->info & PAIR_BIG;
            if (nkids == PAIR_BIG) return walk_next(d, b, at);
            *at = (seg_at){p->logp, p->first, nkids, PAIR_WORD | h};
            return 1;
        }
    }
}

/* Estimates the unknown-word spelling model (see the top of the file). */
static void build_oov_model(vm_segdict *d) {
    size_t n = vm_strmap_size(d->keys), span = EMIT_HI - EMIT_LO;
    double (*cnt)[ST_N] = vm_xcalloc(span, sizeof *cnt);
    double tot[ST_N] = {0}, lens[OOV_MAX + 1] = {0}, multi = 0;
    int32_t buf[64];
    for (size_t id = 0; id < n; id++) {
        size_t len, m = 0, adv;
        const char *k = vm_strmap_key(d->keys, (long)id, &len);
        int ok = 1;
        for (size_t j = 0; j < len && ok; j += adv) {
            int32_t c = vm_utf8_decode(k + j, len - j, &adv);
            ok = m < 64 && c >= EMIT_LO && c < EMIT_HI && vm_is_han(c);
            if (ok) buf[m++] = c;
        }
        if (!ok || m < 2) continue;
        for (size_t j = 0; j < m; j++) {
            int st = j == 0 ? ST_B : j == m - 1 ? ST_E : ST_M;
            cnt[buf[j] - EMIT_LO][st]++;
            tot[st]++;
        }
        multi++;
        if (m <= OOV_MAX) lens[m]++;
    }
    for (int m = 0; m <= OOV_MAX; m++)
        d->oov_len[m] = m < 2 ? NOWORD : (float)log(OOV_LAMBDA * (lens[m] + 1) / (multi + OOV_MAX));
    d->emit = vm_xmalloc(span * sizeof *d->emit);
    for (int s = 0; s < ST_N; s++) {
        double denom = tot[s] + OOV_ALPHA * (double)span;
        d->emit_unk[s] = (float)log(OOV_ALPHA / denom);
        for (size_t c = 0; c < span; c++) d->emit[c][s] = (float)log((cnt[c][s] + OOV_ALPHA) / denom);
    }
    free(cnt);
}

void vm_segdict_freeze(vm_segdict *d) {
    if (d->frozen) return;
    apply_defaults(d);
    size_t n = vm_strmap_size(d->keys);
    double total = 0;
    for (size_t id = 0; id < n; id++) total += d->freq[id];
    if (total < 1) total = 1;
    double logtotal = log(total);
    build_trie(d, logtotal);
    build_pairs(d);
    d->unk_logp = (float)-logtotal;
    for (int32_t c = 0; c < 0x10000; c++)
        if (cn_numeral(c)) d->numeral[c >> 3] |= (uint8_t)(1 << (c & 7));
    build_oov_model(d);
    d->frozen = 1;
}

void vm_segdict_free(vm_segdict *d) {
    if (!d) return;
    vm_strmap_free(d->keys);
    free(d->freq);
    free(d->wants_default);
    free(d->nodes);
    free(d->label);
    free(d->pairs);
    free(d->node_payload);
    free(d->emit);
    free(d);
}

/* ---- lookup ---- */

double vm_segdict_logp(const vm_segdict *d, const char *word, size_t len) {
    vm_buf b = {0};
    double lp = 0;
    if (d->frozen && fold_word(d, word, len, &b) == 0) {
        uint32_t node = 0;
        size_t i = 0, adv;
        do {
            node = trie_step(d, node, vm_utf8_decode(b.data + i, b.len - i, &adv));
            i += adv;
        } while (node && i < b.len);
        if (node && d->nodes[node].logp > NOWORD) lp = d->nodes[node].logp;
    }
    vm_buf_free(&b);
    return lp;
}

/* ---- payloads ---- */

/* The pair slot of the second-level node by units a and b, which is in
 * the table. */
static uint32_t find_pair(const vm_segdict *d, uint32_t a, uint32_t b) {
    uint32_t key = (a << 16 | b) + 1, h = pair_slot(d, key);
    while (d->pairs[h].key != key) h = (h + 1) & d->pair_mask;
    return h;
}

int vm_segdict_set_payload(vm_segdict *d, const char *word, size_t len, uint32_t payload) {
    if (!d->frozen || len == 0 || payload > VM_SEG_PAYLOAD_MAX) return 0;
    uint32_t node = 0, units[2] = {0, 0};
    size_t adv, ncp = 0;
    for (size_t i = 0; i < len; i += adv) {
        int32_t c = vm_utf8_decode(word + i, len - i, &adv);
        if (c < 0 || !(node = trie_step(d, node, c))) return 0;
        if (ncp < 2) units[ncp] = (uint32_t)c;
        ncp++;
    }
    if (!d->node_payload) d->node_payload = vm_xcalloc(d->nnodes, sizeof *d->node_payload);
    d->node_payload[node] = payload;
    if (ncp == 2 && in_pairs(units[0], units[1])) {
        seg_pair *p = &d->pairs[find_pair(d, units[0], units[1])];
        p->info = (p->info & PAIR_BIG) | payload << PAIR_PAYLOAD_SHIFT;
    }
    return 1;
}

/* The payload of the word seg_at.word names, for its token. Text folded
 * here may differ from the word, so its tokens get none. */
static inline uint32_t word_payload(const vm_segdict *d, uint32_t word, unsigned flags) {
    if (!d->node_payload || word == NO_WORD || (flags & VM_SEG_FOLD)) return VM_TOK_NO_PAYLOAD;
    return word & PAIR_WORD ? d->pairs[word & ~PAIR_WORD].info >> PAIR_PAYLOAD_SHIFT : d->node_payload[word];
}

/* ---- scratch ---- */

vm_seg_scratch *vm_seg_scratch_new(void) { return vm_xcalloc(1, sizeof(vm_seg_scratch)); }

void vm_seg_scratch_free(vm_seg_scratch *s) {
    if (!s) return;
    free(s->cp); free(s->off); free(s->cls); free(s->aend); free(s->akind);
    free(s->numend); free(s->route); free(s->next); free(s->kind); free(s->word);
    free(s->oov_best); free(s->oov_len);
    free(s);
}

static void scratch_reserve(vm_seg_scratch *s, size_t n) {
    if (n <= s->cap) return;
    size_t cap = s->cap ? s->cap : 256;
    while (cap < n) cap *= 2;
    s->cp = vm_xrealloc(s->cp, cap * sizeof *s->cp);
    s->off = vm_xrealloc(s->off, (cap + 1) * sizeof *s->off);
    s->cls = vm_xrealloc(s->cls, cap);
    s->aend = vm_xrealloc(s->aend, cap * sizeof *s->aend);
    s->akind = vm_xrealloc(s->akind, cap);
    s->numend = vm_xrealloc(s->numend, (cap + 1) * sizeof *s->numend);
    s->route = vm_xrealloc(s->route, (cap + 1) * sizeof *s->route);
    s->next = vm_xrealloc(s->next, cap * sizeof *s->next);
    s->kind = vm_xrealloc(s->kind, cap);
    s->word = vm_xrealloc(s->word, cap * sizeof *s->word);
    s->oov_best = vm_xrealloc(s->oov_best, (cap + 1) * sizeof *s->oov_best);
    s->oov_len = vm_xrealloc(s->oov_len, cap + 1);
    s->cap = cap;
}

/* Decodes (and folds) text into the scratch arrays; returns the number
 * of code points. Invalid bytes decode as U+FFFD, one per byte. Asks for
 * the pair slot of every two code points (see the top of the file). */
static size_t decode(const vm_segdict *d, const char *text, size_t len, unsigned flags,
                     vm_seg_scratch *s) {
    scratch_reserve(s, len + 1);
    int32_t *cp = s->cp;  /* in locals: a store to cls could alias the fields */
    uint32_t *off = s->off;
    uint8_t *cls = s->cls;
    size_t n = 0, i = 0, adv;
    int circle = 0;
    int32_t prev = 0;  /* the code point before, for the pair slot */
    while (i < len) {
        unsigned char b = (unsigned char)text[i];
        int32_t c;
        if (b < 0x80) { c = b; adv = 1; }
        else {
            c = vm_utf8_decode(text + i, len - i, &adv);
            if (c < 0) c = 0xFFFD;
        }
        if (flags & VM_SEG_FOLD) c = d->fold.fn(d->fold.ctx, c);
        cp[n] = c;
        pair_prefetch(d, prev, c);  /* the walks from n - 1 need it */
        prev = c;
        off[n] = (uint32_t)i;
        cls[n] = (uint8_t)classify(c);
        circle |= c == 0x25CB;
        n++;
        i += adv;
    }
    off[n] = (uint32_t)len;
    /* "○" (white circle) is a zero inside Chinese numerals: "二○○一". */
    for (size_t k = 0; circle && k < n; k++) {
        if (cp[k] != 0x25CB) continue;
        size_t e = k;
        while (e < n && cp[e] == 0x25CB) e++;
        if ((k > 0 && cn_numeral(cp[k - 1])) || (e < n && cn_numeral(cp[e])))
            for (size_t j = k; j < e; j++) cls[j] = C_HAN;
        k = e;
    }
    return n;
}

/* ---- atoms: Han characters and Latin/digit runs ---- */

static int is_alnum_cls(int c) { return c == C_LETTER || c == C_DIGIT; }

/* Whether cp[j] joins the alphanumerics around it into one atom. */
static int is_connector(const vm_seg_scratch *s, size_t j, size_t n) {
    if (j == 0 || j + 1 >= n) return 0;
    int32_t c = s->cp[j];
    int p = s->cls[j - 1], q = s->cls[j + 1];
    switch (c) {
    case '\'': case 0x2019: return p == C_LETTER && q == C_LETTER;
    case '-': return is_alnum_cls(p) && is_alnum_cls(q);
    case '.': case ':': case '/': return p == C_DIGIT && q == C_DIGIT;
    case ',':
        return p == C_DIGIT && j + 3 < n && s->cls[j + 1] == C_DIGIT && s->cls[j + 2] == C_DIGIT &&
               s->cls[j + 3] == C_DIGIT && (j + 4 >= n || s->cls[j + 4] != C_DIGIT);
    default: return 0;
    }
}

/* A sign that starts a number: "-5" with no alphanumeric before it. */
static int is_sign(const vm_seg_scratch *s, size_t i, size_t n) {
    return (s->cp[i] == '-' || s->cp[i] == '+') && i + 1 < n && s->cls[i + 1] == C_DIGIT &&
           (i == 0 || !is_alnum_cls(s->cls[i - 1]));
}

static int starts_word(const vm_seg_scratch *s, size_t i, size_t n) {
    int c = s->cls[i];
    return c == C_HAN || c == C_LETTER || c == C_DIGIT || (c == C_PUNCT && is_sign(s, i, n));
}

/* Marks the atom starting at i, a Latin/digit run or a signed number;
 * returns its end. */
static size_t scan_atom(vm_seg_scratch *s, size_t i, size_t n) {
    size_t j = i;
    int letter = 0;
    if (s->cls[j] == C_PUNCT) j++;  /* the sign */
    while (j < n) {
        if (s->cls[j] == C_LETTER) letter = 1;
        else if (s->cls[j] != C_DIGIT && !is_connector(s, j, n)) break;
        j++;
    }
    if (!letter && j < n && (s->cp[j] == '%' || s->cp[j] == 0x2030)) j++;
    for (size_t k = i + 1; k < j; k++) s->aend[k] = 0;
    s->aend[i] = (uint32_t)j;
    s->akind[i] = letter ? VM_TOK_LATIN : VM_TOK_NUMBER;
    return j;
}

/* Marks the atoms of the run of word characters starting at i (a Han
 * character is an atom of its own); returns its end. *han: whether the
 * run is Han characters only. */
static size_t scan_run(vm_seg_scratch *s, size_t i, size_t n, int *han) {
    size_t r = i;
    *han = 1;
    while (r < n) {
        if (s->cls[r] == C_HAN) {
            s->aend[r] = (uint32_t)r + 1;
            s->akind[r] = VM_TOK_HAN;
            r++;
            continue;
        }
        if (!starts_word(s, r, n)) break;
        *han = 0;
        r = scan_atom(s, r, n);
    }
    return r;
}

/* ---- the best path over one run ---- */

static inline void consider(vm_seg_scratch *s, size_t i, size_t j, double score, int kind, uint32_t word,
                            double *best) {
    if (score >= *best) {
        *best = score;
        s->next[i] = (uint32_t)j;
        s->kind[i] = (uint8_t)kind;
        s->word[i] = word;
    }
}

/* Number-grammar words starting at the atom i (see segment.h). */
static void number_words(vm_seg_scratch *s, size_t i, size_t n, double *best) {
    const int32_t *cp = s->cp;
    if (s->akind[i] == VM_TOK_NUMBER) {
        size_t k = s->aend[i];
        if (k > i && (cp[k - 1] == '%' || cp[k - 1] == 0x2030)) return;
        while (k < n && k < (size_t)s->aend[i] + 3 && is_magnitude(cp[k])) {
            k++;
            consider(s, i, k, NUM_LOGP + s->route[k], VM_TOK_NUMBER, NO_WORD, best);
        }
        if (k < n && is_time_unit(cp[k]) && s->aend[k])
            consider(s, i, k + 1, NUM_LOGP + s->route[k + 1], VM_TOK_NUMBER, NO_WORD, best);
        return;
    }
    if (s->akind[i] != VM_TOK_HAN) return;
    size_t b = cp[i] == 0x7B2C ? i + 1 : i;  /* 第 */
    size_t e = s->numend[b], m = e - b;
    if (m == 0 || (b == i && m == 1 && (e >= n || !is_time_unit(cp[e])))) return;
    if (b > i || m >= 2) consider(s, i, e, NUM_LOGP + s->route[e], VM_TOK_NUMBER, NO_WORD, best);
    if (b > i || e >= n) return;
    int32_t u = cp[e];
    int ok = 0;
    if (u == 0x5E74) {  /* 年: a year written digit by digit */
        ok = m >= 2 && m <= 4;
        for (size_t k = b; k < e && ok; k++) ok = cn_digit(cp[k]) >= 0;
    } else if (u == 0x6708) {  /* 月 */
        int v = cn_small_value(cp + b, m);
        ok = v >= 1 && v <= 12;
    } else if (u == 0x65E5 || u == 0x53F7) {  /* 日 号 */
        int v = cn_small_value(cp + b, m);
        ok = v >= 1 && v <= 31;
    }
    if (ok) consider(s, i, e + 1, NUM_LOGP + s->route[e + 1], VM_TOK_NUMBER, NO_WORD, best);
}

static void best_path(const vm_segdict *d, vm_seg_scratch *s, size_t from, size_t to) {
    const int32_t *cp = s->cp;
    s->route[to] = 0;
    s->numend[to] = (uint32_t)to;
    for (size_t i = to; i-- > from;) {
        /* numend[i]: end of the Chinese numeral run at i (i itself if none) */
        int numeral = s->cls[i] == C_HAN && is_numeral(d, cp[i]);
        s->numend[i] = numeral ? s->numend[i + 1] : (uint32_t)i;
        if (!s->aend[i]) continue;
        size_t e = s->aend[i];
        double best = -HUGE_VAL;
        double atom = s->akind[i] == VM_TOK_NUMBER ? NUM_LOGP : d->unk_logp;
        consider(s, i, e, atom + s->route[e], s->akind[i], NO_WORD, &best);
        seg_at at;
        int live = walk_first(d, cp[i], &at);
        for (size_t j = i + 1; live; j++) {
            if (j >= e && at.logp > NOWORD && (j == to || s->aend[j]))
                consider(s, i, j, at.logp + s->route[j], j == e ? s->akind[i] : VM_TOK_HAN, at.word, &best);
            if (j >= to || !at.nkids) break;
            live = j == i + 1 ? walk_second(d, cp[i], cp[j], &at) : walk_next(d, cp[j], &at);
        }
        if (s->akind[i] == VM_TOK_NUMBER || numeral || cp[i] == 0x7B2C) number_words(s, i, to, &best);
        s->route[i] = best;
    }
}

/* best_path for a run of Han characters only, where every position is an
 * atom of its own: the same choices, without the atom bookkeeping. */
static void best_path_han(const vm_segdict *d, vm_seg_scratch *s, size_t from, size_t to) {
    const int32_t *cp = s->cp;
    s->route[to] = 0;
    s->numend[to] = (uint32_t)to;
    for (size_t i = to; i-- > from;) {
        int numeral = is_numeral(d, cp[i]);
        s->numend[i] = numeral ? s->numend[i + 1] : (uint32_t)i;
        double best = -HUGE_VAL;
        consider(s, i, i + 1, d->unk_logp + s->route[i + 1], VM_TOK_HAN, NO_WORD, &best);
        seg_at at;
        int live = walk_first(d, cp[i], &at);
        for (size_t j = i + 1; live; j++) {
            if (at.logp > NOWORD) consider(s, i, j, at.logp + s->route[j], VM_TOK_HAN, at.word, &best);
            if (j >= to || !at.nkids) break;
            live = j == i + 1 ? walk_second(d, cp[i], cp[j], &at) : walk_next(d, cp[j], &at);
        }
        if (numeral || cp[i] == 0x7B2C) number_words(s, i, to, &best);
        s->route[i] = best;
    }
}

/* ---- out-of-vocabulary runs ---- */

static inline float emit_logp(const vm_segdict *d, int32_t c, int st) {
    return c >= EMIT_LO && c < EMIT_HI ? d->emit[c - EMIT_LO][st] : d->emit_unk[st];
}

/* Re-cuts cp[from, to), a stretch of single Han characters: a span of
 * 2..OOV_MAX characters becomes a word when its unknown-word score beats
 * the characters' own word scores. Emits the words. */
static void cut_oov(const vm_segdict *d, vm_seg_scratch *s, size_t from, size_t to, unsigned flags,
                    vm_tokens *out) {
    size_t n = to - from;
    double *best = s->oov_best;  /* best[k]: best score of the first k characters */
    uint8_t *len = s->oov_len;   /* length of the last word of that best cut */
    best[0] = 0;
    for (size_t k = 1; k <= n; k++) {
        int32_t c = s->cp[from + k - 1];
        uint32_t node = trie_step(d, 0, c);
        double single = node && d->nodes[node].logp > NOWORD ? d->nodes[node].logp : d->unk_logp;
        best[k] = best[k - 1] + single;
        len[k] = 1;
        double sc = emit_logp(d, c, ST_E);
        for (size_t m = 2; m <= OOV_MAX && m <= k; m++) {
            int32_t b = s->cp[from + k - m];
            double w = best[k - m] + d->oov_len[m] + sc + emit_logp(d, b, ST_B);
            if (w > best[k]) { best[k] = w; len[k] = (uint8_t)m; }
            sc += emit_logp(d, b, ST_M);
        }
    }
    size_t nw = 0;
    uint32_t *ends = s->next + from;  /* the stretch is consumed: reuse it */
    for (size_t k = n; k > 0; k -= len[k]) ends[nw++] = (uint32_t)k;
    size_t prev = 0;
    while (nw--) {
        size_t k = ends[nw];
        uint32_t node = k - prev == 1 ? trie_step(d, 0, s->cp[from + prev]) : 0;
        uint32_t payload = node ? word_payload(d, node, flags) : VM_TOK_NO_PAYLOAD;
        vm_tokens_push(out, s->off[from + prev], s->off[from + k] - s->off[from + prev], VM_TOK_HAN, 0, payload);
        prev = k;
    }
}

/* Emits the chosen words of cp[from, to), re-cutting single-character
 * stretches with the unknown-word model. */
static void emit_run(const vm_segdict *d, vm_seg_scratch *s, size_t from, size_t to, unsigned flags,
                     vm_tokens *out) {
    size_t i = from, single = from;  /* [single, i) = pending single Han chars */
    while (i <= to) {
        size_t j = i < to ? s->next[i] : to;
        int lone = i < to && j == i + 1 && s->cls[i] == C_HAN && s->kind[i] == VM_TOK_HAN;
        if (!lone && i > single) {
            if (i - single >= 2 && !(flags & VM_SEG_NO_OOV)) cut_oov(d, s, single, i, flags, out);
            else
                for (size_t k = single; k < i; k++)
                    vm_tokens_push(out, s->off[k], s->off[k + 1] - s->off[k], VM_TOK_HAN, 0,
                                   word_payload(d, s->word[k], flags));
        }
        if (i == to) break;
        if (!lone) {
            vm_tokens_push(out, s->off[i], s->off[j] - s->off[i], s->kind[i], 0, word_payload(d, s->word[i], flags));
            single = j;
        }
        i = j;
    }
}

size_t vm_segment(const vm_segdict *d, const char *text, size_t len, unsigned flags,
                  vm_tokens *out, vm_seg_scratch *s) {
    if (len > MAX_TEXT) len = MAX_TEXT;
    size_t n = decode(d, text, len, flags, s), before = out->n, i = 0;
    while (i < n) {
        if (s->cls[i] == C_SPACE) { i++; continue; }
        if (starts_word(s, i, n)) {
            int han;
            size_t r = scan_run(s, i, n, &han);
            if (han) best_path_han(d, s, i, r);
            else best_path(d, s, i, r);
            emit_run(d, s, i, r, flags, out);
            i = r;
            continue;
        }
        size_t j = i + 1;
        while (j < n && s->cp[j] == s->cp[i] && s->cls[j] == C_PUNCT) j++;
        vm_tokens_push(out, s->off[i], s->off[j] - s->off[i], VM_TOK_PUNCT, vm_seg_clause_end(s->cp[i]),
                       VM_TOK_NO_PAYLOAD);
        i = j;
    }
    return out->n - before;
}
