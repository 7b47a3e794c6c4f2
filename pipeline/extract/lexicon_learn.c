/*
 * lexicon_learn.c - `vocmine lexicon learn`: domain sentiment weights
 * induced from labelled comments.
 *
 * Text path: each comment goes through what normalize and extract do to
 * it (clean to display text, mask personal data with the lexicons'
 * pii.tsv, fold to match text, tokenize and analyse with the base
 * lexicons), so the tokens counted are the tokens vocmine sees.
 *
 * Weights: log-odds ratios with an informative Dirichlet prior (Monroe,
 * Colaresi & Quinn 2008, "Fightin' Words", eq. 22 and 24). With y_wp,
 * y_wn the token counts of w in positive and negative comments, n_p, n_n
 * the totals, and the prior a_w = A0 * y_w / n (the pooled frequency,
 * A0 = --prior pseudo-counts in all):
 *   d_w = ln((y_wp + a_w) / (n_p + A0 - y_wp - a_w))
 *       - ln((y_wn + a_w) / (n_n + A0 - y_wn - a_w))
 *   z_w = d_w / sqrt(1 / (y_wp + a_w) + 1 / (y_wn + a_w))
 * A candidate is a Chinese word or a Latin word of 2+ letters that no
 * sentiment, emoji, negator, degree, contrast, cue or stopword list holds
 * yet. It is kept when y_w >= --min-count (default 10) and |z_w| >=
 * --min-z (default 3); the --max-terms (default 2000) of largest |z| are
 * written. Weight = --scale (default 0.5) x d_w, clamped to [-2, 2] and
 * rounded to 0.25; a weight that rounds to 0 drops the term.
 *
 * Accuracy: polarity positive = label 1, negative = label 0, neutral =
 * wrong. Cross-validated with --folds K (default 5) deterministic folds
 * (fold = used row number mod K): weights learnt on the other folds are
 * appended to a temporary copy of the lexicons (Chinese terms to
 * sentiment.zh.tsv, others to sentiment.en.tsv) and the held-out fold is
 * scored before and after. --eval FILE (same columns) measures the final
 * weights on another data set, e.g. another domain.
 *
 * Output (--out FILE, else standard output): a sentiment file (term,
 * weight) whose '#' header records the source file name and sha256, the
 * options and the accuracies, and no date, so the same input gives the
 * same bytes. Memory: the match texts of the labelled file are kept for
 * the folds.
 */
#include "extract/lexicon_tools.h"
#include "extract/analyze.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/strmap.h"
#include "common/utf8.h"
#include "ingest/reader.h"
#include "normalize/clean.h"
#include "normalize/pii.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FOLDS 20

static const char usage[] =
    "usage: vocmine lexicon learn --labeled FILE --text COL --label COL [--out FILE] [--eval FILE]\n"
    "                             [--folds K] [--min-count N] [--min-z Z] [--prior A0] [--scale S]\n"
    "                             [--max-terms N] [--quiet|--verbose] [analyzer options]\n"
    "  Domain sentiment weights from comments labelled 1/0 (pos/neg, positive/negative):\n"
    "  log-odds ratios with an informative Dirichlet prior, checked by K-fold\n"
    "  cross-validation and (with --eval) on another labelled file with the same columns.\n"
    "%s";

typedef struct options {
    const char *labeled, *text, *label, *out, *eval;
    vm_analyzer_options an;
    int folds, min_count, max_terms;
    double min_z, prior, scale;
} options;

typedef struct doc {
    size_t off, len;     /* match text in the corpus arena */
    int emphasis;
    int8_t label;        /* 1 positive, 0 negative */
    int8_t base;         /* polarity under the base lexicons */
    uint8_t fold;
} doc;

typedef struct corpus {
    doc *v;
    size_t n, cap;
    vm_buf text;
    uint64_t rows, unlabelled;
    char sha[65];
} corpus;

/* Counts per fold and class: count[fold][class][term]. */
typedef struct counts {
    vm_strmap *terms;
    uint32_t *c[MAX_FOLDS][2];
    size_t cap;
    uint64_t total[MAX_FOLDS][2];
} counts;

typedef struct learnt {
    long term;
    double delta, z, weight;
} learnt;

typedef struct tally {
    uint64_t n, right, covered;
} tally;

