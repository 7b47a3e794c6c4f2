/*
 * comments.c - the features pass (see comments.h).
 *
 * Pipeline (vm_pipeline_run): the source reads batches of records as
 * they are in the file (serial); a parallel step splits them into fields
 * and works out each row's topic, exemplar slot, severity, score, day and
 * complaint flag,
 * formats its comments.csv rows and compresses the batch into one gzip
 * member; a serial step tallies the rows into the run's cells in input
 * order (strmap ids, exemplars and floating-point sums depend on that
 * order), warns about malformed rows and bad values in that order too,
 * and appends the member. So the results, the warnings and the output
 * bytes do not depend on the number of threads.
 *
 * Sharing: the parallel step only reads rd's assignment and exemplar maps
 * and its topic ids, which nothing changes during the pass; only the
 * serial step writes rd; only the source touches the features file.
 *
 * Batches are reused: the serial step hands its finished batch to a
 * locked spare list and the source takes from it, so buffers keep their
 * capacity (fresh ones for every batch cost a page fault per 4 KB
 * written). At most `inflight` batches are ever made; discard frees.
 */
#include "report/comments.h"
#include "report/csv.h"
#include "report/tsvrows.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/pipeline.h"
#include "common/progress.h"
#include "common/tsv.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH_ROWS 2048
#define BATCH_BYTES (1u << 20)
#define MAX_VALUE_WARNINGS 20

/* Features columns the pass reads; the first NEED must exist, the others
 * read as "" when absent. */
enum { F_ID, F_SCORE, F_POLARITY, F_SEVERITY, F_LANG, F_ASPECTS, F_KEYWORDS, F_GROUP,
       F_CHANNEL, F_TIME, F_RATING, F_DUP, F_NEAR_DUP, F_EPOCH, F_DISPLAY, NF };
enum { NEED = F_SEVERITY + 1 };
static const char *const feat_names[NF] = {"id",      "score", "polarity", "severity", "lang",
                                           "aspects", "keywords", "group",  "channel", "time",
                                           "rating",  "dup_of", "near_dup_of", "epoch", "display"};

/* comments.csv columns and where each cell comes from. */
enum { CELL_TOPIC = NF, CELL_COMPLAINT };
static const char *const csv_columns[] = {"id",    "lang",    "polarity", "score",  "severity",
                                          "topic", "aspects", "keywords", "group",  "channel",
                                          "time",  "rating",  "duplicate_of", "near_duplicate_of",
                                          "complaint"};
static const int csv_cells[] = {F_ID,     F_LANG,    F_POLARITY, F_SCORE,  F_SEVERITY,
                                CELL_TOPIC, F_ASPECTS, F_KEYWORDS, F_GROUP, F_CHANNEL,
                                F_TIME,   F_RATING,  F_DUP,      F_NEAR_DUP, CELL_COMPLAINT};

typedef struct row {
    /* all set by the parallel step */
    uint32_t off[NF], len[NF];   /* fields in the batch's arena, each NUL-terminated */
    uint64_t line;
    size_t nfields;              /* the record's field count */
    int bad;                     /* malformed: nfields is not the header's */
    long topic;                  /* -1: unassigned */
    long exemplar;               /* slot in rd->wanted, -1: not wanted */
    int dup, complaint, sev, bad_sev, bad_score, dated;
    double score;
    char day[11];
} row;

typedef struct batch {
    vm_buf arena;                /* the records as read, then split in place */
    uint64_t first_line;         /* the file line of the first record */
    row *rows;
    size_t n, cap;
    vm_buf csv, gz;
    struct batch *next;          /* in the spare list */
} batch;

typedef struct pass {
    vm_rundata *rd;
    const char *path;
    vm_tsvfile *in;
    int col[NF];                 /* -1: absent */
    uint64_t bad_rows;           /* counted by the serial step */
    uint64_t bytes;              /* record bytes the serial step has seen, for progress */
    vm_outfile *csv;
    pthread_mutex_t spare_mu;
    batch *spare;
} pass;

static void batch_free(batch *b) {
    vm_buf_free(&b->arena);
    free(b->rows);
    vm_buf_free(&b->csv);
    vm_buf_free(&b->gz);
    free(b);
}

