/*
 * wordlearn.c - new-word discovery by frequency, cohesion and boundary
 * entropy, then re-estimation by segmentation (see wordlearn.h).
 *
 * Invariants: lv[k] holds the frequent k-grams (count >= min_count; all
 * characters for k = 1) keyed by their code points as raw bytes, with
 * their counts and, once pass k + 1 has run, the sums of c log c over
 * their right and left extensions. A pass table slot is empty when its
 * count is 0. Everything is visited in insertion or slot order, both
 * fixed by the input, so the output is reproducible.
 */
#include "extract/wordlearn.h"
#include "extract/segment.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/strmap.h"
#include "common/utf8.h"
#include "normalize/fold.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GRAM_MAX (VM_WORDLEARN_MAX_LEN + 1)  /* one longer, for entropies */
/* Segmentation rounds: 0 with the two-character candidates (the phrase
 * test's reference), 1 with every surviving candidate at its n-gram
 * count, 2 with the token counts of round 1 (the final frequencies). */
#define RESEGMENT_ROUNDS 3

typedef struct gram {
    int32_t cp[GRAM_MAX];
    uint32_t count;
} gram;

/* One pass's counting table (open addressing, bounded). */
typedef struct gtable {
    gram *slot;
    size_t mask, used, limit;
    unsigned k;
    uint32_t pruned;  /* largest count pruned so far */
} gtable;

/* The frequent grams of one length. */
typedef struct level {
    vm_strmap *map;
    uint32_t *count;
    double *rsum, *lsum;  /* sum of c log c over right / left extensions */
    uint8_t *accepted;    /* k >= 2: passed the tests */
} level;

typedef struct learner {
    const vm_wordlearn_opts *o;
    const char *const *inputs;
    size_t ninputs;
    vm_folder *folder;
    char (*sha)[65];
    uint64_t *lines;
    uint64_t nchars;
    level lv[GRAM_MAX + 1];
    uint32_t pruned;
    vm_buf text;          /* the current line, folded */
    int32_t *cps;
    size_t cpcap;
} learner;

typedef int (*line_fn)(learner *L, void *ctx);

void vm_wordlearn_defaults(vm_wordlearn_opts *o) {
    o->min_count = 5;
    o->min_pmi = 3.0;
    o->min_entropy = 1.0;
    o->min_pmi_long = 4.5;
    o->min_gain = 4.0;
    o->max_len = 3;
    o->max_words = 30000;
    o->max_ngrams = 1500000;
}

/* ---- reading the input ---- */

/* Calls fn for every line of every input, folded into L->text. On the
 * first pass records line counts and SHA-256s. */
static int for_each_line(learner *L, int first, line_fn fn, void *ctx, vm_error *err) {
    for (size_t f = 0; f < L->ninputs; f++) {
        vm_instream *in = vm_instream_open(L->inputs[f], err);
        if (!in) return -1;
        vm_linereader *lr = vm_linereader_new(in);
        const char *line;
        size_t len;
        uint64_t n = 0;
        int rc;
        while ((rc = vm_linereader_next(lr, &line, &len, err)) == 1) {
            n++;
            vm_buf_reset(&L->text);
            vm_fold_match(L->folder, line, len, &L->text, NULL);
            if (fn(L, ctx) != 0) { rc = -1; break; }
        }
        if (rc == 0 && first) {
            L->lines[f] = n;
            vm_instream_sha256(in, L->sha[f]);
        }
        vm_linereader_free(lr);
        vm_instream_close(in);
        if (rc < 0) return vm_fail_prefix(err, "%s: ", L->inputs[f]);
    }
    return 0;
}

/* Decodes L->text into L->cps; returns the number of code points. */
static size_t decode_text(learner *L) {
    if (L->cpcap < L->text.len + 1) {
        L->cpcap = L->text.len + 1;
        L->cps = vm_xrealloc(L->cps, L->cpcap * sizeof *L->cps);
    }
    size_t n = 0, adv;
    for (size_t i = 0; i < L->text.len; i += adv) L->cps[n++] = vm_utf8_decode(L->text.data + i, L->text.len - i, &adv);
    return n;
}

/* ---- the counting table ---- */

