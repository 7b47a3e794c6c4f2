/*
 * diff.c - `vocmine diff RUN_A RUN_B`: what changed between two runs, and
 * which lexicon entries made it change.
 *
 * A RUN is a run directory, or (with --db) a run id in the LMDB database;
 * a run id's directory is found through its stored manifest while it
 * still exists. Three parts:
 *   1. topics: every topic in either run's TOP-N (--top, default 10), with
 *      its rank and comment count in both: "new" (not in A), "dropped"
 *      (not in B), "moved" (rank changed) or "same"; from topics.json.gz,
 *      or the LMDB topics rows of a run id;
 *   2. comments: the two features.tsv.gz joined by id (streamed side by
 *      side while the ids agree, which they do for a run and its rerun;
 *      a hash join over the rest otherwise): how many changed score,
 *      polarity (with the transitions) or severity;
 *   3. why: the first --sample N (default 10) changed comments by id
 *      (byte order) are analysed again (vm_analyze_text) under each run's
 *      lexicons, models and dictionary as its extract manifest recorded
 *      them; the lexicon entries (file:line, role, term, value) used under
 *      one set and not under the other are the entries responsible. An
 *      entry is the same in both when file, role, term and value agree,
 *      so lines shifted by an edit elsewhere do not count. When a run's
 *      lexicon files changed since it ran (sha256 differs from its
 *      manifest), the output says so.
 * Output: --format table (default, terminal-safe text), csv (one table:
 * section,subject,status,rank_a,rank_b,count_a,count_b,detail) or json.
 */
#include "vocmine.h"
#include "run/runinfo.h"
#include "common/instream.h"
#include "common/json.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "common/tsv.h"
#include "extract/analyze.h"
#include "extract/severity.h"
#include "report/csv.h"
#include "report/jsonget.h"
#include "report/keys.h"
#include "report/schema.h"
#include "report/store.h"
#include "report/termtext.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { FMT_TABLE, FMT_CSV, FMT_JSON };
enum { A = 0, B = 1 };

static const char usage[] =
    "usage: vocmine diff [--db PATH] [--top N] [--sample N] [--format table|csv|json] RUN_A RUN_B\n"
    "  RUN_A, RUN_B     run directories, or run ids in the LMDB database of --db\n"
    "  --top N          compare the topics in either run's TOP-N (default 10)\n"
    "  --sample N       explain the first N changed comments by id (default 10)\n"
    "  --format F       table (default), csv or json\n";

typedef struct options {
    const char *db, *run[2];
    int top, sample, format;
} options;

typedef struct topic_row {
    char *id, *label;
    long rank;
    long comments;
} topic_row;

typedef struct side {
    vm_runinfo ri;
    topic_row *topics;
    size_t ntopics;
    vm_strmap *by_id;
    vm_analyzer *an;      /* for explanations; NULL if the lexicons cannot be loaded */
    int lex_changed;      /* its lexicon files differ from what it ran with */
} side;

/* One lexicon entry a comment's analysis used. key = identity without the line. */
typedef struct entry {
    char *key;
    const char *file, *role;
    uint32_t line;
    char *term, *value;
} entry;

typedef struct entries {
    entry *v;
    size_t n;
} entries;

typedef struct sample {
    char *id, *display;
    int score[2], pol[2], sev[2];
    int explained;
    int recomputed[2];   /* score again under each side's analyzer, thousandths */
    entries only[2];     /* entries used under one side only */
} sample;

typedef struct counts {
    uint64_t compared, only[2], changed, score, polarity, severity, bad;
    uint64_t trans[3][3];  /* polarity A (neg, neu, pos) x polarity B */
    uint64_t sev_up, sev_down;
} counts;

typedef struct diff {
    options o;
    side s[2];
    counts c;
    sample *samples;
    size_t nsamples;
    int have_comments;
    const char *why_missing;  /* why comments or explanations were skipped */
} diff;

/* ---- runs and their topics ---- */

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void add_topic(side *s, const char *json, size_t len) {
    vm_buf id = {0}, label = {0};
    double rank = 0, comments = 0;
    if (vm_jsonget_str(json, len, "topic", &id) != 0 || !id.len) {
        vm_buf_free(&id);
        return;
    }
    vm_jsonget_str(json, len, "label", &label);
    vm_jsonget_num(json, len, "rank", &rank);
    vm_jsonget_num(json, len, "comments", &comments);
    s->topics = vm_xrealloc(s->topics, (s->ntopics + 1) * sizeof *s->topics);
    topic_row *t = &s->topics[s->ntopics++];
    t->id = vm_buf_detach(&id);
    vm_buf_append(&label, "", 0);
    t->label = vm_buf_detach(&label);
    t->rank = (long)rank;
    t->comments = (long)comments;
    vm_strmap_intern(s->by_id, t->id, strlen(t->id), NULL);
}

static int topics_from_dir(side *s, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/topics.json.gz", s->ri.dir);
    vm_instream *in = vm_instream_open(path, err);
    if (!in) return -1;
    vm_buf text = {0};
    char chunk[1 << 16];
    long n;
    while ((n = vm_instream_read(in, chunk, sizeof chunk, err)) > 0) vm_buf_append(&text, chunk, (size_t)n);
    vm_instream_close(in);
    size_t alen, pos = 0, vlen;
    const char *arr = n == 0 && text.len ? vm_jsonget_raw(text.data, text.len, "topics", &alen) : NULL, *v;
    int rc = arr ? 0 : vm_fail(err, "%s: no topics array", path);
    while (rc == 0 && (rc = vm_jsonget_array_next(arr, alen, &pos, &v, &vlen)) == 1) {
        add_topic(s, v, vlen);
        rc = 0;
    }
    vm_buf_free(&text);
    return rc < 0 ? vm_fail(err, "%s: malformed topics", path) : 0;
}