/* An empty batch: a spare one if there is one. */
static batch *batch_take(pass *p) {
    pthread_mutex_lock(&p->spare_mu);
    batch *b = p->spare;
    if (b) p->spare = b->next;
    pthread_mutex_unlock(&p->spare_mu);
    if (!b) return vm_xcalloc(1, sizeof *b);
    b->n = 0;
    vm_buf_reset(&b->arena);
    vm_buf_reset(&b->csv);
    vm_buf_reset(&b->gz);
    return b;
}

static void batch_give(pass *p, batch *b) {
    pthread_mutex_lock(&p->spare_mu);
    b->next = p->spare;
    p->spare = b;
    pthread_mutex_unlock(&p->spare_mu);
}

static void free_spares(pass *p) {
    while (p->spare) {
        batch *b = p->spare;
        p->spare = b->next;
        batch_free(b);
    }
}

static const char *field(const batch *b, const row *r, int f, size_t *len) {
    *len = r->len[f];
    return b->arena.data + r->off[f];
}

static int find_cols(pass *p, vm_error *err) {
    for (int f = 0; f < NF; f++) {
        p->col[f] = f < NEED ? vm_tsvfile_need(p->in, feat_names[f], err) : vm_tsvfile_col(p->in, feat_names[f]);
        if (f < NEED && p->col[f] < 0) return -1;
    }
    return 0;
}

/* ---- source: read records into a batch ---- */

static int produce(void *ctx, void **out, vm_error *err) {
    pass *p = ctx;
    batch *b = batch_take(p);
    b->first_line = vm_tsvfile_line(p->in) + 1;
    long n = vm_tsvfile_read_raw(p->in, &b->arena, BATCH_BYTES, BATCH_ROWS, err);
    if (n <= 0) {
        batch_give(p, b);
        *out = NULL;
        return n < 0 ? -1 : 0;
    }
    b->n = (size_t)n;
    if (b->n > b->cap) {
        b->cap = b->n;
        b->rows = vm_xrealloc(b->rows, b->cap * sizeof *b->rows);
    }
    *out = b;
    return 0;
}

/* ---- parallel step: per-row values, CSV rows, one gzip member ---- */

static int is_date(const char *s, size_t n) {
    if (n < 10) return 0;
    for (int i = 0; i < 10; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return 0;
    }
    return 1;
}

/* Writes the row's day into day[11]; 0 if it has none. */
static int row_day(const char *time, size_t tlen, const char *epoch, size_t elen, char day[11]) {
    if (is_date(time, tlen)) {
        memcpy(day, time, 10);
        day[10] = '\0';
        return 1;
    }
    if (elen == 0) return 0;
    char *end;
    long long e = strtoll(epoch, &end, 10);
    if (*end) return 0;
    time_t tt = (time_t)e;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return 0;
    return strftime(day, 11, "%Y-%m-%d", &tm) == 10;
}

/* Parses the score, clamped to [-1, 1]; -1 (and *v = 0) if it is bad. */
static int parse_score(const char *s, double *v) {
    char *end;
    double x = strtod(s, &end);
    if (!*s || *end || !isfinite(x)) {
        *v = 0;
        return -1;
    }
    *v = x < -1 ? -1 : x > 1 ? 1 : x;
    return 0;
}

static int is_complaint(const char *polarity, const char *aspects, int sev) {
    return strcmp(polarity, "negative") == 0 || strstr(aspects, ":negative") != NULL || sev == VM_SEV_MODERATE ||
           sev == VM_SEV_SEVERE;
}

/* Exact duplicates get a topic and exemplar slot only: they are not tallied. */
static void analyse_row(const vm_rundata *rd, const batch *b, row *r) {
    size_t idlen, n, tlen, elen;
    const char *id = field(b, r, F_ID, &idlen);
    r->topic = vm_rundata_topic_of(rd, id, idlen);
    r->exemplar = vm_strmap_find(rd->wanted, id, idlen);
    field(b, r, F_DUP, &n);
    r->dup = n > 0;
    if (r->dup) return;
    r->sev = vm_severity_level(field(b, r, F_SEVERITY, &n));
    r->bad_sev = r->sev < 0;
    if (r->bad_sev) r->sev = VM_SEV_NONE;
    r->bad_score = parse_score(field(b, r, F_SCORE, &n), &r->score) != 0;
    r->complaint = is_complaint(field(b, r, F_POLARITY, &n), field(b, r, F_ASPECTS, &n), r->sev);
    const char *time = field(b, r, F_TIME, &tlen), *epoch = field(b, r, F_EPOCH, &elen);
    r->dated = row_day(time, tlen, epoch, elen, r->day);
}

