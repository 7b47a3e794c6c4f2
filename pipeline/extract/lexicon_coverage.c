/*
 * lexicon_coverage.c - `vocmine lexicon coverage RUN_DIR`: how much of a
 * run the lexicons reach, and what they miss.
 *
 * Every comment of RUN_DIR/normalized.tsv.gz that is no exact duplicate
 * is analysed (vm_analyze_text) with the lexicons, models and dictionary
 * the run's extract stage used (or --lexicons DIR ...). Printed:
 *   1. per language tag: comments, comments with at least one sentiment
 *      or emoji hit, and their share;
 *   2. candidate entries: word tokens (Chinese words, Latin words of 2+
 *      letters) that are in no lexicon file at all (stopwords included),
 *      counted once per comment, in the "negative" comments: rated
 *      <= --neg-rating (default 2) or scored negative. A term is listed
 *      when it is in at least --min-count (default 3) negative comments
 *      and its lift - its share of negative comments over the share of
 *      negative comments overall - is at least --min-lift (default 1.5).
 *      Sorted by negative comments, then lift, then term; `missed` counts
 *      the negative-rated comments holding it that the lexicons did not
 *      score negative (where a new entry would change the result).
 * Output: table (default) or --format csv (section,key,a,b,c,d).
 */
#include "extract/lexicon_tools.h"
#include "extract/analyze.h"
#include "run/runinfo.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "common/tsv.h"
#include "report/csv.h"
#include "report/termtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: vocmine lexicon coverage RUN_DIR [--top N] [--min-count N] [--min-lift X] [--neg-rating R]\n"
    "                                [--format table|csv] [analyzer options]\n"
    "  Sentiment-hit coverage per language, and unknown terms of negative comments\n"
    "  (rated <= R, default 2, or scored negative) as candidate lexicon entries.\n"
    "  Analyzer options default to what the run's extract stage used:\n"
    "%s";

typedef struct options {
    const char *dir;
    vm_analyzer_options an;
    int top, min_count, csv;
    double min_lift, neg_rating;
} options;

typedef struct term_counts {
    uint32_t all, neg, missed;
} term_counts;

typedef struct coverage {
    options o;
    vm_strmap *langs;
    uint64_t (*lang)[2];     /* comments, with a hit */
    vm_strmap *terms;
    term_counts *tc;
    size_t tcap;
    uint64_t comments, negative, duplicates;
    long *seen;              /* term ids of the current comment */
    size_t nseen, seencap;
} coverage;

typedef struct candidate {
    long id;
    double lift;
} candidate;

static int is_candidate_token(const vm_token *k) {
    if (k->type == VM_TOK_HAN) return 1;
    return k->type == VM_TOK_LATIN && k->len >= 2;
}

static int has_hit(const vm_lexicon *lx, const vm_hits *h) {
    for (size_t k = 0; k < h->n; k++) {
        if (h->u[k].term < 0) continue;
        unsigned roles = vm_lexicon_term(lx, h->u[k].term)->roles;
        if (roles & ((1u << VM_ROLE_SENTIMENT) | (1u << VM_ROLE_EMOJI))) return 1;
    }
    return 0;
}

static int seen_before(coverage *c, long id) {
    for (size_t i = 0; i < c->nseen; i++)
        if (c->seen[i] == id) return 1;
    if (c->nseen == c->seencap) {
        c->seencap = c->seencap ? c->seencap * 2 : 64;
        c->seen = vm_xrealloc(c->seen, c->seencap * sizeof *c->seen);
    }
    c->seen[c->nseen++] = id;
    return 0;
}

/* Counts the unknown word tokens of one comment. */
static void count_terms(coverage *c, const vm_lexicon *lx, const char *match, const vm_tokens *t, int negative,
                        int missed) {
    c->nseen = 0;
    for (size_t i = 0; i < t->n; i++) {
        const vm_token *k = &t->v[i];
        if (!is_candidate_token(k) || vm_lexicon_find(lx, match + k->start, k->len) >= 0) continue;
        int added = 0;
        long id = vm_strmap_intern(c->terms, match + k->start, k->len, &added);
        if (added) {
            if ((size_t)id >= c->tcap) {
                c->tcap = c->tcap ? c->tcap * 2 : 4096;
                c->tc = vm_xrealloc(c->tc, c->tcap * sizeof *c->tc);
            }
            memset(&c->tc[id], 0, sizeof c->tc[id]);
        }
        if (seen_before(c, id)) continue;
        c->tc[id].all++;
        c->tc[id].neg += (uint32_t)negative;
        c->tc[id].missed += (uint32_t)missed;
    }
}

static void count_lang(coverage *c, const char *lang, size_t len, int hit) {
    int added = 0;
    long id = vm_strmap_intern(c->langs, lang, len, &added);
    if (added) {
        c->lang = vm_xrealloc(c->lang, vm_strmap_size(c->langs) * sizeof *c->lang);
        c->lang[id][0] = c->lang[id][1] = 0;
    }
    c->lang[id][0]++;
    c->lang[id][1] += (uint64_t)hit;
}