static int topic_visit(void *ctx, const char *key, size_t klen, const char *val, size_t vlen, vm_error *err) {
    add_topic(ctx, val, vlen);
    return 0;
}

static int from_db(side *s, const char *db, const char *run_id, vm_error *err) {
    if (!vm_key_run_id_ok(run_id)) return vm_fail(err, "%s: neither a run directory nor a run id", run_id);
    vm_store *st = vm_store_open(db, 0, err);
    vm_store_txn *t = st ? vm_store_begin_read(st, err) : NULL;
    vm_buf val = {0}, prefix = {0};
    int rc = t ? vm_store_get(t, VM_DB_RUNS, run_id, strlen(run_id), &val, err) : -1;
    if (rc == 0) rc = vm_fail(err, "run %s is not in %s", run_id, db);
    if (rc == 1) rc = vm_runinfo_from_record(&s->ri, val.data, val.len, err);
    vm_key_run_prefix(&prefix, run_id);
    if (rc == 0) rc = vm_store_scan(t, VM_DB_TOPICS, prefix.data, prefix.len, 0, topic_visit, s, err);
    vm_buf_free(&val);
    vm_buf_free(&prefix);
    vm_store_end(t);
    vm_store_close(st);
    return rc;
}

static int load_side(side *s, const options *o, const char *run, vm_error *err) {
    s->by_id = vm_strmap_new();
    if (is_dir(run)) {
        if (vm_runinfo_from_dir(&s->ri, run, err) != 0) return -1;
        return topics_from_dir(s, err);
    }
    if (!o->db) return vm_fail(err, "%s: no such run directory (give --db PATH to name run ids)", run);
    if (from_db(s, o->db, run, err) != 0) return vm_fail_prefix(err, "%s: ", run);
    return 0;
}

static const topic_row *find_topic(const side *s, const char *id) {
    long i = vm_strmap_find(s->by_id, id, strlen(id));
    return i < 0 ? NULL : &s->topics[i];
}

/* ---- comments: features joined by id ---- */

static int polarity_code(const char *s) {
    return strcmp(s, "negative") == 0 ? -1 : strcmp(s, "neutral") == 0 ? 0 : strcmp(s, "positive") == 0 ? 1 : 9;
}

static int severity_code(const char *s) {
    for (int l = VM_SEV_NONE; l <= VM_SEV_SEVERE; l++)
        if (strcmp(s, vm_severity_name(l)) == 0) return l;
    return 9;
}

typedef struct frow {
    int score, pol, sev;
} frow;

typedef struct features {
    vm_tsvfile *t;
    int id, score, pol, sev, display;
} features;

static int open_features(features *f, const char *dir, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/features.tsv.gz", dir);
    f->t = vm_tsvfile_open(path, err);
    if (!f->t) return -1;
    if ((f->id = vm_tsvfile_need(f->t, "id", err)) < 0 || (f->score = vm_tsvfile_need(f->t, "score", err)) < 0 ||
        (f->pol = vm_tsvfile_need(f->t, "polarity", err)) < 0 || (f->sev = vm_tsvfile_need(f->t, "severity", err)) < 0 ||
        (f->display = vm_tsvfile_need(f->t, "display", err)) < 0)
        return -1;
    return 0;
}

static const char *fld(const features *f, int col) {
    size_t n;
    return vm_tsvfile_field(f->t, col, &n);
}

static frow read_frow(const features *f) {
    frow r;
    r.score = (int)lround(strtod(fld(f, f->score), NULL) * 1000);
    r.pol = polarity_code(fld(f, f->pol));
    r.sev = severity_code(fld(f, f->sev));
    return r;
}

static void free_sample(sample *s) {
    free(s->id);
    free(s->display);
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < s->only[k].n; i++) {
            free(s->only[k].v[i].key);
            free(s->only[k].v[i].term);
            free(s->only[k].v[i].value);
        }
        free(s->only[k].v);
    }
}

/* Keeps the first o.sample changed comments by id. */
static void keep_sample(diff *d, const char *id, frow a, frow b, const char *display) {
    size_t cap = (size_t)d->o.sample, lo = 0, hi = d->nsamples;
    if (cap == 0 || (d->nsamples == cap && strcmp(id, d->samples[cap - 1].id) >= 0)) return;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(d->samples[mid].id, id) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (d->nsamples == cap) free_sample(&d->samples[--d->nsamples]);
    memmove(&d->samples[lo + 1], &d->samples[lo], (d->nsamples - lo) * sizeof *d->samples);
    sample *s = &d->samples[lo];
    memset(s, 0, sizeof *s);
    s->id = vm_xstrdup(id);
    s->display = vm_xstrdup(display);
    s->score[A] = a.score, s->score[B] = b.score;
    s->pol[A] = a.pol, s->pol[B] = b.pol;
    s->sev[A] = a.sev, s->sev[B] = b.sev;
    d->nsamples++;
}