static size_t gram_slot(const gtable *t, const int32_t *cp) {
    size_t i = (size_t)vm_hash64(cp, t->k * sizeof *cp, 0) & t->mask;
    while (t->slot[i].count && memcmp(t->slot[i].cp, cp, t->k * sizeof *cp) != 0) i = (i + 1) & t->mask;
    return i;
}

static void gtable_init(gtable *t, unsigned k, size_t limit) {
    size_t size = 1024;
    while (size < limit + limit / 3) size *= 2;
    t->slot = vm_xcalloc(size, sizeof *t->slot);
    t->mask = size - 1;
    t->used = 0;
    t->limit = limit;
    t->k = k;
    t->pruned = 0;
}

/* Drops the rarest entries until at most half the limit is used. */
static void gtable_prune(gtable *t) {
    gram *old = t->slot;
    size_t size = t->mask + 1;
    while (t->used > t->limit / 2) {
        t->pruned++;
        t->used = 0;
        for (size_t i = 0; i < size; i++)
            if (old[i].count > t->pruned) t->used++;
    }
    t->slot = vm_xcalloc(size, sizeof *t->slot);
    for (size_t i = 0; i < size; i++)
        if (old[i].count > t->pruned) t->slot[gram_slot(t, old[i].cp)] = old[i];
    free(old);
}

static void gtable_add(gtable *t, const int32_t *cp) {
    size_t i = gram_slot(t, cp);
    if (t->slot[i].count) {
        if (t->slot[i].count < UINT32_MAX) t->slot[i].count++;
        return;
    }
    if (t->used >= t->limit) {
        gtable_prune(t);
        i = gram_slot(t, cp);
    }
    memcpy(t->slot[i].cp, cp, t->k * sizeof *cp);
    t->slot[i].count = 1;
    t->used++;
}

/* ---- levels of frequent grams ---- */

static long level_find(const level *v, const int32_t *cp, size_t k) {
    return v->map ? vm_strmap_find(v->map, (const char *)cp, k * sizeof *cp) : -1;
}

/* Copies the code points of gram id (keys are unaligned bytes). */
static const int32_t *level_key(const level *v, long id, int32_t out[GRAM_MAX]) {
    size_t len;
    const char *key = vm_strmap_key(v->map, id, &len);
    memcpy(out, key, len);
    return out;
}

static void level_free(level *v) {
    vm_strmap_free(v->map);
    free(v->count);
    free(v->rsum);
    free(v->lsum);
    free(v->accepted);
    memset(v, 0, sizeof *v);
}

/* Keeps the table's grams with count >= min (every gram when min = 0). */
static void level_fill(level *v, const gtable *t, uint32_t min) {
    v->map = vm_strmap_new();
    size_t cap = 1024, n = 0;
    v->count = vm_xmalloc(cap * sizeof *v->count);
    for (size_t i = 0; i <= t->mask; i++) {
        if (!t->slot[i].count || t->slot[i].count < min) continue;
        if (n == cap) {
            cap *= 2;
            v->count = vm_xrealloc(v->count, cap * sizeof *v->count);
        }
        vm_strmap_intern(v->map, (const char *)t->slot[i].cp, t->k * sizeof(int32_t), NULL);
        v->count[n++] = t->slot[i].count;
    }
    v->rsum = vm_xcalloc(n + 1, sizeof *v->rsum);
    v->lsum = vm_xcalloc(n + 1, sizeof *v->lsum);
    v->accepted = vm_xcalloc(n + 1, 1);
}

/* Adds c log c of every k-gram to the sums of its (k-1)-gram halves. */
static void add_extensions(level *shorter, const gtable *t) {
    for (size_t i = 0; i <= t->mask; i++) {
        const gram *g = &t->slot[i];
        if (!g->count) continue;
        double c = g->count, clogc = c * log(c);
        long p = level_find(shorter, g->cp, t->k - 1);
        long s = level_find(shorter, g->cp + 1, t->k - 1);
        if (p >= 0) shorter->rsum[p] += clogc;
        if (s >= 0) shorter->lsum[s] += clogc;
    }
}

/* ---- the n-gram passes ---- */