static int scan(coverage *c, const vm_analyzer *an, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/normalized.tsv.gz", c->o.dir);
    vm_tsvfile *t = vm_tsvfile_open(path, err);
    if (!t) return -1;
    int cm = vm_tsvfile_need(t, "match", err), cl = vm_tsvfile_col(t, "lang"), cr = vm_tsvfile_col(t, "rating");
    int cd = vm_tsvfile_col(t, "dup_of"), ce = vm_tsvfile_col(t, "emphasis");
    const vm_lexicon *lx = vm_analyzer_lexicon(an);
    vm_analysis_scratch *scratch = vm_analysis_scratch_new();
    vm_text_analysis ta = {0};
    int r = cm < 0 ? -1 : 0;
    size_t n;
    while (r >= 0 && (r = vm_tsvfile_next(t, err)) == 1) {
        if (cd >= 0 && *vm_tsvfile_field(t, cd, &n)) {
            c->duplicates++;
            continue;
        }
        size_t mlen, llen;
        const char *match = vm_tsvfile_field(t, cm, &mlen);
        const char *lang = cl >= 0 ? vm_tsvfile_field(t, cl, &llen) : "", *rating = cr >= 0 ? vm_tsvfile_field(t, cr, &n) : "";
        if (cl < 0) llen = 0;
        int emphasis = ce >= 0 ? atoi(vm_tsvfile_field(t, ce, &n)) : 0;
        vm_analyze_text(an, scratch, match, mlen, lang, emphasis, &ta);
        int low = *rating && strtod(rating, NULL) <= c->o.neg_rating;
        int scored_neg = ta.sentiment.polarity == VM_POL_NEGATIVE;
        c->comments++;
        c->negative += (uint64_t)(low || scored_neg);
        count_lang(c, llen ? lang : "(none)", llen ? llen : 6, has_hit(lx, &ta.hits));
        count_terms(c, lx, match, &ta.tokens, low || scored_neg, low && !scored_neg);
    }
    vm_text_analysis_free(&ta);
    vm_analysis_scratch_free(scratch);
    vm_tsvfile_close(t);
    return r < 0 ? -1 : 0;
}

static int cmp_candidate(const void *x, const void *y, void *ctx) {
    const coverage *c = ctx;
    const candidate *a = x, *b = y;
    uint32_t na = c->tc[a->id].neg, nb = c->tc[b->id].neg;
    if (na != nb) return na > nb ? -1 : 1;
    if (a->lift != b->lift) return a->lift > b->lift ? -1 : 1;
    return strcmp(vm_strmap_key(c->terms, a->id, NULL), vm_strmap_key(c->terms, b->id, NULL));
}

static candidate *candidates(const coverage *c, size_t *n) {
    size_t nt = vm_strmap_size(c->terms);
    candidate *v = vm_xcalloc(nt + 1, sizeof *v);
    double base = c->comments ? (double)c->negative / (double)c->comments : 0;
    *n = 0;
    for (size_t i = 0; i < nt; i++) {
        const term_counts *t = &c->tc[i];
        if (t->neg < (uint32_t)c->o.min_count || base <= 0) continue;
        double lift = ((double)t->neg / t->all) / base;
        if (lift < c->o.min_lift) continue;
        v[(*n)++] = (candidate){(long)i, lift};
    }
    qsort_r(v, *n, sizeof *v, cmp_candidate, (void *)c);
    if (*n > (size_t)c->o.top) *n = (size_t)c->o.top;
    return v;
}

static void print_table(const coverage *c, const candidate *v, size_t n, const char *lexicons) {
    printf("lexicon coverage of %s (lexicons %s)\n", c->o.dir, lexicons);
    printf("%-10s %10s %10s %7s\n", "lang", "comments", "with_hit", "share");
    uint64_t all = 0, hit = 0;
    for (size_t i = 0; i < vm_strmap_size(c->langs); i++) {
        const uint64_t *l = c->lang[i];
        printf("%-10s %10llu %10llu %6.1f%%\n", vm_strmap_key(c->langs, (long)i, NULL), (unsigned long long)l[0],
               (unsigned long long)l[1], l[0] ? 100.0 * l[1] / l[0] : 0);
        all += l[0];
        hit += l[1];
    }
    printf("%-10s %10llu %10llu %6.1f%%\n", "all", (unsigned long long)all, (unsigned long long)hit,
           all ? 100.0 * hit / all : 0);
    printf("(%llu exact duplicates left out)\n\n", (unsigned long long)c->duplicates);
    printf("candidate entries: unknown terms in the %llu negative comments (rated <= %g or scored negative)\n",
           (unsigned long long)c->negative, c->o.neg_rating);
    printf("%-20s %9s %7s %9s %6s\n", "term", "negative", "missed", "comments", "lift");
    vm_buf safe = {0};
    for (size_t i = 0; i < n; i++) {
        const term_counts *t = &c->tc[v[i].id];
        size_t len;
        const char *term = vm_strmap_key(c->terms, v[i].id, &len);
        size_t w = vm_term_safe(term, len, &safe, 20);
        printf("%s%*s %9u %7u %9u %6.2f\n", safe.data, (int)(w < 20 ? 20 - w : 0), "", t->neg, t->missed, t->all,
               v[i].lift);
    }
    if (n == 0) printf("(none)\n");
    vm_buf_free(&safe);
}