static void compare_rows(diff *d, const char *id, frow a, frow b, const char *display) {
    counts *c = &d->c;
    c->compared++;
    if (a.pol == 9 || b.pol == 9 || a.sev == 9 || b.sev == 9) {
        c->bad++;
        return;
    }
    c->trans[a.pol + 1][b.pol + 1]++;
    int ds = a.score != b.score, dp = a.pol != b.pol, dv = a.sev != b.sev;
    c->score += (uint64_t)ds;
    c->polarity += (uint64_t)dp;
    c->severity += (uint64_t)dv;
    c->sev_up += (uint64_t)(b.sev > a.sev);
    c->sev_down += (uint64_t)(b.sev < a.sev);
    if (!(ds || dp || dv)) return;
    c->changed++;
    keep_sample(d, id, a, b, display);
}

/* The rows of A from the current one on, by id (for the hash join). */
typedef struct rest {
    vm_strmap *ids;
    frow *rows;
    uint8_t *seen;
    size_t n;
} rest;

static int load_rest(features *fa, int more, rest *r, vm_error *err) {
    r->ids = vm_strmap_new();
    size_t cap = 0;
    for (; more == 1; more = vm_tsvfile_next(fa->t, err)) {
        const char *id = fld(fa, fa->id);
        int added = 0;
        long i = vm_strmap_intern(r->ids, id, strlen(id), &added);
        if (!added) continue;
        if ((size_t)i >= cap) {
            cap = cap ? cap * 2 : 1024;
            r->rows = vm_xrealloc(r->rows, cap * sizeof *r->rows);
        }
        r->rows[i] = read_frow(fa);
        r->n = (size_t)i + 1;
    }
    r->seen = vm_xcalloc(r->n + 1, 1);
    return more < 0 ? -1 : 0;
}

static int join_rest(diff *d, features *fa, features *fb, int have_a, int have_b, vm_error *err) {
    rest r = {0};
    int rc = load_rest(fa, have_a, &r, err), more = have_b;
    for (; rc == 0 && more == 1; more = vm_tsvfile_next(fb->t, err)) {
        const char *id = fld(fb, fb->id);
        long i = vm_strmap_find(r.ids, id, strlen(id));
        if (i < 0) {
            d->c.only[B]++;
            continue;
        }
        if (r.seen[i]) continue;
        r.seen[i] = 1;
        compare_rows(d, id, r.rows[i], read_frow(fb), fld(fb, fb->display));
    }
    if (more < 0) rc = -1;
    for (size_t i = 0; i < r.n; i++) d->c.only[A] += r.seen[i] == 0;
    vm_strmap_free(r.ids);
    free(r.rows);
    free(r.seen);
    return rc;
}

static int compare_features(diff *d, vm_error *err) {
    features f[2] = {{0}};
    int rc = 0;
    for (int k = 0; k < 2 && rc == 0; k++) rc = open_features(&f[k], d->s[k].ri.dir, err);
    int ra = 0, rb = 0;
    while (rc == 0) {
        ra = vm_tsvfile_next(f[A].t, err);
        rb = ra < 0 ? -1 : vm_tsvfile_next(f[B].t, err);
        if (ra < 0 || rb < 0) rc = -1;
        if (rc != 0 || ra == 0 || rb == 0) break;
        const char *id = fld(&f[A], f[A].id);
        if (strcmp(id, fld(&f[B], f[B].id)) != 0) break;
        compare_rows(d, id, read_frow(&f[A]), read_frow(&f[B]), fld(&f[B], f[B].display));
    }
    if (rc == 0) rc = join_rest(d, &f[A], &f[B], ra, rb, err);
    for (int k = 0; k < 2; k++) vm_tsvfile_close(f[k].t);
    return rc;
}

/* ---- why: the entries each side's analysis used ---- */

static void value_text(const vm_lexicon *lx, const vm_lexterm *e, int role, vm_buf *b) {
    vm_buf_reset(b);
    vm_buf_append(b, "", 0);
    switch (role) {
    case VM_ROLE_SENTIMENT:
    case VM_ROLE_EMOJI: vm_buf_printf(b, "%+.2f", e->weight); break;
    case VM_ROLE_DEGREE: vm_buf_printf(b, "x%.2f", e->multiplier); break;
    case VM_ROLE_CONTRAST: vm_buf_puts(b, e->contrast == VM_CONTRAST_BUT ? "but" : "although"); break;
    case VM_ROLE_CUE: vm_buf_puts(b, e->cue == VM_CUE_SARCASM ? "sarcasm" : "rhetorical"); break;
    case VM_ROLE_ASPECT: vm_buf_puts(b, vm_lexicon_category(lx, (size_t)e->category)->id); break;
    case VM_ROLE_SEVERITY:
        vm_buf_printf(b, "%s/%s", vm_severity_name(e->level), vm_lexicon_cue_name(lx, e->severity_cue));
        break;
    default: break;
    }
}

static int has_key(const entries *es, const char *key) {
    for (size_t i = 0; i < es->n; i++)
        if (strcmp(es->v[i].key, key) == 0) return 1;
    return 0;
}

/* Every entry (role of a term, stopwords aside) the analysis hit. */
static void collect_entries(const vm_analyzer *an, const vm_text_analysis *ta, entries *out) {
    const vm_lexicon *lx = vm_analyzer_lexicon(an);
    vm_buf value = {0}, key = {0};
    for (size_t k = 0; k < ta->hits.n; k++) {
        const vm_unit *u = &ta->hits.u[k];
        if (u->term < 0) continue;
        const vm_lexterm *e = vm_lexicon_term(lx, u->term);
        size_t tlen;
        const char *term = vm_lexicon_text(lx, u->term, &tlen);
        for (int r = 0; r < VM_ROLE_COUNT; r++) {
            if (r == VM_ROLE_STOPWORD || !(e->roles & (1u << r))) continue;
            vm_lexsrc src = vm_lexicon_src(lx, u->term, r);
            const char *file = vm_lexicon_file_name(lx, src.file);
            value_text(lx, e, r, &value);
            vm_buf_reset(&key);
            vm_buf_printf(&key, "%s\t%s\t%s\t%s", file, vm_lexicon_role_name(r), term, value.data);
            if (has_key(out, key.data)) continue;
            out->v = vm_xrealloc(out->v, (out->n + 1) * sizeof *out->v);
            out->v[out->n++] = (entry){vm_xstrdup(key.data), file, vm_lexicon_role_name(r), src.line,
                                       vm_xstrndup(term, tlen), vm_xstrdup(value.data)};
        }
    }
    vm_buf_free(&value);
    vm_buf_free(&key);
}