static int count_line(learner *L, void *ctx) {
    gtable *t = ctx;
    size_t n = decode_text(L), k = t->k;
    const level *shorter = &L->lv[k - 1];
    for (size_t i = 0; i < n;) {
        if (!vm_is_han(L->cps[i])) { i++; continue; }
        size_t e = i;
        while (e < n && vm_is_han(L->cps[e])) e++;
        if (k == 1) L->nchars += e - i;
        for (size_t j = i; j + k <= e; j++) {
            const int32_t *g = L->cps + j;
            if (k == 1 || level_find(shorter, g, k - 1) >= 0 || level_find(shorter, g + 1, k - 1) >= 0)
                gtable_add(t, g);
        }
        i = e;
    }
    return 0;
}

/* Counts 1- to (max_len + 1)-grams, one length per pass. */
static int count_grams(learner *L, vm_error *err) {
    unsigned passes = L->o->max_len + 1;
    for (unsigned k = 1; k <= passes; k++) {
        gtable t;
        gtable_init(&t, k, L->o->max_ngrams);
        if (for_each_line(L, k == 1, count_line, &t, err) != 0) {
            free(t.slot);
            return -1;
        }
        if (t.pruned > L->pruned) L->pruned = t.pruned;
        if (k > 1) add_extensions(&L->lv[k - 1], &t);
        if (k < passes) {
            level_fill(&L->lv[k], &t, k == 1 ? 0 : L->o->min_count);
            vm_log_info("words: pass %u: %zu frequent %u-grams", k, vm_strmap_size(L->lv[k].map), k);
        }
        free(t.slot);
    }
    return 0;
}

/* ---- scoring ---- */

static double gram_count(const learner *L, const int32_t *cp, size_t k, double fallback) {
    long id = level_find(&L->lv[k], cp, k);
    return id >= 0 ? L->lv[k].count[id] : fallback;
}

/* Frequency, cohesion and boundary entropy (see wordlearn.h). */
static int accept(const learner *L, size_t k, long id, const int32_t *cp) {
    const level *v = &L->lv[k];
    double c = v->count[id], n = (double)L->nchars;
    double min_pmi = k == 2 ? L->o->min_pmi : L->o->min_pmi_long;
    for (size_t j = 1; j < k; j++) {
        double a = gram_count(L, cp, j, c), b = gram_count(L, cp + j, k - j, c);
        if (log(c * n / (a * b)) < min_pmi) return 0;
    }
    double right = log(c) - v->rsum[id] / c, left = log(c) - v->lsum[id] / c;
    return right >= L->o->min_entropy && left >= L->o->min_entropy;
}

static size_t score_candidates(learner *L) {
    size_t total = 0;
    for (size_t k = 2; k <= L->o->max_len; k++) {
        level *v = &L->lv[k];
        for (size_t id = 0; id < vm_strmap_size(v->map); id++) {
            int32_t cp[GRAM_MAX];
            v->accepted[id] = (uint8_t)accept(L, k, (long)id, level_key(v, (long)id, cp));
            total += v->accepted[id];
        }
    }
    return total;
}

/* ---- re-estimation by segmentation ---- */

typedef struct tally {
    const vm_segdict *dict;
    vm_seg_scratch *scratch;
    vm_tokens toks;
    vm_strmap *words;
    uint64_t *count;
    uint64_t total;  /* tokens counted */
    size_t cap;
} tally;

static int tally_line(learner *L, void *ctx) {
    tally *t = ctx;
    t->toks.n = 0;
    vm_segment(t->dict, L->text.data, L->text.len, VM_SEG_NO_OOV, &t->toks, t->scratch);
    for (size_t i = 0; i < t->toks.n; i++) {
        const vm_token *k = &t->toks.v[i];
        if (k->type != VM_TOK_HAN) continue;
        int added;
        long id = vm_strmap_intern(t->words, L->text.data + k->start, k->len, &added);
        if ((size_t)id >= t->cap) {
            t->cap = t->cap ? t->cap * 2 : 4096;
            t->count = vm_xrealloc(t->count, t->cap * sizeof *t->count);
        }
        if (added) t->count[id] = 0;
        t->count[id]++;
        t->total++;
    }
    return 0;
}

static void put_cps(vm_buf *b, const int32_t *cp, size_t k) {
    vm_buf_reset(b);
    for (size_t i = 0; i < k; i++) vm_buf_put_utf8(b, cp[i]);
}

/* Accepted words of up to max_len characters and every character, with
 * their n-gram counts. */
