/*
 * extract.c - stage 2: `vocmine extract --out DIR` reads DIR/normalized.tsv.gz
 * and writes DIR/features.tsv.gz (formats in SPEC) and the manifest part.
 *
 * Pipeline (vm_pipeline_run): the source reads batches of rows (serial);
 * a parallel step analyzes them, formats their feature rows and
 * compresses the batch into one gzip member; a serial step appends the
 * members in input order and adds the batch's counts to the totals. So
 * the output bytes do not depend on --threads. Written batches are kept
 * for the source to refill (at most the pipeline's batches in flight), so
 * their buffers stop growing after the first few. Analysis scratch is
 * per thread: a worker takes one from a small locked pool for the time
 * of a batch. A text that comes again is analysed once: the memo
 * (repeats.h) keeps each short text's formatted analysis columns and the
 * verdict its counts need, and a hit writes exactly those bytes. An
 * exact duplicate (dup_of set) is analysed like any row, but its tokens
 * column is left empty: its original's match text, hence tokens, are the
 * same, and nothing reads a duplicate's tokens.
 */
#include "vocmine.h"
#include "extract/analyze.h"
#include "extract/severity.h"
#include "common/json.h"
#include "common/log.h"
#include "common/manifest.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/pipeline.h"
#include "common/progress.h"
#include "common/repeats.h"
#include "common/strmap.h"
#include "common/tsv.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>


#define BATCH_ROWS 1024
#define BATCH_BYTES (1u << 20)

/* Input columns, read by name. */
enum { C_ID, C_TIME, C_EPOCH, C_GROUP, C_CHANNEL, C_RATING, C_LANG, C_DUP, C_NEAR, C_EMPHASIS, C_DISPLAY, C_MATCH, NCOLS };
static const char *const in_cols[NCOLS] = {"id",     "time",        "epoch",    "group",    "channel", "rating",
                                           "lang",   "dup_of",      "near_dup_of", "emphasis", "display", "match"};

static const char header[] = "id\ttime\tepoch\tgroup\tchannel\trating\tlang\tdup_of\tnear_dup_of\tscore\tpolarity\t"
                             "severity\temphasis\taspects\tkeywords\ttokens\tdisplay\n";

static const char usage[] =
    "usage: vocmine extract --out DIR [options]\n"
    "  Reads DIR/normalized.tsv.gz, writes DIR/features.tsv.gz: sentiment score and\n"
    "  polarity, severity, aspects, keywords and tokens of every comment.\n"
    "  --out DIR        run directory (required)\n"
    "%s"
    "  --threads N      worker threads (default: the number of CPUs); output is identical for any N\n"
    "  --quiet          errors only\n"
    "  --verbose        progress and summary lines\n";

typedef struct counts {
    uint64_t rows, match_bytes, complaints;
    uint64_t polarity[3];   /* negative, neutral, positive */
    uint64_t severity[4];
    uint64_t *aspects;      /* [category * 3 + polarity + 1] */
} counts;

typedef struct batch {
    struct batch *next_spare; /* in run_ctx.spares */
    vm_buf arena;           /* the records as read; split in place, fields NUL-terminated */
    uint32_t (*off)[NCOLS];
    uint32_t (*len)[NCOLS];
    size_t n, cap;
    uint64_t first_line;    /* file line of the first record */
    size_t bad, bad_fields; /* first record with the wrong field count (bad = n if none) */
    counts c;
    vm_buf out, gz;
} batch;

typedef struct worker_slot {
    vm_analysis_scratch *scratch;
    vm_text_analysis an;
    vm_buf memo;
    vm_buf cells;      /* the current row's aspect count cells (uint32_t) */
    uint64_t reused;   /* rows whose analysis came from the memo */
} worker_slot;

/* What a row's counts need from its analysis, besides its aspect cells
 * (category * 3 + polarity + 1 each). In the memo a value is the
 * verdict, then the cells, then the row's formatted analysis columns. */
typedef struct verdict {
    int8_t polarity;          /* VM_POL_* */
    uint8_t severity;
    uint8_t negative_aspect;  /* some aspect is negative */
    uint32_t naspects;
} verdict;