static void entries_free(entries *es) {
    for (size_t i = 0; i < es->n; i++) {
        free(es->v[i].key);
        free(es->v[i].term);
        free(es->v[i].value);
    }
    free(es->v);
    memset(es, 0, sizeof *es);
}

/* Moves the entries of from that to lacks into only. */
static void take_missing(entries *from, const entries *to, entries *only) {
    size_t keep = 0;
    for (size_t i = 0; i < from->n; i++) {
        if (has_key(to, from->v[i].key)) {
            from->v[keep++] = from->v[i];
            continue;
        }
        only->v = vm_xrealloc(only->v, (only->n + 1) * sizeof *only->v);
        only->v[only->n++] = from->v[i];
    }
    from->n = keep;
}

/* Builds a side's analyzer as its extract manifest recorded it. */
static void open_analyzer(side *s, const char *name) {
    const vm_runinfo *ri = &s->ri;
    if (!ri->have_extract || !ri->lexicons) {
        vm_log_warn("diff: run %s has no extract manifest; its comments are not explained", name);
        return;
    }
    vm_analyzer_options ao = {.lexicons = ri->lexicons, .models = ri->models, .dict = ri->dict, .no_dict = ri->no_dict};
    vm_error err;
    s->an = vm_analyzer_new(&ao, &err);
    if (!s->an) {
        vm_log_warn("diff: run %s: %s; its comments are not explained", name, err.msg);
        return;
    }
    const vm_lexicon *lx = vm_analyzer_lexicon(s->an);
    vm_buf sha = {0};
    for (int f = 0; f < vm_lexicon_nfiles(lx) && ri->lexicons_loaded.len; f++) {
        vm_buf_reset(&sha);
        if (vm_jsonget_str(ri->lexicons_loaded.data, ri->lexicons_loaded.len, vm_lexicon_file_name(lx, f), &sha) == 0 &&
            strcmp(sha.data ? sha.data : "", vm_lexicon_file_sha256(lx, f)) != 0)
            s->lex_changed = 1;
    }
    vm_buf_free(&sha);
}

/* Appends the names of the lexicon files whose sha256 differs between
 * the two runs' extract manifests, joined by ", ". */
static void changed_files(const diff *d, vm_buf *out) {
    const vm_buf *l[2] = {&d->s[A].ri.lexicons_loaded, &d->s[B].ri.lexicons_loaded};
    vm_buf sha[2] = {{0}, {0}};
    for (int f = 0; f < vm_lexicon_nfiles(NULL) && l[A]->len && l[B]->len; f++) {
        const char *name = vm_lexicon_file_name(NULL, f);
        for (int k = 0; k < 2; k++) {
            vm_buf_reset(&sha[k]);
            vm_jsonget_str(l[k]->data, l[k]->len, name, &sha[k]);
            vm_buf_append(&sha[k], "", 0);
        }
        if (strcmp(sha[A].data, sha[B].data) == 0) continue;
        if (out->len) vm_buf_puts(out, ", ");
        vm_buf_puts(out, name);
    }
    vm_buf_free(&sha[A]);
    vm_buf_free(&sha[B]);
}

/* Finds the sampled comments' match text in normalized.tsv.gz and
 * analyses each under both sides. */
static int explain_samples(diff *d, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/normalized.tsv.gz", d->s[B].ri.dir);
    vm_tsvfile *t = vm_tsvfile_open(path, err);
    if (!t) return -1;
    int cid = vm_tsvfile_need(t, "id", err), cm = cid < 0 ? -1 : vm_tsvfile_need(t, "match", err);
    int ce = vm_tsvfile_col(t, "emphasis"), cl = vm_tsvfile_col(t, "lang");
    vm_strmap *want = vm_strmap_new();
    for (size_t i = 0; i < d->nsamples; i++) vm_strmap_intern(want, d->samples[i].id, strlen(d->samples[i].id), NULL);
    vm_analysis_scratch *scratch = vm_analysis_scratch_new();
    vm_text_analysis ta = {0};
    int r = cm < 0 ? -1 : 0;
    while (r >= 0 && (r = vm_tsvfile_next(t, err)) == 1) {
        size_t n, mlen;
        const char *id = vm_tsvfile_field(t, cid, &n);
        long i = vm_strmap_find(want, id, n);
        if (i < 0 || d->samples[i].explained) continue;
        sample *s = &d->samples[i];
        const char *match = vm_tsvfile_field(t, cm, &mlen);
        int emphasis = ce >= 0 ? atoi(vm_tsvfile_field(t, ce, &n)) : 0;
        const char *lang = cl >= 0 ? vm_tsvfile_field(t, cl, &n) : "";
        entries used[2] = {{0}};
        for (int k = 0; k < 2; k++) {
            vm_analyze_text(d->s[k].an, scratch, match, mlen, lang, emphasis, &ta);
            s->recomputed[k] = (int)lround(ta.sentiment.score * 1000);
            collect_entries(d->s[k].an, &ta, &used[k]);
        }
        take_missing(&used[A], &used[B], &s->only[A]);
        take_missing(&used[B], &used[A], &s->only[B]);
        entries_free(&used[A]);
        entries_free(&used[B]);
        s->explained = 1;
    }
    vm_text_analysis_free(&ta);
    vm_analysis_scratch_free(scratch);
    vm_strmap_free(want);
    vm_tsvfile_close(t);
    return r < 0 ? -1 : 0;
}

