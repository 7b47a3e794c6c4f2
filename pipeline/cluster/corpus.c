/*
 * corpus.c - reading features.tsv.gz into compact feature-id documents
 * (see corpus.h).
 *
 * Invariant: off[0] = 0, off[i + 1] - off[i] <= VM_DOC_MAX_FEATURES, and
 * no document holds a feature twice; df counts each document once per
 * feature.
 */
#include "cluster/corpus.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/sha256.h"
#include "common/tsv.h"
#include "common/utf8.h"
#include "extract/topicword.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_ROW_WARNINGS 10

enum { COL_ID, COL_DUP, COL_POLARITY, COL_SEVERITY, COL_ASPECTS, COL_KEYWORDS, COL_TOKENS, NCOLS };
static const char *const col_names[NCOLS] = {"id", "dup_of", "polarity", "severity",
                                             "aspects", "keywords", "tokens"};

typedef struct reader {
    vm_corpus *c;
    vm_topic_model *m;
    const vm_seeds *seeds;
    const vm_lexicon *lx;
    int col[NCOLS];
    uint32_t doc[VM_DOC_MAX_FEATURES];
    size_t len;
    vm_buf scratch;
} reader;

void vm_corpus_free(vm_corpus *c) {
    free(c->off);
    free(c->feat);
    free(c->id_off);
    free(c->df);
    vm_buf_free(&c->ids);
    memset(c, 0, sizeof *c);
}

/* Adds a feature to the current document unless it is there already. */
static void add_feature(reader *r, const char *s, size_t n) {
    vm_corpus *c = r->c;
    long id = vm_strmap_find(r->m->vocab, s, n);
    if (id < 0) {
        if (vm_strmap_size(r->m->vocab) >= VM_CORPUS_MAX_VOCAB) {
            c->counts.vocab_full++;
            return;
        }
        id = vm_topic_model_term(r->m, s, n);
    }
    for (size_t i = 0; i < r->len; i++)
        if (r->doc[i] == (uint32_t)id) return;
    if (r->len == VM_DOC_MAX_FEATURES) {
        c->counts.features_capped++;
        return;
    }
    r->doc[r->len++] = (uint32_t)id;
}

/* Words that carry no topic (topicword.h), words with a leading '~' or
 * '@' (reserved for concept and aspect features), and words the model
 * file could not hold (invalid UTF-8, NUL bytes). */
static int skip_word(const reader *r, const char *s, size_t n) {
    if (n == 0 || n > VM_FEATURE_MAX_BYTES || s[0] == '~' || s[0] == '@') return 1;
    if (memchr(s, '\0', n) || vm_utf8_invalid_count(s, n)) return 1;
    return !vm_word_is_topical(r->lx, s, n);
}

static void add_word(reader *r, const char *s, size_t n) {
    if (skip_word(r, s, n)) return;
    const char *concept = vm_seeds_feature(r->seeds, s, n);
    if (concept) add_feature(r, concept, strlen(concept));
    else add_feature(r, s, n);
}

static void add_words(reader *r, const char *s, size_t n, char sep) {
    const char *end = s + n;
    while (s < end) {
        const char *stop = memchr(s, sep, (size_t)(end - s));
        if (!stop) stop = end;
        add_word(r, s, (size_t)(stop - s));
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

static void add_aspects(reader *r, const char *s, size_t n) {
    const char *end = s + n;
    while (s < end) {
        const char *stop = memchr(s, ';', (size_t)(end - s));
        if (!stop) stop = end;
        const char *colon = memchr(s, ':', (size_t)(stop - s));
        size_t clen = colon ? (size_t)(colon - s) : 0;
        if (clen && clen < VM_FEATURE_MAX_BYTES && (size_t)(stop - colon - 1) == 8 &&
            memcmp(colon + 1, "negative", 8) == 0 && !memchr(s, '\0', clen) && !vm_utf8_invalid_count(s, clen)) {
            vm_buf_reset(&r->scratch);
            vm_buf_putc(&r->scratch, '@');
            vm_buf_append(&r->scratch, s, clen);
            add_feature(r, r->scratch.data, r->scratch.len);
        }
        s = stop + 1;
    }
}

static int is_complaint(const vm_tsvfile *t, const reader *r) {
    size_t n;
    const char *pol = vm_tsvfile_field(t, r->col[COL_POLARITY], NULL);
    const char *sev = vm_tsvfile_field(t, r->col[COL_SEVERITY], NULL);
    const char *asp = vm_tsvfile_field(t, r->col[COL_ASPECTS], &n);
    return strcmp(pol, "negative") == 0 || strcmp(sev, "moderate") == 0 || strcmp(sev, "severe") == 0 ||
           has_negative_aspect(asp, n);
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

static void take_row(reader *r, const vm_tsvfile *t, int all) {
    vm_corpus *c = r->c;
    size_t n, idlen;
    if (vm_tsvfile_field(t, r->col[COL_DUP], NULL)[0]) {
        c->counts.duplicates++;
        return;
    }
    if (!all && !is_complaint(t, r)) {
        c->counts.not_complaints++;
        return;
    }
    r->len = 0;
    const char *s = vm_tsvfile_field(t, r->col[COL_ASPECTS], &n);
    add_aspects(r, s, n);
    s = vm_tsvfile_field(t, r->col[COL_TOKENS], &n);
    add_words(r, s, n, ' ');
    s = vm_tsvfile_field(t, r->col[COL_KEYWORDS], &n);
    add_words(r, s, n, ';');
    count_df(r);
    const char *id = vm_tsvfile_field(t, r->col[COL_ID], &idlen);
    store_doc(r, id, idlen);
}

static int read_rows(reader *r, vm_tsvfile *t, int all, vm_error *err) {
    for (;;) {
        uint64_t before = vm_tsvfile_line(t);
        int rc = vm_tsvfile_next(t, err);
        if (rc == 0) return 0;
        if (rc < 0) {
            if (vm_tsvfile_line(t) == before) return -1;   /* I/O or gzip error */
            if (r->c->counts.bad_rows++ < MAX_ROW_WARNINGS) vm_log_warn("%s (row skipped)", err->msg);
            continue;
        }
        r->c->counts.rows++;
        take_row(r, t, all);
    }
}

int vm_corpus_read(vm_corpus *c, const char *path, vm_topic_model *m, const vm_seeds *seeds,
                   const vm_lexicon *lx, int all, vm_error *err) {
    memset(c, 0, sizeof *c);
    struct stat st;
    if (stat(path, &st) != 0 || vm_sha256_file(path, c->sha256) != 0)
        return vm_fail(err, "%s: cannot read: %s", path, strerror(errno));
    c->bytes = (uint64_t)st.st_size;
    vm_tsvfile *t = vm_tsvfile_open(path, err);
    if (!t) return -1;
    reader r = {.c = c, .m = m, .seeds = seeds, .lx = lx};
    for (int i = 0; i < NCOLS; i++)
        if ((r.col[i] = vm_tsvfile_need(t, col_names[i], err)) < 0) {
            vm_tsvfile_close(t);
            return -1;
        }
    int rc = read_rows(&r, t, all, err);
    vm_tsvfile_close(t);
    vm_buf_free(&r.scratch);
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