typedef struct run_ctx {
    const vm_analyzer *an;
    size_t ncat;
    vm_tsvfile *in;
    int col[NCOLS];
    vm_outfile *out;
    pthread_mutex_t pool_mu;  /* guards free_slots and spares */
    worker_slot *slots;
    int *free_slots, nfree;
    batch *spares;            /* written batches kept for reuse: their buffers have grown already */
    counts total;
    vm_repeats *repeats;
    vm_strmap *langs;       /* language tag -> id, in order of first row */
    uint64_t *lang_rows;
    uint64_t bad_emphasis;
} run_ctx;

typedef struct options {
    const char *out;
    vm_analyzer_options an;
    int threads;
} options;

static void counts_init(counts *c, size_t ncat) {
    memset(c, 0, sizeof *c);
    c->aspects = vm_xcalloc(ncat * 3 + 1, sizeof *c->aspects);
}

static void counts_add(counts *to, const counts *from, size_t ncat) {
    to->rows += from->rows;
    to->match_bytes += from->match_bytes;
    to->complaints += from->complaints;
    for (int i = 0; i < 3; i++) to->polarity[i] += from->polarity[i];
    for (int i = 0; i < 4; i++) to->severity[i] += from->severity[i];
    for (size_t i = 0; i < ncat * 3; i++) to->aspects[i] += from->aspects[i];
}

/* A batch from the spares (emptied), or a new one. */
static batch *batch_take(run_ctx *x) {
    pthread_mutex_lock(&x->pool_mu);
    batch *b = x->spares;
    if (b) x->spares = b->next_spare;
    pthread_mutex_unlock(&x->pool_mu);
    if (!b) {
        b = vm_xcalloc(1, sizeof *b);
        counts_init(&b->c, x->ncat);
        return b;
    }
    b->n = 0;
    vm_buf_reset(&b->arena);
    vm_buf_reset(&b->out);
    vm_buf_reset(&b->gz);
    uint64_t *aspects = b->c.aspects;
    memset(&b->c, 0, sizeof b->c);
    memset(aspects, 0, (x->ncat * 3 + 1) * sizeof *aspects);
    b->c.aspects = aspects;
    return b;
}

/* Keeps a written batch for reuse. */
static void batch_give(run_ctx *x, batch *b) {
    pthread_mutex_lock(&x->pool_mu);
    b->next_spare = x->spares;
    x->spares = b;
    pthread_mutex_unlock(&x->pool_mu);
}

static void batch_free(batch *b) {
    vm_buf_free(&b->arena);
    free(b->off);
    free(b->len);
    free(b->c.aspects);
    vm_buf_free(&b->out);
    vm_buf_free(&b->gz);
    free(b);
}

static const char *field(const batch *b, size_t row, int col, size_t *len) {
    *len = b->len[row][col];
    return b->arena.data + b->off[row][col];
}

/* ---- source: read rows into a batch ---- */

/* Reads whole records; the workers split them (split_rows). */
static int produce(void *ctx, void **out, vm_error *err) {
    run_ctx *x = ctx;
    batch *b = batch_take(x);
    *out = NULL;
    b->first_line = vm_tsvfile_line(x->in) + 1;
    long n = vm_tsvfile_read_raw(x->in, &b->arena, BATCH_BYTES, BATCH_ROWS, err);
    if (n <= 0) {
        batch_give(x, b);
        return n < 0 ? -1 : 0;
    }
    b->n = (size_t)n;
    if (b->n > b->cap) {
        b->cap = b->n;
        b->off = vm_xrealloc(b->off, b->cap * sizeof *b->off);
        b->len = vm_xrealloc(b->len, b->cap * sizeof *b->len);
    }
    *out = b;
    return 0;
}

/* ---- parallel step: analyze, format, compress ---- */

static int take_slot(run_ctx *x) {
    pthread_mutex_lock(&x->pool_mu);
    int s = x->free_slots[--x->nfree];
    pthread_mutex_unlock(&x->pool_mu);
    return s;
}

static void give_slot(run_ctx *x, int s) {
    pthread_mutex_lock(&x->pool_mu);
    x->free_slots[x->nfree++] = s;
    pthread_mutex_unlock(&x->pool_mu);
}