/* ---- topic changes ---- */

typedef struct change {
    const topic_row *t[2];
    const char *status;
} change;

static int in_top(const topic_row *t, int top) { return t && t->rank >= 1 && t->rank <= top; }

static long order_key(const change *c) {
    return c->t[B] ? c->t[B]->rank : 1000000 + (c->t[A] ? c->t[A]->rank : 0);
}

static int cmp_change(const void *x, const void *y) {
    long a = order_key(x), b = order_key(y);
    if (a != b) return a < b ? -1 : 1;
    const change *cx = x, *cy = y;
    const char *ix = cx->t[B] ? cx->t[B]->id : cx->t[A]->id, *iy = cy->t[B] ? cy->t[B]->id : cy->t[A]->id;
    return strcmp(ix, iy);
}

static change *topic_changes(const diff *d, size_t *n) {
    change *v = vm_xcalloc(d->s[A].ntopics + d->s[B].ntopics + 1, sizeof *v);
    *n = 0;
    for (int k = 0; k < 2; k++) {
        const side *s = &d->s[k], *o = &d->s[1 - k];
        for (size_t i = 0; i < s->ntopics; i++) {
            const topic_row *t = &s->topics[i], *other = find_topic(o, t->id);
            if (!in_top(t, d->o.top) || (k == B && in_top(other, d->o.top))) continue;
            change *c = &v[(*n)++];
            c->t[k] = t;
            c->t[1 - k] = other;
            c->status = !c->t[A] ? "new" : !c->t[B] ? "dropped" : c->t[A]->rank != c->t[B]->rank ? "moved" : "same";
        }
    }
    qsort(v, *n, sizeof *v, cmp_change);
    return v;
}

/* ---- output ---- */

static const char *pol_name(int p) { return p == 9 ? "?" : vm_polarity_name(p); }
static const char *sev_name(int s) { return s == 9 ? "?" : vm_severity_name(s); }

static const char *run_name(const diff *d, int k) {
    return d->s[k].ri.run_id ? d->s[k].ri.run_id : d->o.run[k];
}

static void put_safe(const char *s, size_t max) {
    vm_buf b = {0};
    vm_term_safe(s, strlen(s), &b, max);
    fputs(b.data, stdout);
    vm_buf_free(&b);
}

static void print_entry_line(const char *sign, const entry *e) {
    printf("    %s %s:%u %s \"", sign, e->file, e->line, e->role);
    put_safe(e->term, 60);
    printf("\"%s%s\n", *e->value ? " " : "", e->value);
}

static void table_topics(const diff *d, const change *v, size_t n) {
    printf("\nTOP-%d topics (A = %s, B = %s)\n", d->o.top, run_name(d, A), run_name(d, B));
    printf("%-8s %-10s %6s %6s %10s %10s %7s  %s\n", "status", "topic", "rank_a", "rank_b", "comments_a", "comments_b",
           "change", "label");
    for (size_t i = 0; i < n; i++) {
        const change *c = &v[i];
        const topic_row *any = c->t[B] ? c->t[B] : c->t[A];
        char ra[24] = "-", rb[24] = "-", ca[24] = "-", cb[24] = "-";
        if (c->t[A]) snprintf(ra, sizeof ra, "%ld", c->t[A]->rank), snprintf(ca, sizeof ca, "%ld", c->t[A]->comments);
        if (c->t[B]) snprintf(rb, sizeof rb, "%ld", c->t[B]->rank), snprintf(cb, sizeof cb, "%ld", c->t[B]->comments);
        long delta = (c->t[B] ? c->t[B]->comments : 0) - (c->t[A] ? c->t[A]->comments : 0);
        printf("%-8s ", c->status);
        put_safe(any->id, 10);
        printf("%*s %6s %6s %10s %10s %+7ld  ", (int)(strlen(any->id) < 10 ? 10 - strlen(any->id) : 0), "", ra, rb, ca,
               cb, delta);
        put_safe(any->label, 60);
        putchar('\n');
    }
    if (n == 0) printf("(no topics)\n");
}

static void table_comments(const diff *d) {
    const counts *c = &d->c;
    static const char *const pn[3] = {"negative", "neutral", "positive"};
    printf("\ncomments compared: %llu (only in A: %llu, only in B: %llu)\n", (unsigned long long)c->compared,
           (unsigned long long)c->only[A], (unsigned long long)c->only[B]);
    printf("changed: %llu   score: %llu   polarity: %llu   severity: %llu (up %llu, down %llu)\n",
           (unsigned long long)c->changed, (unsigned long long)c->score, (unsigned long long)c->polarity,
           (unsigned long long)c->severity, (unsigned long long)c->sev_up, (unsigned long long)c->sev_down);
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            if (a != b && c->trans[a][b])
                printf("  polarity %s -> %s: %llu\n", pn[a], pn[b], (unsigned long long)c->trans[a][b]);
    if (c->bad) printf("  rows with unreadable polarity or severity: %llu\n", (unsigned long long)c->bad);
}