/* The text path up to match text (clean, mask, fold). */
typedef struct prep {
    const vm_analyzer *an;
    vm_pii_set *pii;
    vm_pii_scratch *scratch;
    vm_buf display, masked;
} prep;

static int prep_init(prep *p, const vm_analyzer *an, vm_error *err) {
    char path[4096];
    p->an = an;
    snprintf(path, sizeof path, "%s/pii.tsv", vm_analyzer_lexicons_dir(an));
    p->pii = vm_pii_load(path, err);
    if (!p->pii) return -1;
    p->scratch = vm_pii_scratch_new(p->pii);
    return 0;
}

static void prep_free(prep *p) {
    vm_pii_scratch_free(p->scratch);
    vm_pii_free(p->pii);
    vm_buf_free(&p->display);
    vm_buf_free(&p->masked);
}

static void prep_text(prep *p, const char *text, size_t len, vm_buf *match, int *emphasis) {
    vm_buf_reset(&p->display);
    vm_buf_reset(&p->masked);
    vm_clean_display(text, len, &p->display, NULL);
    vm_pii_mask(p->pii, p->scratch, p->display.data ? p->display.data : "", p->display.len, &p->masked, NULL);
    *emphasis = 0;
    vm_fold_match(vm_analyzer_folder(p->an), p->masked.data ? p->masked.data : "", p->masked.len, match, emphasis);
}

static int parse_label(const char *s) {
    if (strcmp(s, "1") == 0 || strcmp(s, "pos") == 0 || strcmp(s, "positive") == 0) return 1;
    if (strcmp(s, "0") == 0 || strcmp(s, "neg") == 0 || strcmp(s, "negative") == 0) return 0;
    return -1;
}

static int is_candidate(const vm_lexicon *lx, const char *t, size_t len, const vm_token *k) {
    if (!(k->type == VM_TOK_HAN || (k->type == VM_TOK_LATIN && k->len >= 2))) return 0;
    long id = vm_lexicon_find(lx, t, len);
    if (id < 0) return vm_lexicon_term_problem(t, len) == NULL;
    unsigned taken = (1u << VM_ROLE_SENTIMENT) | (1u << VM_ROLE_EMOJI) | (1u << VM_ROLE_NEGATOR) |
                     (1u << VM_ROLE_DEGREE) | (1u << VM_ROLE_CONTRAST) | (1u << VM_ROLE_CUE) | (1u << VM_ROLE_STOPWORD);
    return (vm_lexicon_term(lx, id)->roles & taken) == 0 && vm_lexicon_term_problem(t, len) == NULL;
}

static void count_tokens(counts *cn, const vm_lexicon *lx, const char *match, const vm_tokens *t, int fold,
                         int label, int folds) {
    for (size_t i = 0; i < t->n; i++) {
        const vm_token *k = &t->v[i];
        if (!is_candidate(lx, match + k->start, k->len, k)) continue;
        long id = vm_strmap_intern(cn->terms, match + k->start, k->len, NULL);
        if ((size_t)id >= cn->cap) {
            size_t old = cn->cap;
            cn->cap = cn->cap ? cn->cap * 2 : 4096;
            for (int f = 0; f < folds; f++)
                for (int c = 0; c < 2; c++) {
                    cn->c[f][c] = vm_xrealloc(cn->c[f][c], cn->cap * sizeof *cn->c[f][c]);
                    memset(cn->c[f][c] + old, 0, (cn->cap - old) * sizeof *cn->c[f][c]);
                }
        }
        cn->c[fold][label][id]++;
        cn->total[fold][label]++;
    }
}

/* Reads, prepares and analyses the labelled file (or the eval file:
 * then cn is NULL and every row is fold 0). */