static void put_field(vm_buf *out, const batch *b, size_t row, int col) {
    size_t len;
    const char *f = field(b, row, col, &len);
    vm_tsv_escape(out, f, len);
    vm_buf_putc(out, '\t');
}

static int parse_emphasis(const char *s, size_t len) {
    if (len == 0 || len > 6) return -1;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Appends the score as "%.3f" would. The fast way needs a multiple of
 * 0.001 in [-1, 1], which vm_sentiment_squash guarantees; anything else
 * goes to printf. */
static void put_score(vm_buf *o, double score) {
    double t = round(score * 1000);
    if (!(fabs(t) <= 1000) || t / 1000 != score) {
        vm_buf_printf(o, "%.3f", score);
        return;
    }
    unsigned k = (unsigned)fabs(t);
    char s[5] = {(char)('0' + k / 1000), '.', (char)('0' + k / 100 % 10), (char)('0' + k / 10 % 10),
                 (char)('0' + k % 10)};
    if (signbit(score)) vm_buf_putc(o, '-');
    vm_buf_append(o, s, sizeof s);
}

/* Fills v and the worker's cells from its analysis. */
static void make_verdict(worker_slot *w, verdict *v) {
    const vm_text_analysis *an = &w->an;
    memset(v, 0, sizeof *v);
    v->polarity = (int8_t)an->sentiment.polarity;
    v->severity = (uint8_t)an->severity;
    v->naspects = (uint32_t)an->aspects.n;
    vm_buf_reset(&w->cells);
    for (size_t i = 0; i < an->aspects.n; i++) {
        const vm_aspect *a = &an->aspects.v[i];
        uint32_t cell = (uint32_t)(a->category * 3 + a->polarity + 1);
        vm_buf_append(&w->cells, &cell, sizeof cell);
        v->negative_aspect |= a->polarity < 0;
    }
}

/* Analyses the row's text and appends its analysis columns (score
 * through tokens, each followed by a tab) to o. */
static void analyze_row(run_ctx *x, const batch *b, size_t row, worker_slot *w, vm_buf *o) {
    size_t mlen, elen, llen;
    const char *match = field(b, row, C_MATCH, &mlen);
    const char *emph = field(b, row, C_EMPHASIS, &elen);
    const char *lang = field(b, row, C_LANG, &llen);
    int emphasis = parse_emphasis(emph, elen);
    vm_text_analysis *an = &w->an;
    vm_analyze_text(x->an, w->scratch, match, mlen, lang, emphasis < 0 ? 0 : emphasis, an);
    put_score(o, an->sentiment.score);
    vm_buf_putc(o, '\t');
    vm_buf_puts(o, vm_polarity_name(an->sentiment.polarity));
    vm_buf_putc(o, '\t');
    vm_buf_puts(o, vm_severity_name(an->severity));
    vm_buf_putc(o, '\t');
    if (emphasis < 0) vm_buf_putc(o, '0');
    else vm_buf_append(o, emph, elen);
    vm_buf_putc(o, '\t');
    /* Category ids are snake_case (the lexicon loader checks): nothing to escape. */
    vm_aspects_format(vm_analyzer_lexicon(x->an), &an->aspects, o);
    vm_buf_putc(o, '\t');
    /* Keywords and tokens need no escaping (vm_text_analysis_tokens). */
    vm_buf_append(o, an->keywords.data ? an->keywords.data : "", an->keywords.len);
    vm_buf_putc(o, '\t');
    vm_text_analysis_tokens(an, match, o);
    vm_buf_putc(o, '\t');
}

/* Appends the row's analysis columns to o and sets v and the worker's
 * cells: from the memo if the same text was analysed before, else by
 * analysing it (and keeping the result). */
static void analysis_columns(run_ctx *x, const batch *b, size_t row, worker_slot *w, vm_buf *o, verdict *v) {
    vm_repeat_key k = {{NULL}, {0}, 0};
    k.part[0] = field(b, row, C_MATCH, &k.len[0]);
    k.part[1] = field(b, row, C_EMPHASIS, &k.len[1]);
    vm_buf_reset(&w->memo);
    if (vm_repeats_get(x->repeats, &k, &w->memo)) {
        memcpy(v, w->memo.data, sizeof *v);
        size_t cells = v->naspects * sizeof(uint32_t), at = sizeof *v + cells;
        vm_buf_reset(&w->cells);
        vm_buf_append(&w->cells, w->memo.data + sizeof *v, cells);
        vm_buf_append(o, w->memo.data + at, w->memo.len - at);
        w->reused++;
        return;
    }
    size_t at = o->len;
    analyze_row(x, b, row, w, o);
    make_verdict(w, v);
    if (!vm_repeats_eligible(&k)) return;
    vm_buf_append(&w->memo, v, sizeof *v);
    vm_buf_append(&w->memo, w->cells.data, w->cells.len);
    vm_buf_append(&w->memo, o->data + at, o->len - at);
    vm_repeats_put(x->repeats, &k, w->memo.data, w->memo.len);
}

/* Empties the tokens column at the end of o ("…\tTOKENS\t"): an exact
 * duplicate has its original's match text, hence its tokens. */
static void drop_tokens(vm_buf *o) {
    size_t start = o->len - 1;
    while (o->data[start - 1] != '\t') start--;
    vm_buf_truncate(o, start);
    vm_buf_putc(o, '\t');
}

/* Splits the batch's records (each ended by '\n') into their fields;
 * sets b->bad to the first record with the wrong field count. */
static void split_rows(const run_ctx *x, batch *b) {
    size_t at = 0, ncols = vm_tsvfile_ncols(x->in);
    b->bad = b->n;
    for (size_t i = 0; i < b->n; i++) {
        const char *nl = memchr(b->arena.data + at, '\n', b->arena.len - at);
        size_t len = (size_t)(nl - (b->arena.data + at));
        size_t got = vm_tsvfile_split_raw(x->in, b->arena.data, at, len, x->col, NCOLS, b->off[i], b->len[i]);
        if (got != ncols && b->bad == b->n) {
            b->bad = i;
            b->bad_fields = got;
        }
        at += len + 1;
    }
}

static void format_row(run_ctx *x, batch *b, size_t row, worker_slot *w) {
    vm_buf *o = &b->out;
    for (int c = C_ID; c <= C_NEAR; c++) put_field(o, b, row, c);
    verdict v;
    analysis_columns(x, b, row, w, o, &v);
    size_t len, mlen, dlen;
    field(b, row, C_DUP, &dlen);
    if (dlen) drop_tokens(o);
    const char *display = field(b, row, C_DISPLAY, &len);
    vm_tsv_escape(o, display, len);
    vm_buf_putc(o, '\n');

    field(b, row, C_MATCH, &mlen);
    counts *c = &b->c;
    c->rows++;
    c->match_bytes += mlen;
    c->polarity[v.polarity + 1]++;
    c->severity[v.severity]++;
    c->complaints += dlen == 0 && (v.polarity < 0 || v.severity >= VM_SEV_MODERATE || v.negative_aspect);
    const uint32_t *cell = (const uint32_t *)w->cells.data;
    for (size_t i = 0; i < v.naspects; i++) c->aspects[cell[i]]++;
}

static int analyze_step(void *ctx, void *batchp, vm_error *err) {
    run_ctx *x = ctx;
    batch *b = batchp;
    split_rows(x, b);
    if (b->bad < b->n) return 0;  /* the write step reports it, in input order */
    int s = take_slot(x);
    for (size_t row = 0; row < b->n; row++) format_row(x, b, row, &x->slots[s]);
    give_slot(x, s);
    vm_gzip_member(b->out.data ? b->out.data : "", b->out.len, VM_GZIP_LEVEL, &b->gz);
    return 0;
}

/* ---- serial step: write in order, count ---- */

static void count_langs(run_ctx *x, const batch *b) {
    for (size_t row = 0; row < b->n; row++) {
        size_t len, elen;
        const char *lang = field(b, row, C_LANG, &len);
        const char *emph = field(b, row, C_EMPHASIS, &elen);
        x->bad_emphasis += parse_emphasis(emph, elen) < 0;
        int added = 0;
        long id = vm_strmap_intern(x->langs, lang, len, &added);
        if (added) x->lang_rows = vm_xrealloc(x->lang_rows, vm_strmap_size(x->langs) * sizeof *x->lang_rows);
        if (added) x->lang_rows[id] = 0;
        x->lang_rows[id]++;
    }
}

static int write_step(void *ctx, void *batchp, vm_error *err) {
    run_ctx *x = ctx;
    batch *b = batchp;
    if (b->bad < b->n) {
        vm_tsvfile_bad_record(x->in, b->first_line + b->bad, b->bad_fields, err);
        batch_give(x, b);  /* the last step owns its batch, failed or not */
        return -1;
    }
    int rc = vm_outfile_write_member(x->out, &b->gz, b->out.data, b->out.len, err);
    counts_add(&x->total, &b->c, x->ncat);
    count_langs(x, b);
    vm_progress_update(x->total.rows, x->total.match_bytes);
    batch_give(x, b);
    return rc;
}

static void discard(void *ctx, void *batchp) { batch_free(batchp); }

/* ---- the manifest part ---- */

static void json_counts(vm_json *j, const char *key, const char *const *names, const uint64_t *v, int n) {
    vm_json_key(j, key);
    vm_json_obj_begin(j);
    for (int i = 0; i < n; i++) {
        vm_json_key(j, names[i]);
        vm_json_int(j, (int64_t)v[i]);
    }
    vm_json_obj_end(j);
}

static int json_dir(vm_json *j, const char *key, const char *dir, vm_error *err) {
    struct stat st;
    vm_json_key(j, key);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        vm_json_null(j);
        return 0;
    }
    return vm_manifest_dir_hashes(j, dir, err);
}