static void table_samples(const diff *d) {
    if (!d->nsamples) return;
    printf("\nchanged comments, first %zu by id: lexicon entries used under one run only\n", d->nsamples);
    for (size_t i = 0; i < d->nsamples; i++) {
        const sample *s = &d->samples[i];
        printf("\n");
        put_safe(s->id, 40);
        printf("  score %.3f -> %.3f  %s -> %s  severity %s -> %s\n", s->score[A] / 1000.0, s->score[B] / 1000.0,
               pol_name(s->pol[A]), pol_name(s->pol[B]), sev_name(s->sev[A]), sev_name(s->sev[B]));
        printf("  ");
        put_safe(s->display, 100);
        putchar('\n');
        if (!s->explained) {
            printf("    (not explained: %s)\n", d->why_missing ? d->why_missing : "comment not found");
            continue;
        }
        for (size_t k = 0; k < s->only[A].n; k++) print_entry_line("- A", &s->only[A].v[k]);
        for (size_t k = 0; k < s->only[B].n; k++) print_entry_line("+ B", &s->only[B].v[k]);
        if (!s->only[A].n && !s->only[B].n) printf("    (same entries: the change comes from models, dictionary or rules)\n");
        for (int k = 0; k < 2; k++)
            if (s->recomputed[k] != s->score[k])
                printf("    note: re-analysis under %c gives %.3f, not the stored %.3f\n", k == A ? 'A' : 'B',
                       s->recomputed[k] / 1000.0, s->score[k] / 1000.0);
    }
}

static void print_table(const diff *d, const change *v, size_t n) {
    printf("A: %s", run_name(d, A));
    if (d->s[A].ri.dir) printf(" (%s)", d->s[A].ri.dir);
    printf("\nB: %s", run_name(d, B));
    if (d->s[B].ri.dir) printf(" (%s)", d->s[B].ri.dir);
    if (d->s[B].ri.variant_of) printf(", a variant of %s", d->s[B].ri.variant_of);
    vm_buf files = {0};
    changed_files(d, &files);
    int known = d->s[A].ri.lexicons_loaded.len && d->s[B].ri.lexicons_loaded.len;
    printf("\nlexicon files that differ: %s\n", files.len ? files.data : known ? "none" : "unknown (no extract manifest)");
    vm_buf_free(&files);
    table_topics(d, v, n);
    if (d->have_comments) {
        table_comments(d);
        table_samples(d);
    } else {
        printf("\ncomments not compared: %s\n", d->why_missing);
    }
    for (int k = 0; k < 2; k++)
        if (d->s[k].lex_changed)
            printf("\nnote: the lexicons of %s changed since it ran; explanations use the current files\n",
                   run_name(d, k));
}

/* CSV: section,subject,status,rank_a,rank_b,count_a,count_b,detail */
static void csv_row(vm_buf *b, const char *section, const char *subject, const char *status, const char *ra,
                    const char *rb, const char *ca, const char *cb, const char *detail) {
    const char *cells[] = {section, subject, status, ra, rb, ca, cb, detail};
    for (size_t i = 0; i < 8; i++) {
        if (i) vm_buf_putc(b, ',');
        vm_csv_cell_str(b, cells[i] ? cells[i] : "");
    }
    vm_buf_append(b, "\r\n", 2);
}

/* Entry rows: detail is "FILE:LINE ROLE \"TERM\" VALUE". */
static void csv_entries(vm_buf *b, const sample *s, int k) {
    vm_buf detail = {0};
    for (size_t i = 0; i < s->only[k].n; i++) {
        const entry *e = &s->only[k].v[i];
        vm_buf_reset(&detail);
        vm_buf_printf(&detail, "%s:%u %s \"%s\"%s%s", e->file, e->line, e->role, e->term, *e->value ? " " : "",
                      e->value);
        csv_row(b, "entry", s->id, k == A ? "only_a" : "only_b", NULL, NULL, NULL, NULL, detail.data);
    }
    vm_buf_free(&detail);
}

static void print_csv(const diff *d, const change *v, size_t n) {
    vm_buf b = {0};
    char x[4][24];
    static const char *const cols[] = {"section", "subject", "status", "rank_a", "rank_b", "count_a", "count_b",
                                       "detail"};
    vm_csv_header(&b, cols, 8);
    for (size_t i = 0; i < n; i++) {
        const change *c = &v[i];
        const topic_row *any = c->t[B] ? c->t[B] : c->t[A];
        for (int k = 0; k < 4; k++) x[k][0] = '\0';
        if (c->t[A]) snprintf(x[0], 24, "%ld", c->t[A]->rank), snprintf(x[2], 24, "%ld", c->t[A]->comments);
        if (c->t[B]) snprintf(x[1], 24, "%ld", c->t[B]->rank), snprintf(x[3], 24, "%ld", c->t[B]->comments);
        csv_row(&b, "topic", any->id, c->status, x[0], x[1], x[2], x[3], any->label);
    }
    if (d->have_comments) {
        const counts *c = &d->c;
        const struct {
            const char *name;
            uint64_t v;
        } m[] = {{"compared", c->compared}, {"only_in_a", c->only[A]}, {"only_in_b", c->only[B]},
                 {"changed", c->changed},   {"score_changed", c->score}, {"polarity_changed", c->polarity},
                 {"severity_changed", c->severity}, {"severity_up", c->sev_up}, {"severity_down", c->sev_down}};
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
            snprintf(x[0], 24, "%llu", (unsigned long long)m[i].v);
            csv_row(&b, "count", m[i].name, NULL, NULL, NULL, NULL, x[0], NULL);
        }
        static const char *const pn[3] = {"negative", "neutral", "positive"};
        for (int a = 0; a < 3; a++)
            for (int bb = 0; bb < 3; bb++) {
                char name[64];
                snprintf(name, sizeof name, "polarity %s->%s", pn[a], pn[bb]);
                snprintf(x[0], 24, "%llu", (unsigned long long)c->trans[a][bb]);
                csv_row(&b, "count", name, NULL, NULL, NULL, NULL, x[0], NULL);
            }
        for (size_t i = 0; i < d->nsamples; i++) {
            const sample *s = &d->samples[i];
            char status[96];
            snprintf(status, sizeof status, "%s->%s severity %s->%s", pol_name(s->pol[A]), pol_name(s->pol[B]),
                     sev_name(s->sev[A]), sev_name(s->sev[B]));
            snprintf(x[0], 24, "%.3f", s->score[A] / 1000.0);
            snprintf(x[1], 24, "%.3f", s->score[B] / 1000.0);
            csv_row(&b, "comment", s->id, status, NULL, NULL, x[0], x[1], s->display);
            csv_entries(&b, s, A);
            csv_entries(&b, s, B);
        }
    }
    fwrite(b.data, 1, b.len, stdout);
    vm_buf_free(&b);
}

