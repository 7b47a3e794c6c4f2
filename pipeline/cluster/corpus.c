/*
 * corpus.c - reading features.tsv.gz into compact feature-id documents
 * (see corpus.h).
 *
 * Pipeline (vm_pipeline_run): the source reads batches of records as
 * they are in the file (serial); a parallel step splits them into fields,
 * classifies each row (malformed, duplicate, not a complaint, document)
 * and turns a document's aspects, tokens and keywords into its distinct
 * features, in order of first appearance, each with how often it
 * occurred; a serial step gives the features vocabulary ids in input
 * order, applies the vocabulary and per-document caps (a dropped feature
 * counts every occurrence, as it would one by one), counts df and stores
 * the documents; it also warns about and counts malformed rows, in input
 * order. Vocabulary ids, documents, counts and warnings are thus those of
 * a sequential read, for any thread count. The last step frees its batch;
 * discard frees the others.
 *
 * Per batch, words are judged once: `words` maps each distinct token or
 * keyword of the batch to its feature (or none: not topical), and
 * `features` numbers the batch's distinct features, so a document holds
 * batch feature ids and the serial step looks each feature up in the
 * vocabulary once per batch (`vocab`), not once per occurrence.
 *
 * Sharing: the parallel step only reads the lexicon, the seed list and
 * the file's header, which nothing changes during the read (splitting
 * works on the batch's own bytes); only the serial step touches the
 * model's vocabulary and the corpus; only the source touches the file.
 *
 * Invariant: off[0] = 0, off[i + 1] - off[i] <= VM_DOC_MAX_FEATURES, and
 * no document holds a feature twice; df counts each document once per
 * feature.
 */
#include "cluster/corpus.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/pipeline.h"
#include "common/progress.h"
#include "common/strmap.h"
#include "common/tsv.h"
#include "common/utf8.h"
#include "extract/topicword.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROW_WARNINGS 10
#define BATCH_ROWS 2048
#define BATCH_BYTES (1u << 20)

enum { COL_ID, COL_DUP, COL_POLARITY, COL_SEVERITY, COL_ASPECTS, COL_KEYWORDS, COL_TOKENS, NCOLS };
static const char *const col_names[NCOLS] = {"id", "dup_of", "polarity", "severity",
                                             "aspects", "keywords", "tokens"};

enum { ROW_BAD, ROW_DUPLICATE, ROW_NOT_COMPLAINT, ROW_DOC };

/* A distinct feature of a document: its batch feature id. */
typedef struct feature {
    uint32_t id;
    uint32_t times;          /* occurrences in the document */
} feature;

/* A row; everything is set by the parallel step. */
typedef struct row {
    uint32_t off[NCOLS], len[NCOLS];   /* fields in the arena, each NUL-terminated */
    size_t nfields;                    /* the record's field count */
    int kind;                          /* ROW_* */
    size_t first, n;                   /* its features: feats[first .. first + n) */
} row;

enum { NO_FEATURE = -1 };                 /* word_feature: the word is no feature */
enum { UNRESOLVED = -1, DROPPED = -2 };   /* vocab: not looked up yet, vocabulary full */

typedef struct batch {
    vm_buf arena;            /* the records as read, then split in place */
    uint64_t first_line;     /* the file line of the first record */
    row *rows;
    size_t n;
    vm_strmap *features;     /* distinct feature strings -> batch feature id */
    vm_strmap *words;        /* distinct words -> word_feature[] */
    int32_t *word_feature;   /* batch feature id, or NO_FEATURE */
    size_t word_cap;
    feature *feats;
    size_t nfeats, feats_cap;
    long *vocab;             /* serial step: per batch feature id, its vocabulary id */
} batch;

typedef struct reader {
    vm_corpus *c;
    vm_topic_model *m;
    const vm_seeds *seeds;
    const vm_lexicon *lx;
    int all;
    vm_tsvfile *t;
    int col[NCOLS];
    uint64_t bad_rows;       /* counted by the serial step */
    uint64_t bytes;          /* record bytes the serial step has seen, for progress */
    uint32_t doc[VM_DOC_MAX_FEATURES];   /* the serial step's document */
    size_t len;
} reader;

void vm_corpus_free(vm_corpus *c) {
    free(c->off);
    free(c->feat);
    free(c->id_off);
    free(c->df);
    vm_buf_free(&c->ids);
    memset(c, 0, sizeof *c);
}

static void batch_free(batch *b) {
    if (!b) return;
    vm_buf_free(&b->arena);
    free(b->rows);
    vm_strmap_free(b->features);
    vm_strmap_free(b->words);
    free(b->word_feature);
    free(b->feats);
    free(b->vocab);
    free(b);
}

