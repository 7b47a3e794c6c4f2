/*
 * comments.c - the features pass (see comments.h).
 */
#include "report/comments.h"
#include "report/csv.h"
#include "report/tsvrows.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/tsv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CSV_FLUSH_BYTES (256 * 1024)
#define MAX_VALUE_WARNINGS 20

static const char *const csv_columns[] = {"id",    "lang",    "polarity", "score",  "severity",
                                          "topic", "aspects", "keywords", "group",  "channel",
                                          "time",  "rating",  "duplicate_of", "near_duplicate_of",
                                          "complaint"};

typedef struct feat_cols {
    int id, time, epoch, group, channel, rating, lang, dup_of, near_dup_of;
    int score, polarity, severity, aspects, keywords, display;
} feat_cols;

static const char *field(const vm_tsvfile *t, int col, size_t *len) {
    if (col < 0) {
        *len = 0;
        return "";
    }
    return vm_tsvfile_field(t, col, len);
}

static int find_cols(vm_tsvfile *t, feat_cols *c, vm_error *err) {
    c->id = vm_tsvfile_need(t, "id", err);
    if (c->id < 0) return -1;
    c->score = vm_tsvfile_need(t, "score", err);
    if (c->score < 0) return -1;
    c->polarity = vm_tsvfile_need(t, "polarity", err);
    if (c->polarity < 0) return -1;
    c->severity = vm_tsvfile_need(t, "severity", err);
    if (c->severity < 0) return -1;
    c->time = vm_tsvfile_col(t, "time");
    c->epoch = vm_tsvfile_col(t, "epoch");
    c->group = vm_tsvfile_col(t, "group");
    c->channel = vm_tsvfile_col(t, "channel");
    c->rating = vm_tsvfile_col(t, "rating");
    c->lang = vm_tsvfile_col(t, "lang");
    c->dup_of = vm_tsvfile_col(t, "dup_of");
    c->near_dup_of = vm_tsvfile_col(t, "near_dup_of");
    c->aspects = vm_tsvfile_col(t, "aspects");
    c->keywords = vm_tsvfile_col(t, "keywords");
    c->display = vm_tsvfile_col(t, "display");
    return 0;
}

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

static void warn_value(vm_rundata *rd, const char *path, uint64_t line, const char *what) {
    if (++rd->bad_values <= MAX_VALUE_WARNINGS)
        vm_log_warn("%s: row %llu: %s", path, (unsigned long long)line, what);
}

/* Parses the score; a bad one counts as 0 and is reported. */
static double parse_score(vm_rundata *rd, const char *s, const char *path, uint64_t line) {
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || !isfinite(v)) {
        warn_value(rd, path, line, "score is not a number, counted as 0");
        return 0;
    }
    return v < -1 ? -1 : v > 1 ? 1 : v;
}

static int is_complaint(const char *polarity, const char *aspects, int sev) {
    return strcmp(polarity, "negative") == 0 || strstr(aspects, ":negative") != NULL || sev == VM_SEV_MODERATE ||
           sev == VM_SEV_SEVERE;
}

static void add_to(vm_tally *s, const vm_tally *one) { vm_tally_add(s, one); }

/* Adds one row's tally to the whole-run cell and, if dated, the day cell. */
static void add_cells(vm_rundata *rd, int kind, uint32_t a, uint32_t b, long day, const vm_tally *one) {
    add_to(vm_rundata_cell(rd, kind, a, b, VM_ALL_DAYS), one);
    if (day >= 0) add_to(vm_rundata_cell(rd, kind, a, b, (uint32_t)day), one);
}