static int read_labelled(const char *path, const options *o, prep *p, vm_analysis_scratch *s, vm_text_analysis *ta,
                         corpus *cp, counts *cn, vm_error *err) {
    vm_reader_opts ro = {0};
    vm_reader *r = vm_reader_open(path, &ro, err);
    if (!r) return -1;
    long ct = -1, cl = -1;
    for (size_t i = 0; i < vm_reader_ncols(r); i++) {
        if (strcmp(vm_reader_colname(r, i), o->text) == 0) ct = (long)i;
        if (strcmp(vm_reader_colname(r, i), o->label) == 0) cl = (long)i;
    }
    if (ct < 0 || cl < 0) {
        vm_reader_close(r);
        return vm_fail(err, "%s: no column '%s'", path, ct < 0 ? o->text : o->label);
    }
    vm_record rec;
    int rr;
    const vm_lexicon *lx = vm_analyzer_lexicon(p->an);
    while ((rr = vm_reader_next(r, &rec, err)) == 1) {
        cp->rows++;
        int label = rec.reject || (size_t)cl >= rec.nfields ? -1 : parse_label(rec.fields[cl]);
        if (label < 0 || (size_t)ct >= rec.nfields) {
            if (cp->unlabelled++ < 5) vm_log_warn("%s: row %llu: no 0/1 label, left out", path, (unsigned long long)rec.row);
            continue;
        }
        if (cp->n == cp->cap) {
            cp->cap = cp->cap ? cp->cap * 2 : 4096;
            cp->v = vm_xrealloc(cp->v, cp->cap * sizeof *cp->v);
        }
        doc *d = &cp->v[cp->n];
        d->off = cp->text.len;
        prep_text(p, rec.fields[ct], rec.lens[ct], &cp->text, &d->emphasis);
        d->len = cp->text.len - d->off;
        d->label = (int8_t)label;
        d->fold = (uint8_t)(cn ? cp->n % (size_t)o->folds : 0);
        vm_analyze_text(p->an, s, cp->text.data + d->off, d->len, NULL, d->emphasis, ta);
        d->base = (int8_t)ta->sentiment.polarity;
        if (cn) count_tokens(cn, lx, cp->text.data + d->off, &ta->tokens, d->fold, label, o->folds);
        cp->n++;
    }
    if (rr == 0) vm_reader_sha256(r, cp->sha);
    vm_reader_close(r);
    if (cp->unlabelled > 5) vm_log_warn("%s: %llu rows without a 0/1 label left out", path, (unsigned long long)cp->unlabelled);
    return rr < 0 ? -1 : 0;
}

/* ---- the weights ---- */

static int cmp_learnt(const void *x, const void *y) {
    const learnt *a = x, *b = y;
    if (fabs(a->z) != fabs(b->z)) return fabs(a->z) > fabs(b->z) ? -1 : 1;
    return a->term < b->term ? -1 : a->term > b->term;
}

/* Learns from every fold but `skip` (-1: all). Returns the kept terms,
 * largest |z| first (ties: first seen). */
static learnt *learn(const counts *cn, const options *o, int skip, size_t *n) {
    size_t nt = vm_strmap_size(cn->terms);
    double np = 0, nn = 0;
    for (int f = 0; f < o->folds; f++)
        if (f != skip) np += (double)cn->total[f][1], nn += (double)cn->total[f][0];
    learnt *v = vm_xcalloc(nt + 1, sizeof *v);
    *n = 0;
    for (size_t t = 0; t < nt; t++) {
        double yp = 0, yn = 0;
        for (int f = 0; f < o->folds; f++)
            if (f != skip) yp += cn->c[f][1][t], yn += cn->c[f][0][t];
        if (yp + yn < o->min_count || np + nn == 0) continue;
        double a = o->prior * (yp + yn) / (np + nn), a0 = o->prior;
        double delta = log((yp + a) / (np + a0 - yp - a)) - log((yn + a) / (nn + a0 - yn - a));
        double z = delta / sqrt(1 / (yp + a) + 1 / (yn + a));
        double w = round(fmax(-2, fmin(2, o->scale * delta)) * 4) / 4;
        if (fabs(z) < o->min_z || w == 0) continue;
        v[(*n)++] = (learnt){(long)t, delta, z, w};
    }
    qsort(v, *n, sizeof *v, cmp_learnt);
    if (*n > (size_t)o->max_terms) *n = (size_t)o->max_terms;
    return v;
}

static int is_han_term(const char *t, size_t len) {
    for (size_t i = 0, adv; i < len; i += adv)
        if (vm_is_han(vm_utf8_decode(t + i, len - i, &adv))) return 1;
    return 0;
}

static void append_terms(const counts *cn, const learnt *v, size_t n, int han, vm_buf *b) {
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *t = vm_strmap_key(cn->terms, v[i].term, &len);
        if (is_han_term(t, len) != han) continue;
        vm_buf_printf(b, "%s\t", t);
        vm_lexicon_weight_text(b, v[i].weight);
        vm_buf_putc(b, '\n');
    }
}