static const char *field(const batch *b, const row *w, int col, size_t *len) {
    if (len) *len = w->len[col];
    return b->arena.data + w->off[col];
}

/* ---- source: read records into a batch ---- */

static int produce(void *ctx, void **out, vm_error *err) {
    reader *r = ctx;
    batch *b = vm_xcalloc(1, sizeof *b);
    b->first_line = vm_tsvfile_line(r->t) + 1;
    long n = vm_tsvfile_read_raw(r->t, &b->arena, BATCH_BYTES, BATCH_ROWS, err);
    if (n <= 0) {
        batch_free(b);
        *out = NULL;
        return n < 0 ? -1 : 0;
    }
    b->n = (size_t)n;
    *out = b;
    return 0;
}

/* ---- parallel step: which rows are documents, and their features ---- */

/* Counts feature `id` once more in row w, the batch's last row so far. */
static void count_feature(batch *b, row *w, uint32_t id) {
    for (size_t i = w->first; i < b->nfeats; i++) {
        if (b->feats[i].id == id) {
            b->feats[i].times++;
            return;
        }
    }
    if (b->nfeats == b->feats_cap) {
        b->feats_cap = b->feats_cap ? b->feats_cap * 2 : 1024;
        b->feats = vm_xrealloc(b->feats, b->feats_cap * sizeof *b->feats);
    }
    b->feats[b->nfeats++] = (feature){.id = id, .times = 1};
}

static uint32_t feature_id(batch *b, const char *s, size_t n) {
    return (uint32_t)vm_strmap_intern(b->features, s, n, NULL);
}

/* Words that carry no topic (topicword.h), words with a leading '~' or
 * '@' (reserved for concept and aspect features), and words the model
 * file could not hold (invalid UTF-8, NUL bytes). */
static int skip_word(const reader *r, const char *s, size_t n) {
    if (n == 0 || n > VM_FEATURE_MAX_BYTES || s[0] == '~' || s[0] == '@') return 1;
    if (memchr(s, '\0', n) || vm_utf8_invalid_count(s, n)) return 1;
    return !vm_word_is_topical(r->lx, s, n);
}

/* The batch feature id of a word: its seed concept or itself; NO_FEATURE
 * for a word that is no feature. */
static int32_t judge_word(const reader *r, batch *b, const char *s, size_t n) {
    if (skip_word(r, s, n)) return NO_FEATURE;
    const char *concept = vm_seeds_feature(r->seeds, s, n);
    return (int32_t)(concept ? feature_id(b, concept, strlen(concept)) : feature_id(b, s, n));
}

static void add_word(const reader *r, batch *b, row *w, const char *s, size_t n) {
    int added;
    long k = vm_strmap_intern(b->words, s, n, &added);
    if (added) {
        if ((size_t)k == b->word_cap) {
            b->word_cap = b->word_cap ? b->word_cap * 2 : 1024;
            b->word_feature = vm_xrealloc(b->word_feature, b->word_cap * sizeof *b->word_feature);
        }
        b->word_feature[k] = judge_word(r, b, s, n);
    }
    if (b->word_feature[k] != NO_FEATURE) count_feature(b, w, (uint32_t)b->word_feature[k]);
}

static void add_words(const reader *r, batch *b, row *w, int col, char sep) {
    size_t n;
    const char *s = field(b, w, col, &n), *end = s + n;
    while (s < end) {
        const char *stop = memchr(s, sep, (size_t)(end - s));
        if (!stop) stop = end;
        add_word(r, b, w, s, (size_t)(stop - s));
        s = stop + 1;
    }
}

/* Whether an aspects field holds an item "category:negative". */
static int has_negative_aspect(const char *s, size_t n) {
    const char *end = s + n;
    while (s < end) {
        const char *stop = memchr(s, ';', (size_t)(end - s));
        if (!stop) stop = end;
        const char *colon = memchr(s, ':', (size_t)(stop - s));
        if (colon && (size_t)(stop - colon - 1) == 8 && memcmp(colon + 1, "negative", 8) == 0) return 1;
        s = stop + 1;
    }
    return 0;
}

static void add_aspects(batch *b, row *w) {
    size_t n;
    const char *s = field(b, w, COL_ASPECTS, &n), *end = s + n;
    char name[VM_FEATURE_MAX_BYTES + 1] = "@";
    while (s < end) {
        const char *stop = memchr(s, ';', (size_t)(end - s));
        if (!stop) stop = end;
        const char *colon = memchr(s, ':', (size_t)(stop - s));
        size_t clen = colon ? (size_t)(colon - s) : 0;
        if (clen && clen < VM_FEATURE_MAX_BYTES && (size_t)(stop - colon - 1) == 8 &&
            memcmp(colon + 1, "negative", 8) == 0 && !memchr(s, '\0', clen) && !vm_utf8_invalid_count(s, clen)) {
            memcpy(name + 1, s, clen);
            count_feature(b, w, feature_id(b, name, clen + 1));
        }
        s = stop + 1;
    }
}