static void add_candidates(const learner *L, vm_segdict *d, size_t max_len) {
    vm_buf b = {0};
    for (size_t k = 1; k <= max_len; k++) {
        const level *v = &L->lv[k];
        for (size_t id = 0; id < vm_strmap_size(v->map); id++) {
            if (k > 1 && !v->accepted[id]) continue;
            int32_t cp[GRAM_MAX];
            put_cps(&b, level_key(v, (long)id, cp), k);
            vm_segdict_add(d, b.data, b.len, v->count[id]);
        }
    }
    vm_buf_free(&b);
}

static size_t utf8_chars(const char *s, size_t len) {
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Later rounds: the previous round's tokens (multi-character words only
 * while they stay frequent enough). */
static void add_tally(const learner *L, const tally *prev, vm_segdict *d) {
    for (size_t id = 0; id < vm_strmap_size(prev->words); id++) {
        size_t len;
        const char *w = vm_strmap_key(prev->words, (long)id, &len);
        if (prev->count[id] >= L->o->min_count || utf8_chars(w, len) == 1)
            vm_segdict_add(d, w, len, (double)prev->count[id]);
    }
}

static void tally_free(tally *t) {
    vm_strmap_free(t->words);
    free(t->count);
    free(t->toks.v);
    vm_seg_scratch_free(t->scratch);
    memset(t, 0, sizeof *t);
}

/* Log probability of a string as a token of t; a character that is no
 * token counts 0.5; any other string that is no token cannot be one. */
static double token_logp(const tally *t, const char *w, size_t len, int one_char) {
    long id = vm_strmap_find(t->words, w, len);
    if (id < 0 && !one_char) return -HUGE_VAL;
    double c = id >= 0 ? (double)t->count[id] : 0.5;
    return log(c / (double)t->total);
}

/* The gain per boundary of the string cp[0, k), seen count times, over
 * its best segmentation into tokens of t (the first round, which knew
 * words of up to two characters): (log P(w) - sum log P(ti)) / (m - 1),
 * with the string's own count as its token count. */
static double boundary_gain(const tally *t, const int32_t *cp, size_t k, double count, vm_buf *b) {
    size_t off[VM_WORDLEARN_MAX_LEN + 1];
    put_cps(b, cp, k);
    for (size_t i = 0, j = 0; i <= k; i++) {
        off[i] = j;
        while (j < b->len && (i == k || ((unsigned char)b->data[++j] & 0xC0) == 0x80)) {}
    }
    double best[VM_WORDLEARN_MAX_LEN + 1];
    size_t parts[VM_WORDLEARN_MAX_LEN + 1];
    best[0] = 0;
    parts[0] = 0;
    for (size_t e = 1; e <= k; e++) {
        best[e] = -HUGE_VAL;
        for (size_t s = 0; s < e; s++) {
            if (s == 0 && e == k) continue;  /* not w itself */
            double x = best[s] + token_logp(t, b->data + off[s], off[e] - off[s], e == s + 1);
            if (x > best[e]) { best[e] = x; parts[e] = parts[s] + 1; }
        }
    }
    return (log(count / (double)t->total) - best[k]) / (double)(parts[k] - 1);
}

/* Drops the candidates of three or more characters that gain too little
 * over their parts: phrases (see wordlearn.h). */
static void drop_phrases(learner *L, const tally *t) {
    vm_buf tmp = {0};
    for (size_t k = 3; k <= L->o->max_len; k++) {
        level *v = &L->lv[k];
        for (size_t id = 0; id < vm_strmap_size(v->map); id++) {
            int32_t cp[GRAM_MAX];
            if (v->accepted[id] && boundary_gain(t, level_key(v, (long)id, cp), k, v->count[id], &tmp) < L->o->min_gain)
                v->accepted[id] = 0;
        }
    }
    vm_buf_free(&tmp);
}

static int resegment(learner *L, tally *result, vm_error *err) {
    tally prev = {0};
    for (int round = 0; round < RESEGMENT_ROUNDS; round++) {
        vm_segdict *d = vm_segdict_new(NULL);
        if (round == 1) drop_phrases(L, &prev);
        if (round <= 1) add_candidates(L, d, round == 0 ? 2 : L->o->max_len);
        else add_tally(L, &prev, d);
        vm_segdict_freeze(d);
        tally t = {0};
        t.dict = d;
        t.scratch = vm_seg_scratch_new();
        t.words = vm_strmap_new();
        int rc = for_each_line(L, 0, tally_line, &t, err);
        vm_segdict_free(d);
        t.dict = NULL;
        tally_free(&prev);
        prev = t;
        if (rc != 0) {
            tally_free(&prev);
            return -1;
        }
    }
    *result = prev;
    return 0;
}