/* ---- a temporary lexicon directory: the base plus learnt terms ---- */

static int read_all(const char *path, vm_buf *out, vm_error *err) {
    vm_instream *in = vm_instream_open(path, err);
    if (!in) return -1;
    char chunk[1 << 16];
    long k;
    while ((k = vm_instream_read(in, chunk, sizeof chunk, err)) > 0) vm_buf_append(out, chunk, (size_t)k);
    vm_instream_close(in);
    return k < 0 ? -1 : 0;
}

static int copy_lexicons(const char *from, const char *to, const counts *cn, const learnt *v, size_t n,
                         vm_error *err) {
    DIR *d = opendir(from);
    if (!d) return vm_fail(err, "%s: cannot open lexicon directory", from);
    struct dirent *e;
    int rc = 0;
    vm_buf b = {0};
    while (rc == 0 && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".tsv") != 0) continue;
        vm_buf src = {0}, dst = {0};
        vm_buf_printf(&src, "%s/%s", from, e->d_name);
        vm_buf_printf(&dst, "%s/%s", to, e->d_name);
        vm_buf_reset(&b);
        rc = read_all(src.data, &b, err);
        int zh = strcmp(e->d_name, "sentiment.zh.tsv") == 0, en = strcmp(e->d_name, "sentiment.en.tsv") == 0;
        if (rc == 0 && (zh || en)) {
            if (b.len && b.data[b.len - 1] != '\n') vm_buf_putc(&b, '\n');
            append_terms(cn, v, n, zh, &b);
        }
        if (rc == 0) rc = vm_write_file_atomic(dst.data, b.data ? b.data : "", b.len, err);
        vm_buf_free(&src);
        vm_buf_free(&dst);
    }
    closedir(d);
    vm_buf_free(&b);
    return rc;
}

static void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) continue;
        vm_buf p = {0};
        vm_buf_printf(&p, "%s/%s", dir, e->d_name);
        unlink(p.data);
        vm_buf_free(&p);
    }
    if (d) closedir(d);
    rmdir(dir);
}

/* An analyzer over the base lexicons plus the learnt terms (NULL on error). */
static vm_analyzer *augmented(const options *o, const vm_analyzer *base, const counts *cn, const learnt *v, size_t n,
                              vm_error *err) {
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/vocmine-learn-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) return vm_fail(err, "%s: cannot create a temporary directory", dir), NULL;
    vm_analyzer *an = NULL;
    if (copy_lexicons(vm_analyzer_lexicons_dir(base), dir, cn, v, n, err) == 0) {
        vm_analyzer_options ao = o->an;
        ao.lexicons = dir;
        an = vm_analyzer_new(&ao, err);
    }
    remove_dir(dir);
    return an;
}

/* ---- accuracy ---- */

static void score(tally *t, int label, int polarity) {
    t->n++;
    t->covered += polarity != 0;
    t->right += (label == 1 && polarity > 0) || (label == 0 && polarity < 0);
}

/* Scores the docs of `fold` (-1: all) under an (NULL: their base polarity). */
static void evaluate(const corpus *cp, int fold, const vm_analyzer *an, vm_analysis_scratch *s, vm_text_analysis *ta,
                     tally *t) {
    for (size_t i = 0; i < cp->n; i++) {
        const doc *d = &cp->v[i];
        if (fold >= 0 && d->fold != fold) continue;
        int pol = d->base;
        if (an) {
            vm_analyze_text(an, s, cp->text.data + d->off, d->len, NULL, d->emphasis, ta);
            pol = ta->sentiment.polarity;
        }
        score(t, d->label, pol);
    }
}

static double acc(const tally *t) { return t->n ? (double)t->right / (double)t->n : 0; }
static double cov(const tally *t) { return t->n ? (double)t->covered / (double)t->n : 0; }

typedef struct results {
    tally cv[2];        /* before, after */
    tally eval[2];
    size_t cv_terms;    /* mean terms learnt per fold, summed */
    corpus evalc;
} results;

static int cross_validate(const options *o, const vm_analyzer *base, const corpus *cp, const counts *cn,
                          vm_analysis_scratch *s, vm_text_analysis *ta, results *res, vm_error *err) {
    for (int f = 0; f < o->folds; f++) {
        size_t n;
        learnt *v = learn(cn, o, f, &n);
        vm_analyzer *an = augmented(o, base, cn, v, n, err);
        free(v);
        if (!an) return -1;
        evaluate(cp, f, NULL, s, ta, &res->cv[0]);
        evaluate(cp, f, an, s, ta, &res->cv[1]);
        res->cv_terms += n;
        vm_analyzer_free(an);
        vm_log_info("lexicon learn: fold %d: %zu terms", f, n);
    }
    return 0;
}