static void keep_exemplar(vm_rundata *rd, const char *id, size_t idlen, const char *display, size_t dlen) {
    long slot = vm_strmap_find(rd->wanted, id, idlen);
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

static void tally_row(vm_rundata *rd, vm_tsvfile *t, const feat_cols *c, const char *path, long topic,
                      int *complaint) {
    size_t n, glen, clen, tlen, elen;
    uint64_t line = vm_tsvfile_line(t);
    const char *sevname = field(t, c->severity, &n);
    int sev = vm_severity_level(sevname);
    if (sev < 0) {
        warn_value(rd, path, line, "unknown severity, counted as none");
        sev = VM_SEV_NONE;
    }
    double score = parse_score(rd, field(t, c->score, &n), path, line);
    const char *polarity = field(t, c->polarity, &n);
    *complaint = is_complaint(polarity, field(t, c->aspects, &n), sev);
    vm_tally one = {0};
    one.comments = 1;
    one.complaints = (uint64_t)*complaint;
    one.negative = strcmp(polarity, "negative") == 0;
    one.sev[sev] = 1;
    one.score_sum = score;
    one.neg_sum = score < 0 ? -score : 0;

    char daybuf[11];
    const char *time = field(t, c->time, &tlen), *epoch = field(t, c->epoch, &elen);
    long day = row_day(time, tlen, epoch, elen, daybuf) ? vm_strmap_intern(rd->days, daybuf, 10, NULL) : -1;
    if (day < 0) rd->undated++;
    const char *group = field(t, c->group, &glen), *channel = field(t, c->channel, &clen);
    long g = glen ? vm_strmap_intern(rd->groups, group, strlen(group), NULL) : -1;
    long ch = clen ? vm_strmap_intern(rd->channels, channel, strlen(channel), NULL) : -1;

    add_cells(rd, VM_CELL_RUN, 0, 0, day, &one);
    if (g >= 0) add_cells(rd, VM_CELL_GROUP, (uint32_t)g, 0, day, &one);
    if (ch >= 0) add_cells(rd, VM_CELL_CHANNEL, (uint32_t)ch, 0, day, &one);
    if (topic < 0) {
        rd->unassigned_complaints += (uint64_t)*complaint;
        return;
    }
    add_cells(rd, VM_CELL_TOPIC, (uint32_t)topic, 0, day, &one);
    if (g >= 0) add_cells(rd, VM_CELL_TOPIC_GROUP, (uint32_t)topic, (uint32_t)g, day, &one);
    if (ch >= 0) add_to(vm_rundata_cell(rd, VM_CELL_TOPIC_CHANNEL, (uint32_t)topic, (uint32_t)ch, VM_ALL_DAYS), &one);
}

static void write_row(vm_buf *out, const vm_rundata *rd, vm_tsvfile *t, const feat_cols *c, long topic,
                      int complaint) {
    const int cols[] = {c->id, c->lang, c->polarity, c->score, c->severity, -2, c->aspects, c->keywords,
                        c->group, c->channel, c->time, c->rating, c->dup_of, c->near_dup_of, -3};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        if (i) vm_buf_putc(out, ',');
        if (cols[i] == -2) {
            if (topic >= 0) vm_csv_cell_str(out, rd->topics[topic].id);
        } else if (cols[i] == -3) {
            vm_buf_putc(out, complaint ? '1' : '0');
        } else {
            size_t n;
            const char *f = field(t, cols[i], &n);
            vm_csv_cell(out, f, n);
        }
    }
    vm_buf_append(out, "\r\n", 2);
}

int vm_comments_pass(vm_rundata *rd, const char *features_path, vm_outfile *csv, vm_error *err) {
    vm_tsvfile *t = vm_tsvfile_open(features_path, err);
    if (!t) return -1;
    feat_cols c = {0};
    int rc = find_cols(t, &c, err);
    vm_buf out = {0};
    vm_csv_header(&out, csv_columns, sizeof csv_columns / sizeof csv_columns[0]);
    uint64_t matched = 0;
    while (rc == 0) {
        int r = vm_tsvrows_next(t, features_path, &rd->bad_feature_rows, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        rd->rows++;
        size_t idlen, duplen, dlen;
        const char *id = field(t, c.id, &idlen);
        long topic = vm_rundata_topic_of(rd, id, idlen);
        matched += topic >= 0;
        const char *display = field(t, c.display, &dlen);
        keep_exemplar(rd, id, idlen, display, dlen);
        int complaint = 0;
        field(t, c.dup_of, &duplen);
        if (duplen)
            rd->duplicates++;
        else
            tally_row(rd, t, &c, features_path, topic, &complaint);
        rd->assigned += topic >= 0;
        write_row(&out, rd, t, &c, topic, complaint);
        if (out.len >= CSV_FLUSH_BYTES) {
            rc = vm_outfile_write(csv, out.data, out.len, err);
            vm_buf_reset(&out);
        }
    }
    if (rc == 0) rc = vm_outfile_write(csv, out.data, out.len, err);
    vm_buf_free(&out);
    vm_tsvfile_close(t);
    size_t nassign = vm_strmap_size(rd->assign);
    rd->unmatched_assignments = nassign > matched ? nassign - matched : 0;
    if (rd->unmatched_assignments)
        vm_log_warn("%s: %llu assigned comment ids do not occur in the features file", features_path,
                    (unsigned long long)rd->unmatched_assignments);
    if (rd->bad_values > MAX_VALUE_WARNINGS)
        vm_log_warn("%s: %llu bad values in all", features_path, (unsigned long long)rd->bad_values);
    vm_rundata_finish(rd);
    return rc;
}