static int write_manifest(const options *o, run_ctx *x, const char *started, double seconds, uint64_t in_bytes,
                          vm_error *err) {
    static const char *const pol[] = {"negative", "neutral", "positive"};
    static const char *const sev[] = {"none", "minor", "moderate", "severe"};
    const vm_analyzer *an = x->an;
    vm_buf b = {0};
    vm_json j;
    vm_json_init(&j, &b, 1);
    vm_json_obj_begin(&j);
    char now[32];
    vm_utc_now(now);
    vm_json_key(&j, "started");
    vm_json_str(&j, started);
    vm_json_key(&j, "finished");
    vm_json_str(&j, now);
    vm_json_key(&j, "input");
    vm_json_str(&j, "normalized.tsv.gz");
    char sha[65];
    vm_tsvfile_sha256(x->in, sha);   /* the whole file's: the read went to the end */
    vm_json_key(&j, "input_file_bytes");
    vm_json_int(&j, (int64_t)vm_tsvfile_raw_bytes(x->in));
    vm_json_key(&j, "input_sha256");
    vm_json_str(&j, sha);
    vm_json_key(&j, "output");
    vm_json_str(&j, "features.tsv.gz");
    vm_json_key(&j, "options");
    vm_json_obj_begin(&j);
    vm_json_key(&j, "threads");
    vm_json_int(&j, o->threads);
    vm_json_key(&j, "lexicons");
    vm_json_str(&j, vm_analyzer_lexicons_dir(an));
    vm_json_key(&j, "models");
    vm_json_str(&j, vm_analyzer_models_dir(an));
    vm_json_key(&j, "no_dict");
    vm_json_bool(&j, o->an.no_dict);
    vm_json_obj_end(&j);
    if (json_dir(&j, "lexicon_files", vm_analyzer_lexicons_dir(an), err) != 0 ||
        json_dir(&j, "model_files", vm_analyzer_models_dir(an), err) != 0) {
        vm_buf_free(&b);
        return -1;
    }
    /* The bytes the lexicon loader read (the directory may change later). */
    const vm_lexicon *lx = vm_analyzer_lexicon(an);
    vm_json_key(&j, "lexicons_loaded");
    vm_json_obj_begin(&j);
    for (int f = 0; f < vm_lexicon_nfiles(lx); f++) {
        vm_json_key(&j, vm_lexicon_file_name(lx, f));
        vm_json_str(&j, vm_lexicon_file_sha256(lx, f));
    }
    vm_json_obj_end(&j);
    vm_json_key(&j, "dictionary");
    if (vm_analyzer_dict_path(an)) {
        vm_json_obj_begin(&j);
        vm_json_key(&j, "path");
        vm_json_str(&j, vm_analyzer_dict_path(an));
        vm_json_key(&j, "sha256");
        vm_json_str(&j, vm_analyzer_dict_sha256(an));
        vm_json_obj_end(&j);
    } else {
        vm_json_null(&j);
    }
    vm_json_key(&j, "learned_vocabulary");
    vm_json_bool(&j, vm_analyzer_has_vocabulary(an));
    vm_json_key(&j, "segmentation_words");
    vm_json_int(&j, (int64_t)vm_analyzer_dict_words(an));
    vm_json_key(&j, "rows_in");
    vm_json_int(&j, (int64_t)x->total.rows);
    vm_json_key(&j, "rows_out");
    vm_json_int(&j, (int64_t)x->total.rows);
    vm_json_key(&j, "bad_emphasis");
    vm_json_int(&j, (int64_t)x->bad_emphasis);
    vm_json_key(&j, "complaints");
    vm_json_int(&j, (int64_t)x->total.complaints);
    json_counts(&j, "polarity", pol, x->total.polarity, 3);
    json_counts(&j, "severity", sev, x->total.severity, 4);
    vm_json_key(&j, "lang");
    vm_json_obj_begin(&j);
    for (size_t i = 0; i < vm_strmap_size(x->langs); i++) {
        vm_json_key(&j, vm_strmap_key(x->langs, (long)i, NULL));
        vm_json_int(&j, (int64_t)x->lang_rows[i]);
    }
    vm_json_obj_end(&j);
    vm_json_key(&j, "aspects");
    vm_json_obj_begin(&j);
    for (size_t c = 0; c < x->ncat; c++) json_counts(&j, vm_lexicon_category(lx, c)->id, pol, &x->total.aspects[c * 3], 3);
    vm_json_obj_end(&j);
    vm_json_key(&j, "input_bytes");
    vm_json_int(&j, (int64_t)in_bytes);
    vm_json_key(&j, "match_bytes");
    vm_json_int(&j, (int64_t)x->total.match_bytes);
    vm_json_key(&j, "seconds");
    vm_json_num(&j, seconds, 3);
    vm_json_key(&j, "match_mb_per_s");
    vm_json_num(&j, seconds > 0 ? x->total.match_bytes / 1e6 / seconds : 0, 2);
    vm_json_key(&j, "rows_per_s");
    vm_json_num(&j, seconds > 0 ? x->total.rows / seconds : 0, 1);
    vm_json_obj_end(&j);
    vm_buf_putc(&b, '\n');
    int rc = vm_manifest_write(o->out, "extract", &b, err);
    vm_buf_free(&b);
    return rc;
}