/* ---- output ---- */

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void write_header(const options *o, const corpus *cp, const results *res, size_t nterms, vm_buf *b) {
    vm_buf_puts(b, "# vocmine lexicon learn: domain sentiment weights from labelled comments\n");
    vm_buf_printf(b, "# source %s sha256 %s: %llu rows, %zu labelled (text column %s, label column %s)\n",
                  base_name(o->labeled), cp->sha, (unsigned long long)cp->rows, cp->n, o->text, o->label);
    vm_buf_puts(b, "# method: log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)\n");
    vm_buf_printf(b, "# options: prior %g, min count %d, min |z| %g, max terms %d, scale %g, folds %d\n", o->prior,
                  o->min_count, o->min_z, o->max_terms, o->scale, o->folds);
    vm_buf_puts(b, "# weight = scale x log-odds delta, clamped to [-2, 2], rounded to 0.25; terms already in a\n"
                   "# sentiment, emoji, negator, degree, contrast, cue or stopword list are left out\n");
    vm_buf_printf(b, "# cross-validated accuracy (%d folds, row mod %d; neutral counts wrong): before %.4f "
                     "(coverage %.4f), after %.4f (coverage %.4f), %.0f terms per fold\n",
                  o->folds, o->folds, acc(&res->cv[0]), cov(&res->cv[0]), acc(&res->cv[1]), cov(&res->cv[1]),
                  (double)res->cv_terms / o->folds);
    if (o->eval)
        vm_buf_printf(b, "# on %s (%zu labelled, sha256 %s): before %.4f (coverage %.4f), after %.4f (coverage %.4f)\n",
                      base_name(o->eval), res->evalc.n, res->evalc.sha, acc(&res->eval[0]), cov(&res->eval[0]),
                      acc(&res->eval[1]), cov(&res->eval[1]));
    vm_buf_printf(b, "# %zu terms; add them to sentiment.zh.tsv (Chinese) or sentiment.en.tsv\n", nterms);
    vm_buf_puts(b, "term\tweight\n");
}

static int write_output(const options *o, const vm_buf *text, vm_error *err) {
    if (!o->out) {
        fwrite(text->data, 1, text->len, stdout);
        return fflush(stdout) == 0 ? 0 : vm_fail(err, "cannot write to standard output");
    }
    vm_outfile *f = vm_outfile_open(o->out, VM_OUT_PLAIN, err);
    if (!f) return -1;
    if (vm_outfile_write(f, text->data, text->len, err) != 0) {
        vm_outfile_abort(f);
        return -1;
    }
    return vm_outfile_commit(f, err);
}

/* ---- the command ---- */

static int num(const char *s, double lo, double hi, double *out) {
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !(v >= lo && v <= hi)) return -1;
    *out = v;
    return 0;
}

/* 0 ok, 1 help, 2 usage error. */
static int parse_args(int argc, char **argv, options *o) {
    o->folds = 5;
    o->min_count = 10;
    o->max_terms = 2000;
    o->min_z = 3;
    o->prior = 1000;
    o->scale = 0.5;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int r = vm_analyzer_option(&o->an, argc, argv, &i);
        if (r == 1) continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return printf(usage, vm_analyzer_usage), 1;
        if (strcmp(a, "--quiet") == 0 || strcmp(a, "--verbose") == 0) {
            vm_log_level = a[2] == 'q' ? VM_LOG_QUIET : VM_LOG_VERBOSE;
            continue;
        }
        if (r < 0 || !v) return vm_log_error("lexicon learn: bad option or missing value: %s", a), 2;
        const char **slot = strcmp(a, "--labeled") == 0 ? &o->labeled
                            : strcmp(a, "--text") == 0  ? &o->text
                            : strcmp(a, "--label") == 0 ? &o->label
                            : strcmp(a, "--out") == 0   ? &o->out
                            : strcmp(a, "--eval") == 0  ? &o->eval
                                                        : NULL;
        double x = 0;
        int bad = 0;
        if (slot) *slot = v;
        else if (strcmp(a, "--folds") == 0) bad = num(v, 2, MAX_FOLDS, &x), o->folds = (int)x;
        else if (strcmp(a, "--min-count") == 0) bad = num(v, 1, 1e9, &x), o->min_count = (int)x;
        else if (strcmp(a, "--max-terms") == 0) bad = num(v, 1, 1e6, &x), o->max_terms = (int)x;
        else if (strcmp(a, "--min-z") == 0) bad = num(v, 0, 100, &o->min_z);
        else if (strcmp(a, "--prior") == 0) bad = num(v, 0.001, 1e12, &o->prior);
        else if (strcmp(a, "--scale") == 0) bad = num(v, 0.01, 10, &o->scale);
        else bad = 1;
        if (bad) return vm_log_error("lexicon learn: bad option or value: %s %s", a, v), 2;
        i++;
    }
    if (!o->labeled || !o->text || !o->label) {
        vm_log_error("lexicon learn: --labeled FILE, --text COL and --label COL are required");
        fprintf(stderr, usage, vm_analyzer_usage);
        return 2;
    }
    return 0;
}