static void write_row(vm_buf *out, const vm_rundata *rd, const batch *b, const row *r) {
    for (size_t i = 0; i < sizeof csv_cells / sizeof csv_cells[0]; i++) {
        if (i) vm_buf_putc(out, ',');
        if (csv_cells[i] == CELL_TOPIC) {
            if (r->topic >= 0) vm_csv_cell_str(out, rd->topics[r->topic].id);
        } else if (csv_cells[i] == CELL_COMPLAINT) {
            vm_buf_putc(out, r->complaint ? '1' : '0');
        } else {
            size_t n;
            const char *f = field(b, r, csv_cells[i], &n);
            vm_csv_cell(out, f, n);
        }
    }
    vm_buf_append(out, "\r\n", 2);
}

/* Splits the batch's records (each ends in '\n') into rows. */
static void split_rows(const pass *p, batch *b) {
    size_t at = 0, ncols = vm_tsvfile_ncols(p->in);
    for (size_t i = 0; i < b->n; i++) {
        const char *nl = memchr(b->arena.data + at, '\n', b->arena.len - at);
        size_t len = (size_t)(nl - (b->arena.data + at));
        row *r = &b->rows[i];
        memset(r, 0, sizeof *r);
        r->line = b->first_line + i;
        r->nfields = vm_tsvfile_split_raw(p->in, b->arena.data, at, len, p->col, NF, r->off, r->len);
        r->bad = r->nfields != ncols;
        at += len + 1;
    }
}

static int format_step(void *ctx, void *batchp, vm_error *err) {
    const pass *p = ctx;
    batch *b = batchp;
    split_rows(p, b);
    for (size_t i = 0; i < b->n; i++) {
        if (b->rows[i].bad) continue;
        analyse_row(p->rd, b, &b->rows[i]);
        write_row(&b->csv, p->rd, b, &b->rows[i]);
    }
    vm_gzip_member(b->csv.data, b->csv.len, VM_GZIP_LEVEL, &b->gz);
    return 0;
}

/* ---- serial step: tally in input order, append the member ---- */

static void warn_value(vm_rundata *rd, const char *path, uint64_t line, const char *what) {
    if (++rd->bad_values <= MAX_VALUE_WARNINGS)
        vm_log_warn("%s: row %llu: %s", path, (unsigned long long)line, what);
}

/* Adds one row's tally to the whole-run cell and, if dated, the day cell. */
static void add_cells(vm_rundata *rd, int kind, uint32_t a, uint32_t b, long day, const vm_tally *one) {
    vm_tally_add(vm_rundata_cell(rd, kind, a, b, VM_ALL_DAYS), one);
    if (day >= 0) vm_tally_add(vm_rundata_cell(rd, kind, a, b, (uint32_t)day), one);
}

/* The first row of a wanted id gives its display snippet. */
static void keep_exemplar(vm_rundata *rd, long slot, const char *display, size_t dlen) {
    if (slot < 0 || rd->wanted_text[slot]) return;
    vm_buf b = {0};
    if (dlen <= VM_SNIPPET_MAX) {
        vm_buf_append(&b, display, dlen);
    } else {
        size_t cut = VM_SNIPPET_MAX;
        while (cut > 0 && ((unsigned char)display[cut] & 0xC0) == 0x80) cut--;
        vm_buf_append(&b, display, cut);
        vm_buf_puts(&b, "\xE2\x80\xA6");
    }
    rd->wanted_text[slot] = vm_buf_detach(&b);
}