static void print_csv(const coverage *c, const candidate *v, size_t n) {
    vm_buf b = {0};
    static const char *const cols[] = {"section", "key", "comments", "with_hit_or_negative", "missed", "lift"};
    vm_csv_header(&b, cols, 6);
    for (size_t i = 0; i < vm_strmap_size(c->langs); i++) {
        vm_buf_puts(&b, "lang,");
        vm_csv_cell_str(&b, vm_strmap_key(c->langs, (long)i, NULL));
        vm_buf_printf(&b, ",%llu,%llu,,\r\n", (unsigned long long)c->lang[i][0], (unsigned long long)c->lang[i][1]);
    }
    for (size_t i = 0; i < n; i++) {
        const term_counts *t = &c->tc[v[i].id];
        vm_buf_puts(&b, "candidate,");
        vm_csv_cell_str(&b, vm_strmap_key(c->terms, v[i].id, NULL));
        vm_buf_printf(&b, ",%u,%u,%u,%.2f\r\n", t->all, t->neg, t->missed, v[i].lift);
    }
    fwrite(b.data, 1, b.len, stdout);
    vm_buf_free(&b);
}

static int parse_args(int argc, char **argv, options *o) {
    o->top = 30;
    o->min_count = 3;
    o->min_lift = 1.5;
    o->neg_rating = 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int r = vm_analyzer_option(&o->an, argc, argv, &i);
        if (r == 1) continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return printf(usage, vm_analyzer_usage), 1;
        char *end = NULL;
        if (r < 0 || ((a[0] == '-') && !v)) return vm_log_error("lexicon coverage: %s needs a value", a), 2;
        if (a[0] != '-' && !o->dir) {
            o->dir = a;
            continue;
        }
        i++;
        if (strcmp(a, "--top") == 0) o->top = (int)strtol(v, &end, 10);
        else if (strcmp(a, "--min-count") == 0) o->min_count = (int)strtol(v, &end, 10);
        else if (strcmp(a, "--min-lift") == 0) o->min_lift = strtod(v, &end);
        else if (strcmp(a, "--neg-rating") == 0) o->neg_rating = strtod(v, &end);
        else if (strcmp(a, "--format") == 0 && (strcmp(v, "csv") == 0 || strcmp(v, "table") == 0)) {
            o->csv = v[0] == 'c';
            continue;
        }
        if (!end || *end || end == v || o->top < 1 || o->min_count < 1)
            return vm_log_error("lexicon coverage: bad option or value: %s %s", a, v), fprintf(stderr, usage, vm_analyzer_usage), 2;
    }
    if (!o->dir) return fprintf(stderr, usage, vm_analyzer_usage), 2;
    return 0;
}

int vm_lexicon_coverage_main(int argc, char **argv) {
    coverage c;
    memset(&c, 0, sizeof c);
    int u = parse_args(argc, argv, &c.o);
    if (u) return u == 1 ? 0 : 2;
    vm_error err = {{0}};
    vm_runinfo ri = {0};
    if (vm_runinfo_from_dir(&ri, c.o.dir, &err) == 0 && ri.have_extract) {
        if (!c.o.an.lexicons) c.o.an.lexicons = ri.lexicons;
        if (!c.o.an.models) c.o.an.models = ri.models;
        if (!c.o.an.dict && !c.o.an.no_dict) c.o.an.dict = ri.dict, c.o.an.no_dict = ri.no_dict;
    }
    vm_analyzer *an = vm_analyzer_new(&c.o.an, &err);
    c.langs = vm_strmap_new();
    c.terms = vm_strmap_new();
    int rc = an ? scan(&c, an, &err) : -1;
    if (rc == 0) {
        size_t n;
        candidate *v = candidates(&c, &n);
        if (c.o.csv) print_csv(&c, v, n);
        else print_table(&c, v, n, vm_analyzer_lexicons_dir(an));
        free(v);
    } else {
        vm_log_error("lexicon coverage: %s", err.msg);
    }
    vm_analyzer_free(an);
    vm_runinfo_free(&ri);
    vm_strmap_free(c.langs);
    vm_strmap_free(c.terms);
    free(c.lang);
    free(c.tc);
    free(c.seen);
    return rc == 0 ? 0 : 1;
}