static void free_corpus(corpus *cp) {
    free(cp->v);
    vm_buf_free(&cp->text);
}

static int run_learn(const options *o, const vm_analyzer *base, vm_buf *out, vm_error *err) {
    prep p = {0};
    corpus cp = {0};
    counts cn = {0};
    results res;
    memset(&res, 0, sizeof res);
    cn.terms = vm_strmap_new();
    vm_analysis_scratch *s = vm_analysis_scratch_new();
    vm_text_analysis ta = {0};
    learnt *v = NULL;
    size_t n = 0;
    vm_analyzer *aug = NULL;
    int rc = prep_init(&p, base, err);
    if (rc == 0) rc = read_labelled(o->labeled, o, &p, s, &ta, &cp, &cn, err);
    if (rc == 0 && cp.n < (size_t)o->folds) rc = vm_fail(err, "%s: fewer labelled rows than folds", o->labeled);
    if (rc == 0) rc = cross_validate(o, base, &cp, &cn, s, &ta, &res, err);
    if (rc == 0) {
        v = learn(&cn, o, -1, &n);
        if (o->eval) {
            aug = augmented(o, base, &cn, v, n, err);
            rc = aug ? read_labelled(o->eval, o, &p, s, &ta, &res.evalc, NULL, err) : -1;
        }
    }
    if (rc == 0 && aug) {
        evaluate(&res.evalc, -1, NULL, s, &ta, &res.eval[0]);
        evaluate(&res.evalc, -1, aug, s, &ta, &res.eval[1]);
    }
    if (rc == 0) {
        write_header(o, &cp, &res, n, out);
        append_terms(&cn, v, n, 1, out);
        append_terms(&cn, v, n, 0, out);
        fprintf(stderr, "lexicon learn: %zu terms; cross-validated accuracy before %.4f after %.4f\n", n,
                acc(&res.cv[0]), acc(&res.cv[1]));
        if (o->eval)
            fprintf(stderr, "lexicon learn: on %s: before %.4f after %.4f\n", base_name(o->eval), acc(&res.eval[0]),
                    acc(&res.eval[1]));
    }
    vm_analyzer_free(aug);
    free(v);
    for (int f = 0; f < MAX_FOLDS; f++) free(cn.c[f][0]), free(cn.c[f][1]);
    vm_strmap_free(cn.terms);
    free_corpus(&cp);
    free_corpus(&res.evalc);
    vm_text_analysis_free(&ta);
    vm_analysis_scratch_free(s);
    prep_free(&p);
    return rc;
}

int vm_lexicon_learn_main(int argc, char **argv) {
    options o;
    memset(&o, 0, sizeof o);
    int u = parse_args(argc, argv, &o);
    if (u) return u == 1 ? 0 : 2;
    vm_error err = {{0}};
    vm_analyzer *base = vm_analyzer_new(&o.an, &err);
    vm_buf out = {0};
    int rc = base ? run_learn(&o, base, &out, &err) : -1;
    if (rc == 0) rc = write_output(&o, &out, &err);
    if (rc != 0) vm_log_error("lexicon learn: %s", err.msg);
    vm_buf_free(&out);
    vm_analyzer_free(base);
    return rc == 0 ? 0 : 1;
}