/* ---- the run ---- */

static int parse_args(int argc, char **argv, options *o) {
    memset(o, 0, sizeof *o);
    o->threads = vm_cpu_count();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = vm_analyzer_option(&o->an, argc, argv, &i);
        if (r == 1) continue;
        if (r < 0) {
            vm_log_error("extract: option '%s' needs a value (and --dict excludes --no-dict)", a);
            return 2;
        }
        if (strcmp(a, "--out") == 0 && i + 1 < argc) o->out = argv[++i];
        else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 256) {
                vm_log_error("extract: --threads needs a number from 1 to 256, not '%s'", argv[i]);
                return 2;
            }
            o->threads = (int)n;
        } else if (strcmp(a, "--quiet") == 0) vm_log_level = VM_LOG_QUIET;
        else if (strcmp(a, "--verbose") == 0) vm_log_level = VM_LOG_VERBOSE;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            printf(usage, vm_analyzer_usage);
            return 1;
        } else {
            vm_log_error("extract: unknown or incomplete option '%s'", a);
            fprintf(stderr, usage, vm_analyzer_usage);
            return 2;
        }
    }
    if (!o->out) {
        vm_log_error("extract: --out DIR is required");
        fprintf(stderr, usage, vm_analyzer_usage);
        return 2;
    }
    return 0;
}