static void json_side(vm_json *j, const diff *d, int k) {
    const vm_runinfo *ri = &d->s[k].ri;
    vm_json_obj_begin(j);
    vm_json_key(j, "run_id");
    vm_json_str(j, run_name(d, k));
    vm_json_key(j, "dir");
    if (ri->dir) vm_json_str(j, ri->dir);
    else vm_json_null(j);
    vm_json_key(j, "variant_of");
    if (ri->variant_of) vm_json_str(j, ri->variant_of);
    else vm_json_null(j);
    vm_json_key(j, "lexicons");
    if (ri->lexicons) vm_json_str(j, ri->lexicons);
    else vm_json_null(j);
    vm_json_key(j, "lexicons_changed_since_run");
    vm_json_bool(j, d->s[k].lex_changed);
    vm_json_obj_end(j);
}

static void json_topic(vm_json *j, const topic_row *t, const char *rank, const char *count) {
    vm_json_key(j, rank);
    if (t) vm_json_int(j, t->rank);
    else vm_json_null(j);
    vm_json_key(j, count);
    if (t) vm_json_int(j, t->comments);
    else vm_json_null(j);
}

static void json_entries(vm_json *j, const entries *es) {
    vm_json_arr_begin(j);
    for (size_t i = 0; i < es->n; i++) {
        const entry *e = &es->v[i];
        vm_json_obj_begin(j);
        vm_json_key(j, "file");
        vm_json_str(j, e->file);
        vm_json_key(j, "line");
        vm_json_int(j, e->line);
        vm_json_key(j, "role");
        vm_json_str(j, e->role);
        vm_json_key(j, "term");
        vm_json_str(j, e->term);
        vm_json_key(j, "value");
        vm_json_str(j, e->value);
        vm_json_obj_end(j);
    }
    vm_json_arr_end(j);
}

static void json_counts(vm_json *j, const counts *c) {
    static const char *const pn[3] = {"negative", "neutral", "positive"};
    const struct {
        const char *name;
        uint64_t v;
    } m[] = {{"compared", c->compared}, {"only_in_a", c->only[A]}, {"only_in_b", c->only[B]},
             {"changed", c->changed},   {"score_changed", c->score}, {"polarity_changed", c->polarity},
             {"severity_changed", c->severity}, {"severity_up", c->sev_up}, {"severity_down", c->sev_down},
             {"unreadable", c->bad}};
    vm_json_obj_begin(j);
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        vm_json_key(j, m[i].name);
        vm_json_int(j, (int64_t)m[i].v);
    }
    vm_json_key(j, "polarity_transitions");
    vm_json_obj_begin(j);
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            char name[64];
            snprintf(name, sizeof name, "%s->%s", pn[a], pn[b]);
            vm_json_key(j, name);
            vm_json_int(j, (int64_t)c->trans[a][b]);
        }
    vm_json_obj_end(j);
    vm_json_obj_end(j);
}

static void json_sample(vm_json *j, const sample *s) {
    vm_json_obj_begin(j);
    vm_json_key(j, "id");
    vm_json_str(j, s->id);
    for (int k = 0; k < 2; k++) {
        vm_json_key(j, k == A ? "score_a" : "score_b");
        vm_json_num(j, s->score[k] / 1000.0, 3);
        vm_json_key(j, k == A ? "polarity_a" : "polarity_b");
        vm_json_str(j, pol_name(s->pol[k]));
        vm_json_key(j, k == A ? "severity_a" : "severity_b");
        vm_json_str(j, sev_name(s->sev[k]));
    }
    vm_json_key(j, "display");
    vm_json_str(j, s->display);
    vm_json_key(j, "explained");
    vm_json_bool(j, s->explained);
    vm_json_key(j, "only_a");
    json_entries(j, &s->only[A]);
    vm_json_key(j, "only_b");
    json_entries(j, &s->only[B]);
    vm_json_obj_end(j);
}