static int is_complaint(const batch *b, const row *w) {
    size_t n;
    const char *pol = field(b, w, COL_POLARITY, NULL);
    const char *sev = field(b, w, COL_SEVERITY, NULL);
    const char *asp = field(b, w, COL_ASPECTS, &n);
    return strcmp(pol, "negative") == 0 || strcmp(sev, "moderate") == 0 || strcmp(sev, "severe") == 0 ||
           has_negative_aspect(asp, n);
}

static void classify_row(const reader *r, batch *b, row *w) {
    w->first = b->nfeats;
    w->n = 0;
    if (field(b, w, COL_DUP, NULL)[0]) {
        w->kind = ROW_DUPLICATE;
        return;
    }
    if (!r->all && !is_complaint(b, w)) {
        w->kind = ROW_NOT_COMPLAINT;
        return;
    }
    w->kind = ROW_DOC;
    add_aspects(b, w);
    add_words(r, b, w, COL_TOKENS, ' ');
    add_words(r, b, w, COL_KEYWORDS, ';');
    w->n = b->nfeats - w->first;
}

/* Splits the batch's records into rows (each record ends in '\n'). */
static void split_rows(const reader *r, batch *b) {
    b->rows = vm_xcalloc(b->n, sizeof *b->rows);
    size_t at = 0;
    for (size_t i = 0; i < b->n; i++) {
        const char *nl = memchr(b->arena.data + at, '\n', b->arena.len - at);
        size_t len = (size_t)(nl - (b->arena.data + at));
        row *w = &b->rows[i];
        w->nfields = vm_tsvfile_split_raw(r->t, b->arena.data, at, len, r->col, NCOLS, w->off, w->len);
        at += len + 1;
    }
}

static int features_step(void *ctx, void *batchp, vm_error *err) {
    const reader *r = ctx;
    batch *b = batchp;
    b->features = vm_strmap_new();
    b->words = vm_strmap_new();
    split_rows(r, b);
    size_t ncols = vm_tsvfile_ncols(r->t);
    for (size_t i = 0; i < b->n; i++) {
        row *w = &b->rows[i];
        if (w->nfields == ncols) classify_row(r, b, w);
        else w->kind = ROW_BAD;
    }
    return 0;
}

/* ---- serial step: vocabulary ids, documents and counts in input order ---- */

/* The vocabulary id of batch feature f, added to the vocabulary if new
 * and there is room; DROPPED when there is none. Looked up once per
 * batch: the vocabulary only grows, so the answer holds for the batch. */
static long vocab_id(reader *r, batch *b, uint32_t f) {
    if (b->vocab[f] != UNRESOLVED) return b->vocab[f];
    size_t n;
    const char *s = vm_strmap_key(b->features, f, &n);
    long id = vm_strmap_find(r->m->vocab, s, n);
    if (id < 0 && vm_strmap_size(r->m->vocab) >= VM_CORPUS_MAX_VOCAB) id = DROPPED;
    else if (id < 0) id = (long)vm_topic_model_term(r->m, s, n);
    return b->vocab[f] = id;
}

/* Adds a feature (distinct from the document's others) to the current
 * document; `times` occurrences count when it is dropped, as each would
 * have been on its own. */
static void add_id(reader *r, batch *b, const feature *f) {
    vm_corpus *c = r->c;
    long id = vocab_id(r, b, f->id);
    if (id == DROPPED) {
        c->counts.vocab_full += f->times;
        return;
    }
    if (r->len == VM_DOC_MAX_FEATURES) {
        c->counts.features_capped += f->times;
        return;
    }
    r->doc[r->len++] = (uint32_t)id;
}

static void store_doc(reader *r, const char *id, size_t idlen) {
    vm_corpus *c = r->c;
    if (c->ndocs + 1 >= c->docs_cap) {
        c->docs_cap = c->docs_cap ? c->docs_cap * 2 : 4096;
        c->off = vm_xrealloc(c->off, c->docs_cap * sizeof *c->off);
        c->id_off = vm_xrealloc(c->id_off, c->docs_cap * sizeof *c->id_off);
        if (c->ndocs == 0) c->off[0] = 0;
    }
    uint64_t at = c->off[c->ndocs];
    if (at + r->len > c->feat_cap) {
        c->feat_cap = c->feat_cap ? c->feat_cap * 2 : 65536;
        c->feat = vm_xrealloc(c->feat, c->feat_cap * sizeof *c->feat);
    }
    if (r->len) memcpy(c->feat + at, r->doc, r->len * sizeof *r->doc);
    c->off[c->ndocs + 1] = at + r->len;
    c->id_off[c->ndocs] = c->ids.len;
    vm_buf_append(&c->ids, id, idlen);
    vm_buf_putc(&c->ids, '\0');
    c->ndocs++;
    c->counts.docs++;
}