static int open_input(run_ctx *x, const char *dir, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/normalized.tsv.gz", dir);
    x->in = vm_tsvfile_open(path, err);
    if (!x->in) return -1;
    for (int c = 0; c < NCOLS; c++)
        if ((x->col[c] = vm_tsvfile_need(x->in, in_cols[c], err)) < 0) return -1;
    return 0;
}

static void init_pool(run_ctx *x, int threads) {
    pthread_mutex_init(&x->pool_mu, NULL);
    x->slots = vm_xcalloc((size_t)threads, sizeof *x->slots);
    x->free_slots = vm_xcalloc((size_t)threads, sizeof *x->free_slots);
    for (int i = 0; i < threads; i++) {
        x->slots[i].scratch = vm_analysis_scratch_new();
        x->free_slots[x->nfree++] = i;
    }
    x->repeats = vm_repeats_new();
}

static void free_ctx(run_ctx *x, int threads) {
    for (int i = 0; x->slots && i < threads; i++) {
        vm_analysis_scratch_free(x->slots[i].scratch);
        vm_text_analysis_free(&x->slots[i].an);
        vm_buf_free(&x->slots[i].memo);
        vm_buf_free(&x->slots[i].cells);
    }
    vm_repeats_free(x->repeats);
    while (x->spares) {
        batch *b = x->spares;
        x->spares = b->next_spare;
        batch_free(b);
    }
    free(x->slots);
    free(x->free_slots);
    if (x->slots) pthread_mutex_destroy(&x->pool_mu);
    free(x->total.aspects);
    free(x->lang_rows);
    vm_strmap_free(x->langs);
    vm_tsvfile_close(x->in);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int run(const options *o, const vm_analyzer *an, vm_error *err) {
    char started[32];
    vm_utc_now(started);
    double t0 = now_seconds();
    run_ctx x;
    memset(&x, 0, sizeof x);
    x.an = an;
    x.ncat = vm_lexicon_ncategories(vm_analyzer_lexicon(an));
    x.langs = vm_strmap_new();
    counts_init(&x.total, x.ncat);
    int rc = open_input(&x, o->out, err);
    char path[4096];
    snprintf(path, sizeof path, "%s/features.tsv.gz", o->out);
    if (rc == 0) {
        x.out = vm_outfile_open(path, VM_OUT_GZIP, err);
        rc = x.out ? 0 : -1;
    }
    if (rc == 0) {
        vm_buf h = {0};
        vm_gzip_member(header, sizeof header - 1, VM_GZIP_LEVEL, &h);
        rc = vm_outfile_write_member(x.out, &h, header, sizeof header - 1, err);
        vm_buf_free(&h);
    }
    if (rc == 0) {
        init_pool(&x, o->threads);
        static const vm_step steps[] = {{0, analyze_step}, {1, write_step}};
        vm_pipeline_spec spec = {produce, steps, 2, discard, o->threads, 0};
        vm_progress_begin("extract", 0);
        rc = vm_pipeline_run(&spec, &x, err);
        vm_progress_end();
    }
    if (rc == 0) {
        rc = vm_outfile_commit(x.out, err);
        x.out = NULL;
    }
    if (x.out) vm_outfile_abort(x.out);
    double seconds = now_seconds() - t0;
    if (rc == 0) rc = write_manifest(o, &x, started, seconds, vm_tsvfile_bytes(x.in), err);
    if (rc == 0) {
        uint64_t reused = 0;   /* depends on timing, so it is logged, not in the manifest */
        for (int i = 0; x.slots && i < o->threads; i++) reused += x.slots[i].reused;
        vm_log_info("extract: %llu rows (%llu repeats of an earlier text reused), %llu negative, %llu complaints, %.2f s, "
                    "%.2f MB/s of match text",
                    (unsigned long long)x.total.rows, (unsigned long long)reused,
                    (unsigned long long)x.total.polarity[0], (unsigned long long)x.total.complaints, seconds,
                    seconds > 0 ? x.total.match_bytes / 1e6 / seconds : 0);
    }
    free_ctx(&x, o->threads);
    return rc;
}

int vm_extract_main(int argc, char **argv) {
    options o;
    int rc = parse_args(argc, argv, &o);
    if (rc) return rc == 1 ? 0 : rc;
    vm_error err;
    vm_analyzer *an = vm_analyzer_new(&o.an, &err);
    if (!an) {
        vm_log_error("extract: %s", err.msg);
        return 1;
    }
    rc = run(&o, an, &err);
    if (rc != 0) vm_log_error("extract: %s", err.msg);
    vm_analyzer_free(an);
    return rc == 0 ? 0 : 1;
}