static void print_json(const diff *d, const change *v, size_t n) {
    vm_buf b = {0};
    vm_json j;
    vm_json_init(&j, &b, 1);
    vm_json_obj_begin(&j);
    vm_json_key(&j, "a");
    json_side(&j, d, A);
    vm_json_key(&j, "b");
    json_side(&j, d, B);
    vm_buf files = {0};
    changed_files(d, &files);
    vm_json_key(&j, "lexicon_files_changed");
    vm_json_arr_begin(&j);
    for (char *p = files.data, *end; p && *p; p = *end ? end + 2 : end) {
        end = strstr(p, ", ");
        if (!end) end = p + strlen(p);
        vm_json_strn(&j, p, (size_t)(end - p));
    }
    vm_json_arr_end(&j);
    vm_buf_free(&files);
    vm_json_key(&j, "top");
    vm_json_int(&j, d->o.top);
    vm_json_key(&j, "topics");
    vm_json_arr_begin(&j);
    for (size_t i = 0; i < n; i++) {
        const topic_row *any = v[i].t[B] ? v[i].t[B] : v[i].t[A];
        vm_json_obj_begin(&j);
        vm_json_key(&j, "topic");
        vm_json_str(&j, any->id);
        vm_json_key(&j, "label");
        vm_json_str(&j, any->label);
        vm_json_key(&j, "status");
        vm_json_str(&j, v[i].status);
        json_topic(&j, v[i].t[A], "rank_a", "comments_a");
        json_topic(&j, v[i].t[B], "rank_b", "comments_b");
        vm_json_obj_end(&j);
    }
    vm_json_arr_end(&j);
    vm_json_key(&j, "comments");
    if (d->have_comments) json_counts(&j, &d->c);
    else vm_json_null(&j);
    vm_json_key(&j, "samples");
    vm_json_arr_begin(&j);
    for (size_t i = 0; i < d->nsamples; i++) json_sample(&j, &d->samples[i]);
    vm_json_arr_end(&j);
    vm_json_obj_end(&j);
    vm_buf_putc(&b, '\n');
    fwrite(b.data, 1, b.len, stdout);
    vm_buf_free(&b);
}

/* ---- the command ---- */

static int parse_count(const char *s, int lo, int hi, int *out) {
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

/* 0 ok, 1 help, 2 usage error. */
static int parse_args(int argc, char **argv, options *o) {
    int npos = 0, bad = 0;
    o->top = 10;
    o->sample = 10;
    for (int i = 1; i < argc && !bad; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        }
        if (a[0] != '-' || a[1] != '-') {
            bad = npos == 2;
            if (!bad) o->run[npos++] = a;
            continue;
        }
        if (!v) {
            bad = 1;
        } else if (strcmp(a, "--db") == 0) {
            o->db = v;
        } else if (strcmp(a, "--top") == 0) {
            bad = parse_count(v, 1, 1000, &o->top) != 0;
        } else if (strcmp(a, "--sample") == 0) {
            bad = parse_count(v, 0, 1000, &o->sample) != 0;
        } else if (strcmp(a, "--format") == 0) {
            o->format = strcmp(v, "table") == 0 ? FMT_TABLE : strcmp(v, "csv") == 0 ? FMT_CSV
                      : strcmp(v, "json") == 0  ? FMT_JSON
                                                : -1;
            bad = o->format < 0;
        } else {
            bad = 1;
        }
        i++;
    }
    if (!bad && npos == 2) return 0;
    vm_log_error("diff: give two runs, and only known options with valid values");
    fputs(usage, stderr);
    return 2;
}

static void free_diff(diff *d) {
    for (int k = 0; k < 2; k++) {
        side *s = &d->s[k];
        for (size_t i = 0; i < s->ntopics; i++) {
            free(s->topics[i].id);
            free(s->topics[i].label);
        }
        free(s->topics);
        vm_strmap_free(s->by_id);
        vm_analyzer_free(s->an);
        vm_runinfo_free(&s->ri);
    }
    for (size_t i = 0; i < d->nsamples; i++) free_sample(&d->samples[i]);
    free(d->samples);
}

static int run_diff(diff *d, vm_error *err) {
    for (int k = 0; k < 2; k++)
        if (load_side(&d->s[k], &d->o, d->o.run[k], err) != 0) return -1;
    if (!d->s[A].ri.dir || !d->s[B].ri.dir) {
        d->why_missing = "a run directory is gone (features.tsv.gz is needed)";
        return 0;
    }
    d->samples = vm_xcalloc((size_t)d->o.sample + 1, sizeof *d->samples);
    if (compare_features(d, err) != 0) return -1;
    d->have_comments = 1;
    if (!d->nsamples) return 0;
    open_analyzer(&d->s[A], run_name(d, A));
    open_analyzer(&d->s[B], run_name(d, B));
    if (!d->s[A].an || !d->s[B].an) {
        d->why_missing = "a run's lexicons could not be loaded";
        return 0;
    }
    return explain_samples(d, err);
}

int vm_diff_main(int argc, char **argv) {
    diff d;
    memset(&d, 0, sizeof d);
    int u = parse_args(argc, argv, &d.o);
    if (u) return u == 1 ? 0 : 2;
    vm_error err = {{0}};
    int rc = run_diff(&d, &err);
    if (rc == 0) {
        size_t n;
        change *v = topic_changes(&d, &n);
        if (d.o.format == FMT_JSON) print_json(&d, v, n);
        else if (d.o.format == FMT_CSV) print_csv(&d, v, n);
        else print_table(&d, v, n);
        free(v);
        if (fflush(stdout) != 0) rc = vm_fail(&err, "cannot write to standard output");
    }
    if (rc != 0) vm_log_error("diff: %s", err.msg);
    free_diff(&d);
    return rc == 0 ? 0 : 1;
}