/* ---- output ---- */

static int cmp_entry(const void *a, const void *b, void *ctx) {
    const tally *t = ctx;
    long x = *(const long *)a, y = *(const long *)b;
    if (t->count[x] != t->count[y]) return t->count[x] > t->count[y] ? -1 : 1;
    size_t lx, ly;
    const char *kx = vm_strmap_key(t->words, x, &lx), *ky = vm_strmap_key(t->words, y, &ly);
    int c = memcmp(kx, ky, lx < ly ? lx : ly);
    return c ? c : (lx > ly) - (lx < ly);
}

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int write_words(const learner *L, const tally *t, size_t accepted, const char *path, vm_error *err) {
    size_t n = vm_strmap_size(t->words), m = 0, multi = 0;
    long *ids = vm_xmalloc((n + 1) * sizeof *ids);
    for (size_t id = 0; id < n; id++)
        if (t->count[id] >= L->o->min_count) ids[m++] = (long)id;
    qsort_r(ids, m, sizeof *ids, cmp_entry, (void *)t);
    if (m > L->o->max_words) m = L->o->max_words;
    for (size_t i = 0; i < m; i++) {
        size_t len;
        const char *w = vm_strmap_key(t->words, ids[i], &len);
        multi += utf8_chars(w, len) > 1;
    }
    const vm_wordlearn_opts *o = L->o;
    vm_buf b = {0};
    vm_buf_printf(&b, "# vocmine learned vocabulary: word<TAB>frequency (token count in the input\n"
                      "# segmented with this vocabulary); written by `vocmine words learn`\n");
    vm_buf_printf(&b, "# format 1, vocmine %s\n", VM_VERSION);
    vm_buf_printf(&b,
                  "# min_count=%u min_pmi=%g min_pmi_long=%g min_entropy=%g min_gain=%g max_len=%u max_words=%zu "
                  "max_ngrams=%zu\n",
                  o->min_count, o->min_pmi, o->min_pmi_long, o->min_entropy, o->min_gain, o->max_len, o->max_words,
                  o->max_ngrams);
    vm_buf_printf(&b, "# han_chars=%llu candidates=%zu pruned_below=%u words=%zu multi_char=%zu\n",
                  (unsigned long long)L->nchars, accepted, L->pruned, m, multi);
    for (size_t f = 0; f < L->ninputs; f++)
        vm_buf_printf(&b, "# input %s lines=%llu sha256=%s\n", base_name(L->inputs[f]),
                      (unsigned long long)L->lines[f], L->sha[f]);
    for (size_t i = 0; i < m; i++) {
        size_t len;
        const char *w = vm_strmap_key(t->words, ids[i], &len);
        vm_buf_append(&b, w, len);
        vm_buf_printf(&b, "\t%llu\n", (unsigned long long)t->count[ids[i]]);
    }
    int rc = vm_write_file_atomic(path, b.data, b.len, err);
    vm_buf_free(&b);
    free(ids);
    return rc;
}

int vm_wordlearn(const char *const *inputs, size_t ninputs, const vm_wordlearn_opts *o,
                 const char *out_path, vm_error *err) {
    learner L;
    memset(&L, 0, sizeof L);
    L.o = o;
    L.inputs = inputs;
    L.ninputs = ninputs;
    L.folder = vm_folder_new(err);
    if (!L.folder) return -1;
    L.sha = vm_xcalloc(ninputs, sizeof *L.sha);
    L.lines = vm_xcalloc(ninputs, sizeof *L.lines);
    tally t = {0};
    int rc = count_grams(&L, err);
    size_t accepted = 0;
    if (rc == 0) {
        accepted = score_candidates(&L);
        vm_log_info("words: %zu candidate words", accepted);
        rc = resegment(&L, &t, err);
    }
    if (rc == 0) rc = write_words(&L, &t, accepted, out_path, err);
    tally_free(&t);
    for (size_t k = 0; k <= GRAM_MAX; k++) level_free(&L.lv[k]);
    vm_buf_free(&L.text);
    free(L.cps);
    free(L.sha);
    free(L.lines);
    vm_folder_free(L.folder);
    return rc;
}