static void tally_row(vm_rundata *rd, const char *path, const batch *b, const row *r) {
    if (r->bad_sev) warn_value(rd, path, r->line, "unknown severity, counted as none");
    if (r->bad_score) warn_value(rd, path, r->line, "score is not a number, counted as 0");
    size_t n, glen, clen;
    vm_tally one = {0};
    one.comments = 1;
    one.complaints = (uint64_t)r->complaint;
    one.negative = strcmp(field(b, r, F_POLARITY, &n), "negative") == 0;
    one.sev[r->sev] = 1;
    one.score_sum = r->score;
    one.neg_sum = r->score < 0 ? -r->score : 0;

    long day = r->dated ? vm_strmap_intern(rd->days, r->day, 10, NULL) : -1;
    if (day < 0) rd->undated++;
    const char *group = field(b, r, F_GROUP, &glen), *channel = field(b, r, F_CHANNEL, &clen);
    long g = glen ? vm_strmap_intern(rd->groups, group, strlen(group), NULL) : -1;
    long ch = clen ? vm_strmap_intern(rd->channels, channel, strlen(channel), NULL) : -1;

    add_cells(rd, VM_CELL_RUN, 0, 0, day, &one);
    if (g >= 0) add_cells(rd, VM_CELL_GROUP, (uint32_t)g, 0, day, &one);
    if (ch >= 0) add_cells(rd, VM_CELL_CHANNEL, (uint32_t)ch, 0, day, &one);
    if (r->topic < 0) {
        rd->unassigned_complaints += (uint64_t)r->complaint;
        return;
    }
    uint32_t t = (uint32_t)r->topic;
    add_cells(rd, VM_CELL_TOPIC, t, 0, day, &one);
    if (g >= 0) add_cells(rd, VM_CELL_TOPIC_GROUP, t, (uint32_t)g, day, &one);
    if (ch >= 0) vm_tally_add(vm_rundata_cell(rd, VM_CELL_TOPIC_CHANNEL, t, (uint32_t)ch, VM_ALL_DAYS), &one);
}

static int tally_step(void *ctx, void *batchp, vm_error *err) {
    pass *p = ctx;
    batch *b = batchp;
    vm_rundata *rd = p->rd;
    p->bytes += b->arena.len;
    vm_progress_update(rd->rows + b->n, p->bytes);
    for (size_t i = 0; i < b->n; i++) {
        const row *r = &b->rows[i];
        if (r->bad) {
            vm_error e;
            vm_tsvfile_bad_record(p->in, r->line, r->nfields, &e);
            vm_tsvrows_skip(e.msg, p->path, &p->bad_rows);
            continue;
        }
        size_t dlen;
        const char *display = field(b, r, F_DISPLAY, &dlen);
        rd->rows++;
        keep_exemplar(rd, r->exemplar, display, dlen);
        if (r->dup)
            rd->duplicates++;
        else
            tally_row(rd, p->path, b, r);
        rd->assigned += r->topic >= 0;
    }
    int rc = vm_outfile_write_member(p->csv, &b->gz, b->csv.data, b->csv.len, err);
    batch_give(p, b);
    return rc;
}

static void discard(void *ctx, void *batchp) { batch_free(batchp); }

/* ---- the pass ---- */

static int write_header(vm_outfile *csv, vm_error *err) {
    vm_buf h = {0};
    vm_csv_header(&h, csv_columns, sizeof csv_columns / sizeof csv_columns[0]);
    int rc = vm_outfile_write(csv, h.data, h.len, err);
    vm_buf_free(&h);
    return rc;
}

static void finish(vm_rundata *rd, const char *path) {
    size_t nassign = vm_strmap_size(rd->assign);
    rd->unmatched_assignments = nassign > rd->assigned ? nassign - rd->assigned : 0;
    if (rd->unmatched_assignments)
        vm_log_warn("%s: %llu assigned comment ids do not occur in the features file", path,
                    (unsigned long long)rd->unmatched_assignments);
    if (rd->bad_values > MAX_VALUE_WARNINGS)
        vm_log_warn("%s: %llu bad values in all", path, (unsigned long long)rd->bad_values);
    vm_rundata_finish(rd);
}

static int run_pipeline(pass *p, int threads, vm_error *err) {
    static const vm_step steps[] = {{0, format_step}, {1, tally_step}};
    vm_pipeline_spec spec = {produce, steps, 2, discard, threads, 0};
    pthread_mutex_init(&p->spare_mu, NULL);
    vm_progress_begin("report", 0);
    int rc = vm_pipeline_run(&spec, p, err);
    vm_progress_end();
    free_spares(p);
    pthread_mutex_destroy(&p->spare_mu);
    return rc;
}

int vm_comments_pass(vm_rundata *rd, const char *features_path, vm_outfile *csv, int threads, vm_error *err) {
    pass p = {.rd = rd, .path = features_path, .csv = csv};
    p.in = vm_tsvfile_open(features_path, err);
    if (!p.in) return -1;
    int rc = find_cols(&p, err);
    if (rc == 0) rc = write_header(csv, err);
    if (rc == 0) rc = run_pipeline(&p, threads, err);
    if (rc == 0) vm_tsvfile_sha256(p.in, rd->features_sha256);
    vm_tsvfile_close(p.in);
    rd->bad_feature_rows += p.bad_rows;
    finish(rd, features_path);
    return rc;
}