static void count_df(reader *r) {
    vm_corpus *c = r->c;
    size_t need = vm_strmap_size(r->m->vocab);
    if (need > c->df_cap) {
        size_t cap = c->df_cap ? c->df_cap : 4096;
        while (cap < need) cap *= 2;
        c->df = vm_xrealloc(c->df, cap * sizeof *c->df);
        memset(c->df + c->df_cap, 0, (cap - c->df_cap) * sizeof *c->df);
        c->df_cap = cap;
    }
    for (size_t i = 0; i < r->len; i++) c->df[r->doc[i]]++;
}

static void take_row(reader *r, batch *b, const row *w) {
    vm_corpus_counts *cc = &r->c->counts;
    if (w->kind != ROW_DOC) {
        cc->duplicates += w->kind == ROW_DUPLICATE;
        cc->not_complaints += w->kind == ROW_NOT_COMPLAINT;
        return;
    }
    r->len = 0;
    for (size_t i = w->first; i < w->first + w->n; i++) add_id(r, b, &b->feats[i]);
    count_df(r);
    size_t idlen;
    const char *id = field(b, w, COL_ID, &idlen);
    store_doc(r, id, idlen);
}

static void bad_row(reader *r, uint64_t line, size_t nfields) {
    vm_error e;
    vm_tsvfile_bad_record(r->t, line, nfields, &e);
    if (r->bad_rows++ < MAX_ROW_WARNINGS) vm_log_warn("%s (row skipped)", e.msg);
}

static int store_step(void *ctx, void *batchp, vm_error *err) {
    reader *r = ctx;
    batch *b = batchp;
    size_t nf = vm_strmap_size(b->features);
    b->vocab = vm_xmalloc((nf ? nf : 1) * sizeof *b->vocab);
    for (size_t i = 0; i < nf; i++) b->vocab[i] = UNRESOLVED;
    r->bytes += b->arena.len;
    vm_progress_update(r->c->counts.rows + b->n, r->bytes);
    for (size_t i = 0; i < b->n; i++) {
        const row *w = &b->rows[i];
        if (w->kind == ROW_BAD) {
            bad_row(r, b->first_line + i, w->nfields);
            continue;
        }
        r->c->counts.rows++;
        take_row(r, b, w);
    }
    batch_free(b);
    return 0;
}

static void discard(void *ctx, void *batchp) { batch_free(batchp); }

/* ---- the read ---- */

int vm_corpus_read(vm_corpus *c, const char *path, vm_topic_model *m, const vm_seeds *seeds,
                   const vm_lexicon *lx, int all, int threads, vm_error *err) {
    memset(c, 0, sizeof *c);
    reader r = {.c = c, .m = m, .seeds = seeds, .lx = lx, .all = all};
    if (!(r.t = vm_tsvfile_open(path, err))) return -1;
    int rc = 0;
    for (int i = 0; i < NCOLS && rc == 0; i++)
        if ((r.col[i] = vm_tsvfile_need(r.t, col_names[i], err)) < 0) rc = -1;
    if (rc == 0) {
        static const vm_step steps[] = {{0, features_step}, {1, store_step}};
        vm_pipeline_spec spec = {produce, steps, 2, discard, threads, 0};
        vm_progress_begin("cluster", 0);
        rc = vm_pipeline_run(&spec, &r, err);
        vm_progress_end();
    }
    c->bytes = vm_tsvfile_raw_bytes(r.t);
    vm_tsvfile_sha256(r.t, c->sha256);   /* the whole file's: the read went to the end */
    vm_tsvfile_close(r.t);
    c->counts.bad_rows = r.bad_rows;
    if (c->ndocs == 0) {
        c->off = vm_xcalloc(1, sizeof *c->off);
        c->id_off = vm_xcalloc(1, sizeof *c->id_off);
    }
    r.len = 0;
    count_df(&r);   /* sizes df to the whole vocabulary */
    return rc;
}

uint64_t vm_corpus_prune(vm_corpus *c, const unsigned char *keep) {
    uint64_t out = 0, from = 0;
    for (size_t d = 0; d < c->ndocs; d++) {
        uint64_t to = c->off[d + 1];
        for (uint64_t i = from; i < to; i++)
            if (keep[c->feat[i]]) c->feat[out++] = c->feat[i];
        from = to;
        c->off[d + 1] = out;
    }
    return from - out;
}
