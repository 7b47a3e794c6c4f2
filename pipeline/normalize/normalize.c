/*
 * normalize.c - stage 1 runner: exports in, normalized.tsv.gz out.
 *
 * Data path for one comment (each step in its own file):
 *   ingest/reader.c      record from CSV/TSV/JSONL (gzip, transcoding)
 *   normalize/columns.c  which fields are id, text, time, group, …
 *   normalize/clean.c    UTF-8 repair, markup, controls, width, spaces
 *   normalize/pii.c      personal data -> <PHONE>, <EMAIL>, …  (display)
 *   normalize/fold.c     NFKC, case, traditional->simplified   (match)
 *   normalize/langid.c   language tag
 *   normalize/simhash.c  fingerprint for near duplicates
 *   normalize/dedup.c    exact / near duplicate links (serial, in order)
 *
 * Concurrency: vm_pipeline_run with a serial source (reading), a
 * parallel step (the per-comment work above), a serial step (duplicate
 * links, counters, warnings), a parallel step (formatting and gzip) and a
 * serial writer, so outputs are identical for any --threads.
 *
 * Invariants: every input record ends up either in normalized.tsv.gz or
 * in rejects.tsv.gz with a reason; outputs appear under their final
 * names only when the whole run succeeded (rejects and the manifest are
 * kept even when --max-reject-rate fails the run, for diagnosis).
 */
#include "vocmine.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/json.h"
#include "common/log.h"
#include "common/manifest.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/paths.h"
#include "common/pipeline.h"
#include "common/progress.h"
#include "common/repeats.h"
#include "common/sha256.h"
#include "common/strmap.h"
#include "common/tsv.h"
#include "ingest/reader.h"
#include "ingest/timestamp.h"
#include "normalize/clean.h"
#include "normalize/columns.h"
#include "normalize/dedup.h"
#include "normalize/fold.h"
#include "normalize/langid.h"
#include "normalize/pii.h"
#include "normalize/simhash.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define BATCH_ROWS 2048
#define BATCH_BYTES (4u << 20)
#define MAX_PII_KINDS 32
#define EXCERPT_BYTES 200   /* bytes of a rejected record shown */
#define EXCERPT_SCAN 1024   /* bytes masked for personal data before the cut */
#define WARN_LIMIT 20

static const char *const lang_names[] = {"zh-Hans", "zh-Hant", "en", "ja", "ko", "mixed", "und"};
#define NLANGS 7

typedef struct span {
    uint32_t off, len;
} span;

typedef struct options {
    const char *inputs[256];
    int ninputs;
    const char *out_dir;
    vm_colspec cols;
    const char *time_format;
    const char *encoding;
    const char *format;
    const char *pii_file;
    int threads;
    size_t max_chars;
    double max_reject_rate;
    size_t dedup_window;
    int near_distance;
    size_t dup_min_chars;
} options;

typedef struct row {
    uint32_t input;
    uint64_t rownum, line;
    int rejected;
    span reason, excerpt;                /* in batch.in when rejected */
    span id, time_raw, group, channel, rating, text;
    span time, display, match, masks;    /* in batch.out */
    span dup_of, near_of;                /* in batch.links */
    int64_t epoch;
    int has_epoch;
    int lang;
    int emphasis;
    int time_bad, rating_bad;
    uint32_t repairs;
    uint64_t exact, simhash;
    int exact_ok, simhash_ok;
} row;

typedef struct counters {
    uint64_t langs[NLANGS];
    uint64_t masks[MAX_PII_KINDS];
    vm_clean_stats clean;
    uint64_t time_unparsed, rating_unparsed;
    uint64_t text_bytes;
    uint64_t reused;   /* texts taken from the memo: timing-dependent, only logged */
} counters;

typedef struct batch {
    row *rows;
    size_t n, cap;
    vm_buf in, out, links, tsv, gz, rej, rejgz;
    counters c;
    uint64_t file_bytes_done;   /* input file bytes read up to this batch's end, for progress */
} batch;

typedef struct input_info {
    const char *path;
    const char *name;       /* basename, for synthetic ids and rejects */
    char format[8];
    char sha256[65];
    int gzip;
    uint64_t bytes, raw_bytes, records, rejected, blank_lines, transcode_errors;
} input_info;

typedef struct ctx {
    const options *opt;
    vm_folder *folder;
    vm_pii_set *pii;
    char pii_sha256[65];   /* of the patterns file, for the manifest (reruns compare it) */
    input_info *inputs;
    int cur;
    vm_reader *reader;
    vm_colmap map;
    vm_dedup *dedup;
    vm_repeats *repeats;   /* raw text -> its processing (process_text) */
    vm_outfile *out, *rejects;
    counters total;
    uint64_t read, kept, duplicates, near_duplicates, rejected, synthetic_ids;
    vm_strmap *reasons;
    uint64_t *reason_counts;
    size_t reason_cap;
    int warned;
} ctx;

/* ---- batches ---- */

static batch *batch_new(void) { return vm_xcalloc(1, sizeof(batch)); }

static void batch_free(batch *b) {
    vm_buf_free(&b->in);
    vm_buf_free(&b->out);
    vm_buf_free(&b->links);
    vm_buf_free(&b->tsv);
    vm_buf_free(&b->gz);
    vm_buf_free(&b->rej);
    vm_buf_free(&b->rejgz);
    free(b->rows);
    free(b);
}

static void discard_batch(void *vctx, void *vb) {
    (void)vctx;
    batch_free(vb);
}

static span put(vm_buf *b, const char *s, size_t n) {
    span sp = {(uint32_t)b->len, (uint32_t)n};
    vm_buf_append(b, s, n);
    return sp;
}

static const char *at(const vm_buf *b, span sp) { return b->data + sp.off; }

static row *batch_add_row(batch *b) {
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->rows = vm_xrealloc(b->rows, b->cap * sizeof *b->rows);
    }
    row *r = &b->rows[b->n++];
    memset(r, 0, sizeof *r);
    return r;
}

/* ---- reading (serial source) ---- */

static const char *base_name(const char *path) {
    if (strcmp(path, "-") == 0) return "stdin";
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int open_input(ctx *c, vm_error *err) {
    const options *o = c->opt;
    input_info *in = &c->inputs[c->cur];
    vm_reader_opts ro = {.encoding = o->encoding, .format = o->format};
    c->reader = vm_reader_open(in->path, &ro, err);
    if (!c->reader) return -1;
    snprintf(in->format, sizeof in->format, "%s", vm_reader_format(c->reader));
    return vm_colmap_resolve(&o->cols, c->reader, in->path, &c->map, err);
}

static void close_input(ctx *c) {
    input_info *in = &c->inputs[c->cur];
    in->bytes = vm_reader_bytes(c->reader);
    in->raw_bytes = vm_reader_raw_bytes(c->reader);
    in->blank_lines = vm_reader_blank_lines(c->reader);
    in->transcode_errors = vm_reader_transcode_errors(c->reader);
    vm_reader_sha256(c->reader, in->sha256);
    vm_reader_close(c->reader);
    c->reader = NULL;
    c->cur++;
}

static span field(batch *b, const vm_record *rec, int col) {
    if (col < 0 || (size_t)col >= rec->nfields || !rec->present[col]) return put(&b->in, "", 0);
    return put(&b->in, rec->fields[col], rec->lens[col]);
}

/* Keeps the start of a rejected record for the rejects file; step_process
 * masks personal data in it before it is written (mask_excerpt). */
static void reject_row(batch *b, row *r, const char *reason, const char *excerpt, size_t len) {
    r->rejected = 1;
    r->reason = put(&b->in, reason, strlen(reason));
    r->excerpt = put(&b->in, excerpt, len < EXCERPT_SCAN ? len : EXCERPT_SCAN);
}

/* The same for a row whose text (in b->in, which reject_row may move)
 * is the excerpt: it points at the start of the text instead. */
static void reject_text(batch *b, row *r, const char *reason) {
    r->rejected = 1;
    r->reason = put(&b->in, reason, strlen(reason));
    r->excerpt = (span){r->text.off, r->text.len < EXCERPT_SCAN ? r->text.len : EXCERPT_SCAN};
}

static void add_record(ctx *c, batch *b, const vm_record *rec) {
    row *r = batch_add_row(b);
    r->input = (uint32_t)c->cur;
    r->rownum = rec->row;
    r->line = rec->line;
    if (rec->reject) {
        reject_row(b, r, rec->reject, rec->raw, rec->raw_len);
        return;
    }
    if (c->map.resolved_ncols != vm_reader_ncols(c->reader)) {
        vm_error ignored;
        vm_colmap_resolve(&c->opt->cols, c->reader, c->inputs[c->cur].path, &c->map, &ignored);
    }
    r->id = field(b, rec, c->map.id);
    r->time_raw = field(b, rec, c->map.time);
    r->group = field(b, rec, c->map.group);
    r->channel = field(b, rec, c->map.channel);
    r->rating = field(b, rec, c->map.rating);
    r->text.off = (uint32_t)b->in.len;
    for (size_t i = 0; i < c->map.ntext; i++) {
        int col = c->map.text[i];
        if (col < 0 || (size_t)col >= rec->nfields || !rec->present[col]) continue;
        if (b->in.len > r->text.off) vm_buf_putc(&b->in, '\n');
        vm_buf_append(&b->in, rec->fields[col], rec->lens[col]);
    }
    r->text.len = (uint32_t)(b->in.len - r->text.off);
}

/* Input file bytes read so far, over all inputs (the source's view). */
static uint64_t file_bytes_done(const ctx *c) {
    uint64_t done = c->reader ? vm_reader_raw_bytes(c->reader) : 0;
    for (int i = 0; i < c->cur; i++) done += c->inputs[i].raw_bytes;
    return done;
}

static int produce(void *vctx, void **out, vm_error *err) {
    ctx *c = vctx;
    batch *b = NULL;
    *out = NULL;
    while (c->cur < c->opt->ninputs) {
        if (!c->reader && open_input(c, err) != 0) {
            if (b) batch_free(b);
            return -1;
        }
        vm_record rec;
        int r = vm_reader_next(c->reader, &rec, err);
        if (r < 0) {
            if (b) batch_free(b);
            return -1;
        }
        if (r == 0) {
            close_input(c);
            continue;
        }
        if (!b) b = batch_new();
        add_record(c, b, &rec);
        if (b->n >= BATCH_ROWS || b->in.len >= BATCH_BYTES) break;
    }
    if (b) b->file_bytes_done = file_bytes_done(c);
    *out = b;
    return 0;
}

/* ---- per-comment work (parallel) ---- */

static void clean_stats_add(vm_clean_stats *dst, const vm_clean_stats *src) {
    dst->invalid += src->invalid;
    dst->entities += src->entities;
    dst->tags += src->tags;
    dst->controls += src->controls;
    dst->invisible += src->invisible;
}

static void clean_stats_json(vm_json *j, const vm_clean_stats *st) {
    vm_json_obj_begin(j);
    vm_json_key(j, "invalid_utf8_replaced"); vm_json_int(j, (int64_t)st->invalid);
    vm_json_key(j, "html_entities_decoded"); vm_json_int(j, (int64_t)st->entities);
    vm_json_key(j, "html_tags_stripped"); vm_json_int(j, (int64_t)st->tags);
    vm_json_key(j, "control_chars_removed"); vm_json_int(j, (int64_t)st->controls);
    vm_json_key(j, "invisible_chars_removed"); vm_json_int(j, (int64_t)st->invisible);
    vm_json_obj_end(j);
}

static size_t count_chars(const char *s, size_t n) {
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

/* count_chars(s, n) >= min, stopping as soon as it is known. */
static int has_chars(const char *s, size_t n, size_t min) {
    size_t chars = 0;
    for (size_t i = 0; i < n && chars < min; i++) chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars >= min;
}

static int lang_index(const char *lang) {
    for (int i = 0; i < NLANGS; i++)
        if (strcmp(lang, lang_names[i]) == 0) return i;
    return NLANGS - 1;
}

static int is_number(const char *s, size_t n) {
    if (n == 0) return 0;
    char tmp[64], *end;
    if (n >= sizeof tmp) return 0;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    strtod(tmp, &end);
    return *end == '\0';
}

static void put_masks(const ctx *c, batch *b, row *r, const uint32_t *counts) {
    r->masks.off = (uint32_t)b->out.len;
    size_t kinds = vm_pii_nkinds(c->pii);
    for (size_t k = 0; k < kinds && k < MAX_PII_KINDS; k++) {
        if (!counts[k]) continue;
        if (b->out.len > r->masks.off) vm_buf_putc(&b->out, ';');
        vm_buf_puts(&b->out, vm_pii_kind_name(c->pii, k));
        vm_buf_putc(&b->out, '=');
        vm_buf_put_u64(&b->out, counts[k]);
        b->c.masks[k] += counts[k];
    }
    r->masks.len = (uint32_t)(b->out.len - r->masks.off);
}

static void parse_time(const ctx *c, batch *b, row *r) {
    r->time = put(&b->out, "", 0);
    if (r->time_raw.len == 0) return;
    size_t start = b->out.len;
    if (vm_time_parse(at(&b->in, r->time_raw), r->time_raw.len, c->opt->time_format, &b->out, &r->epoch) == 0) {
        r->time = (span){(uint32_t)start, (uint32_t)(b->out.len - start)};
        r->has_epoch = 1;
    } else {
        vm_buf_truncate(&b->out, start);
        r->time_bad = 1;
        b->c.time_unparsed++;
    }
}

/* What processing a raw text gives besides its display and match texts.
 * The memo keeps it, then the PII counts of the first `kinds` kinds, then
 * the display and match bytes. */
typedef struct text_facts {
    vm_clean_stats clean;
    uint64_t exact, simhash;
    uint32_t display_len, match_len;
    int32_t emphasis, lang;
    int32_t exact_ok, simhash_ok;
} text_facts;

/* Per-thread scratch of the processing step. */
typedef struct worker {
    vm_pii_scratch *pii;
    vm_buf clean, memo;
    uint32_t counts[MAX_PII_KINDS];
} worker;

/* Cleans, masks and folds text[0, len) into display and match texts
 * appended to b->out, with their facts; returns -1 if nothing is left
 * of the text once cleaned (nothing appended then). */
static int process_text(const ctx *c, batch *b, const char *text, size_t len, worker *w, text_facts *f) {
    memset(f, 0, sizeof *f);
    vm_buf_reset(&w->clean);
    vm_clean_display(text, len, &w->clean, &f->clean);
    if (w->clean.len == 0) return -1;
    memset(w->counts, 0, sizeof w->counts);
    size_t display = b->out.len;
    vm_pii_mask(c->pii, w->pii, w->clean.data, w->clean.len, &b->out, w->counts);
    f->display_len = (uint32_t)(b->out.len - display);
    int emphasis = 0;
    vm_fold_match(c->folder, b->out.data + display, f->display_len, &b->out, &emphasis);
    f->emphasis = emphasis;
    const char *match = b->out.data + display + f->display_len;
    f->match_len = (uint32_t)(b->out.len - display - f->display_len);
    f->lang = lang_index(vm_lang_detect(c->folder, b->out.data + display, f->display_len));
    int features = 0;
    f->simhash = vm_simhash(match, f->match_len, &features);
    f->simhash_ok = features >= VM_SIMHASH_MIN_FEATURES;
    f->exact = vm_hash64(match, f->match_len, 0);
    f->exact_ok = has_chars(match, f->match_len, c->opt->dup_min_chars);
    return 0;
}

/* Keeps the facts and the two texts just appended to b->out for the key. */
static void remember_text(const ctx *c, const batch *b, vm_repeat_key *k, worker *w, const text_facts *f) {
    if (!vm_repeats_eligible(k)) return;
    size_t texts = (size_t)f->display_len + f->match_len;
    vm_buf_reset(&w->memo);
    vm_buf_append(&w->memo, f, sizeof *f);
    vm_buf_append(&w->memo, w->counts, vm_pii_nkinds(c->pii) * sizeof *w->counts);
    vm_buf_append(&w->memo, b->out.data + b->out.len - texts, texts);
    vm_repeats_put(c->repeats, k, w->memo.data, w->memo.len);
}

/* The memo's facts, counts and texts for the key (texts appended to
 * b->out); returns 0 when the memo does not hold the key. */
static int recall_text(const ctx *c, batch *b, vm_repeat_key *k, worker *w, text_facts *f) {
    vm_buf_reset(&w->memo);
    if (!vm_repeats_get(c->repeats, k, &w->memo)) return 0;
    size_t kinds = vm_pii_nkinds(c->pii) * sizeof *w->counts;
    memcpy(f, w->memo.data, sizeof *f);
    memset(w->counts, 0, sizeof w->counts);
    memcpy(w->counts, w->memo.data + sizeof *f, kinds);
    vm_buf_append(&b->out, w->memo.data + sizeof *f + kinds, w->memo.len - sizeof *f - kinds);
    b->c.reused++;
    return 1;
}

static void process_row(const ctx *c, batch *b, row *r, worker *w) {
    const char *text = at(&b->in, r->text);
    size_t chars;   /* counted only when the bytes allow too many */
    if (r->text.len > c->opt->max_chars && (chars = count_chars(text, r->text.len)) > c->opt->max_chars) {
        char reason[96];
        snprintf(reason, sizeof reason, "text longer than %zu characters (%zu)", c->opt->max_chars, chars);
        reject_text(b, r, reason);
        return;
    }
    vm_repeat_key k = {{text}, {r->text.len}, 0};
    text_facts f;
    if (!recall_text(c, b, &k, w, &f)) {
        if (process_text(c, b, text, r->text.len, w, &f) != 0) {
            reject_text(b, r, "empty text");
            return;
        }
        remember_text(c, b, &k, w, &f);
    }
    clean_stats_add(&b->c.clean, &f.clean);
    r->repairs = (uint32_t)f.clean.invalid;
    uint32_t texts = f.display_len + f.match_len;
    r->display = (span){(uint32_t)(b->out.len - texts), f.display_len};
    r->match = (span){r->display.off + f.display_len, f.match_len};
    r->emphasis = f.emphasis;
    put_masks(c, b, r, w->counts);
    r->lang = f.lang;
    b->c.langs[r->lang]++;
    r->simhash = f.simhash;
    r->simhash_ok = f.simhash_ok;
    r->exact = f.exact;
    r->exact_ok = f.exact_ok;
    parse_time(c, b, r);
    if (r->rating.len && !is_number(at(&b->in, r->rating), r->rating.len)) {
        r->rating_bad = 1;
        b->c.rating_unparsed++;
    }
    b->c.text_bytes += r->text.len;
}

/* Cuts at most EXCERPT_BYTES, never inside a UTF-8 sequence. */
static size_t excerpt_len(const char *s, size_t len) {
    if (len <= EXCERPT_BYTES) return len;
    size_t n = EXCERPT_BYTES;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n;
}

/* Replaces a rejected row's excerpt by its masked, cut form: personal
 * data never reaches the rejects file, and NUL bytes are shown as U+2400
 * so the file stays text. */
static void mask_excerpt(const ctx *c, batch *b, row *r, worker *w) {
    vm_buf *tmp = &w->clean;
    vm_buf_reset(tmp);
    vm_pii_mask(c->pii, w->pii, at(&b->in, r->excerpt), r->excerpt.len, tmp, w->counts);
    size_t n = excerpt_len(tmp->data, tmp->len);
    r->excerpt.off = (uint32_t)b->in.len;
    for (size_t i = 0; i < n; i++) {
        if (tmp->data[i]) vm_buf_putc(&b->in, tmp->data[i]);
        else vm_buf_puts(&b->in, "\xe2\x90\x80");
    }
    r->excerpt.len = (uint32_t)(b->in.len - r->excerpt.off);
}

static int step_process(void *vctx, void *vb, vm_error *err) {
    (void)err;
    const ctx *c = vctx;
    batch *b = vb;
    worker w = {.pii = vm_pii_scratch_new(c->pii)};
    vm_buf_grow(&b->out, 2 * b->in.len);   /* about what display and match texts take */
    for (size_t i = 0; i < b->n; i++) {
        row *r = &b->rows[i];
        if (!r->rejected) process_row(c, b, r, &w);
        if (r->rejected) mask_excerpt(c, b, r, &w);
    }
    vm_buf_free(&w.clean);
    vm_buf_free(&w.memo);
    vm_pii_scratch_free(w.pii);
    return 0;
}

/* ---- duplicate links and counters (serial, input order) ---- */

static void count_reason(ctx *c, const char *reason, size_t len) {
    /* Group reasons by their text with digits replaced, so "7 fields,
     * header has 6" and "5 fields, header has 6" count together. */
    char key[128];
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < sizeof key; i++) {
        char ch = reason[i];
        if (ch >= '0' && ch <= '9') {
            if (k == 0 || key[k - 1] != 'N') key[k++] = 'N';
            continue;
        }
        key[k++] = ch;
    }
    int added;
    long id = vm_strmap_intern(c->reasons, key, k, &added);
    if ((size_t)id >= c->reason_cap) {
        c->reason_cap = c->reason_cap ? c->reason_cap * 2 : 16;
        c->reason_counts = vm_xrealloc(c->reason_counts, c->reason_cap * sizeof *c->reason_counts);
    }
    if (added) c->reason_counts[id] = 0;
    c->reason_counts[id]++;
}

static void note_reject(ctx *c, const batch *b, const row *r) {
    input_info *in = &c->inputs[r->input];
    in->rejected++;
    c->rejected++;
    count_reason(c, at(&b->in, r->reason), r->reason.len);
    if (c->warned < WARN_LIMIT)
        vm_log_warn("%s: line %llu (row %llu): rejected: %.*s", in->path, (unsigned long long)r->line,
                    (unsigned long long)r->rownum, (int)r->reason.len, at(&b->in, r->reason));
    else if (c->warned == WARN_LIMIT)
        vm_log_warn("further rejected rows are listed only in rejects.tsv.gz");
    c->warned++;
}

static void add_counters(counters *dst, const counters *src) {
    for (int i = 0; i < NLANGS; i++) dst->langs[i] += src->langs[i];
    for (int i = 0; i < MAX_PII_KINDS; i++) dst->masks[i] += src->masks[i];
    clean_stats_add(&dst->clean, &src->clean);
    dst->time_unparsed += src->time_unparsed;
    dst->rating_unparsed += src->rating_unparsed;
    dst->text_bytes += src->text_bytes;
    dst->reused += src->reused;
}

/* Gives a row without an id the id "<file basename>#<row>". */
static void synthetic_id(batch *b, row *r, const char *name) {
    r->id.off = (uint32_t)b->in.len;
    vm_buf_puts(&b->in, name);
    vm_buf_putc(&b->in, '#');
    vm_buf_put_u64(&b->in, r->rownum);
    r->id.len = (uint32_t)(b->in.len - r->id.off);
}

static int step_link(void *vctx, void *vb, vm_error *err) {
    (void)err;
    ctx *c = vctx;
    batch *b = vb;
    vm_buf near = {0};   /* scratch for one row's near-duplicate link */
    for (size_t i = 0; i < b->n; i++) {
        row *r = &b->rows[i];
        c->read++;
        c->inputs[r->input].records++;
        if (r->rejected) {
            note_reject(c, b, r);
            continue;
        }
        c->kept++;
        if (r->id.len == 0) {
            c->synthetic_ids++;
            synthetic_id(b, r, c->inputs[r->input].name);
        }
        vm_dedup_item item = {r->exact, r->simhash, r->exact_ok, r->simhash_ok, at(&b->in, r->id), r->id.len};
        size_t d0 = b->links.len;
        vm_buf_reset(&near);
        vm_dedup_check(c->dedup, &item, &b->links, &near);
        r->dup_of = (span){(uint32_t)d0, (uint32_t)(b->links.len - d0)};
        r->near_of = put(&b->links, near.data ? near.data : "", near.len);
        c->duplicates += r->dup_of.len > 0;
        c->near_duplicates += r->near_of.len > 0;
    }
    vm_buf_free(&near);
    add_counters(&c->total, &b->c);
    return 0;
}

/* ---- formatting (parallel) and writing (serial) ---- */

static void tsv_field(vm_buf *out, const vm_buf *src, span sp, char sep) {
    vm_tsv_escape(out, at(src, sp), sp.len);
    vm_buf_putc(out, sep);
}

static void u64_field(vm_buf *out, uint64_t v) {
    vm_buf_put_u64(out, v);
    vm_buf_putc(out, '\t');
}

static void format_row(const ctx *c, batch *b, const row *r) {
    vm_buf *o = &b->tsv;
    const input_info *in = &c->inputs[r->input];
    tsv_field(o, &b->in, r->id, '\t');
    vm_tsv_escape(o, in->name, strlen(in->name));
    vm_buf_putc(o, '\t');
    u64_field(o, r->rownum);
    tsv_field(o, &b->out, r->time, '\t');
    if (r->has_epoch) {
        if (r->epoch < 0) vm_buf_putc(o, '-');
        vm_buf_put_u64(o, r->epoch < 0 ? -(uint64_t)r->epoch : (uint64_t)r->epoch);
    }
    vm_buf_putc(o, '\t');
    tsv_field(o, &b->in, r->group, '\t');
    tsv_field(o, &b->in, r->channel, '\t');
    if (!r->rating_bad) vm_tsv_escape(o, at(&b->in, r->rating), r->rating.len);
    vm_buf_putc(o, '\t');
    vm_buf_puts(o, lang_names[r->lang]);
    vm_buf_putc(o, '\t');
    tsv_field(o, &b->links, r->dup_of, '\t');
    tsv_field(o, &b->links, r->near_of, '\t');
    u64_field(o, (uint64_t)r->emphasis);   /* a count, never negative */
    tsv_field(o, &b->out, r->masks, '\t');
    u64_field(o, r->repairs);
    tsv_field(o, &b->out, r->display, '\t');
    tsv_field(o, &b->out, r->match, '\n');
}

static void format_reject(const ctx *c, batch *b, const row *r) {
    vm_buf *o = &b->rej;
    const char *name = c->inputs[r->input].name;
    vm_tsv_escape(o, name, strlen(name));
    vm_buf_putc(o, '\t');
    u64_field(o, r->line);
    u64_field(o, r->rownum);
    tsv_field(o, &b->in, r->reason, '\t');
    tsv_field(o, &b->in, r->excerpt, '\n');
}

static int step_format(void *vctx, void *vb, vm_error *err) {
    (void)err;
    const ctx *c = vctx;
    batch *b = vb;
    vm_buf_grow(&b->tsv, b->in.len + b->out.len + b->links.len + 64 * b->n);   /* about the rows' size */
    for (size_t i = 0; i < b->n; i++) {
        if (b->rows[i].rejected) format_reject(c, b, &b->rows[i]);
        else format_row(c, b, &b->rows[i]);
    }
    if (b->tsv.len) vm_gzip_member(b->tsv.data, b->tsv.len, VM_GZIP_LEVEL, &b->gz);
    if (b->rej.len) vm_gzip_member(b->rej.data, b->rej.len, VM_GZIP_LEVEL, &b->rejgz);
    return 0;
}

static int step_write(void *vctx, void *vb, vm_error *err) {
    ctx *c = vctx;
    batch *b = vb;
    int rc = 0;
    vm_progress_update(c->read, b->file_bytes_done);
    if (b->gz.len) rc = vm_outfile_write_member(c->out, &b->gz, b->tsv.data, b->tsv.len, err);
    if (rc == 0 && b->rejgz.len) rc = vm_outfile_write_member(c->rejects, &b->rejgz, b->rej.data, b->rej.len, err);
    batch_free(b);
    return rc;
}

/* ---- manifest ---- */

static void manifest_inputs(vm_json *j, const ctx *c) {
    vm_json_key(j, "inputs");
    vm_json_arr_begin(j);
    for (int i = 0; i < c->opt->ninputs; i++) {
        const input_info *in = &c->inputs[i];
        vm_json_obj_begin(j);
        vm_json_key(j, "path"); vm_json_str(j, in->path);
        vm_json_key(j, "format"); vm_json_str(j, in->format);
        vm_json_key(j, "bytes"); vm_json_int(j, (int64_t)in->bytes);
        vm_json_key(j, "file_bytes"); vm_json_int(j, (int64_t)in->raw_bytes);
        vm_json_key(j, "sha256"); vm_json_str(j, in->sha256);
        vm_json_key(j, "records"); vm_json_int(j, (int64_t)in->records);
        vm_json_key(j, "rejected"); vm_json_int(j, (int64_t)in->rejected);
        vm_json_key(j, "blank_lines"); vm_json_int(j, (int64_t)in->blank_lines);
        vm_json_key(j, "transcode_errors"); vm_json_int(j, (int64_t)in->transcode_errors);
        vm_json_obj_end(j);
    }
    vm_json_arr_end(j);
}

static void manifest_options(vm_json *j, const options *o, const char *pii_sha256) {
    vm_json_key(j, "options");
    vm_json_obj_begin(j);
    vm_json_key(j, "encoding"); vm_json_str(j, o->encoding ? o->encoding : "utf-8");
    vm_json_key(j, "format"); vm_json_str(j, o->format ? o->format : "auto");
    vm_json_key(j, "time_format"); if (o->time_format) vm_json_str(j, o->time_format); else vm_json_null(j);
    vm_json_key(j, "pii_patterns"); vm_json_str(j, o->pii_file);
    vm_json_key(j, "pii_patterns_sha256"); vm_json_str(j, pii_sha256);
    vm_json_key(j, "max_chars"); vm_json_int(j, (int64_t)o->max_chars);
    vm_json_key(j, "max_reject_rate"); vm_json_num(j, o->max_reject_rate, 4);
    vm_json_key(j, "dedup_window"); vm_json_int(j, (int64_t)o->dedup_window);
    vm_json_key(j, "near_duplicate_distance"); vm_json_int(j, o->near_distance);
    vm_json_key(j, "duplicate_min_chars"); vm_json_int(j, (int64_t)o->dup_min_chars);
    vm_json_obj_end(j);
}

static void manifest_counts(vm_json *j, const ctx *c) {
    vm_json_key(j, "counts");
    vm_json_obj_begin(j);
    vm_json_key(j, "rows_read"); vm_json_int(j, (int64_t)c->read);
    vm_json_key(j, "rows_kept"); vm_json_int(j, (int64_t)c->kept);
    vm_json_key(j, "duplicates"); vm_json_int(j, (int64_t)c->duplicates);
    vm_json_key(j, "near_duplicates"); vm_json_int(j, (int64_t)c->near_duplicates);
    vm_json_key(j, "rejected"); vm_json_int(j, (int64_t)c->rejected);
    vm_json_key(j, "rejected_by_reason");
    vm_json_obj_begin(j);
    for (size_t i = 0; i < vm_strmap_size(c->reasons); i++) {
        vm_json_key(j, vm_strmap_key(c->reasons, (long)i, NULL));
        vm_json_int(j, (int64_t)c->reason_counts[i]);
    }
    vm_json_obj_end(j);
    vm_json_key(j, "synthetic_ids"); vm_json_int(j, (int64_t)c->synthetic_ids);
    vm_json_key(j, "time_unparsed"); vm_json_int(j, (int64_t)c->total.time_unparsed);
    vm_json_key(j, "rating_unparsed"); vm_json_int(j, (int64_t)c->total.rating_unparsed);
    vm_json_key(j, "languages");
    vm_json_obj_begin(j);
    for (int i = 0; i < NLANGS; i++) {
        vm_json_key(j, lang_names[i]);
        vm_json_int(j, (int64_t)c->total.langs[i]);
    }
    vm_json_obj_end(j);
    vm_json_key(j, "masked");
    vm_json_obj_begin(j);
    for (size_t k = 0; k < vm_pii_nkinds(c->pii) && k < MAX_PII_KINDS; k++) {
        vm_json_key(j, vm_pii_kind_name(c->pii, k));
        vm_json_int(j, (int64_t)c->total.masks[k]);
    }
    vm_json_obj_end(j);
    vm_json_key(j, "repairs");
    clean_stats_json(j, &c->total.clean);
    vm_json_obj_end(j);
}

static int write_manifest(const ctx *c, const char *started, double seconds, const char *status,
                          vm_error *err) {
    vm_buf b = {0};
    vm_json j;
    char finished[32];
    vm_utc_now(finished);
    vm_json_init(&j, &b, 1);
    vm_json_obj_begin(&j);
    vm_json_key(&j, "status"); vm_json_str(&j, status);
    vm_json_key(&j, "started"); vm_json_str(&j, started);
    vm_json_key(&j, "finished"); vm_json_str(&j, finished);
    manifest_inputs(&j, c);
    manifest_options(&j, c->opt, c->pii_sha256);
    manifest_counts(&j, c);
    uint64_t bytes = 0;
    for (int i = 0; i < c->opt->ninputs; i++) bytes += c->inputs[i].bytes;
    vm_json_key(&j, "timing");
    vm_json_obj_begin(&j);
    vm_json_key(&j, "threads"); vm_json_int(&j, c->opt->threads);
    vm_json_key(&j, "seconds"); vm_json_num(&j, seconds, 3);
    vm_json_key(&j, "input_mb_per_s"); vm_json_num(&j, seconds > 0 ? bytes / 1e6 / seconds : 0, 1);
    vm_json_key(&j, "rows_per_s"); vm_json_num(&j, seconds > 0 ? c->read / seconds : 0, 0);
    vm_json_obj_end(&j);
    vm_json_obj_end(&j);
    vm_buf_putc(&b, '\n');
    int rc = vm_manifest_write(c->opt->out_dir, "normalize", &b, err);
    vm_buf_free(&b);
    return rc;
}

/* ---- command line ---- */

static void usage(FILE *f) {
    fprintf(f,
            "usage: vocmine normalize --input FILE [--input FILE…] --out DIR [options]\n"
            "\n"
            "Reads comment exports (CSV, TSV or JSONL; gzip or not; '-' = stdin) and writes\n"
            "DIR/normalized.tsv.gz, DIR/rejects.tsv.gz and DIR/manifest.json.\n"
            "\n"
            "columns (default: recognised header names):\n"
            "  --id COL  --text COL[,COL…]  --time COL  --group COL  --channel COL  --rating COL\n"
            "options:\n"
            "  --time-format FMT      strptime format for the time column\n"
            "  --encoding NAME        transcode input from NAME (gb18030, big5, …)\n"
            "  --format csv|tsv|jsonl override content detection\n"
            "  --pii FILE             personal-data patterns (default LEXICONS/pii.tsv)\n"
            "  --lexicons DIR         lexicon directory (for pii.tsv)\n"
            "  --max-chars N          reject texts longer than N characters (default 5000)\n"
            "  --max-reject-rate R    fail the run if more than R of the rows are rejected (default 0.05)\n"
            "  --dedup-window N       distinct comments remembered for duplicate links (default 200000)\n"
            "  --threads N            worker threads (default: all cores)\n"
            "  --quiet, --verbose\n");
}

enum {
    OPT_ID = 256, OPT_TEXT, OPT_TIME, OPT_GROUP, OPT_CHANNEL, OPT_RATING, OPT_TIME_FORMAT, OPT_ENCODING,
    OPT_FORMAT, OPT_PII, OPT_LEXICONS, OPT_MAX_CHARS, OPT_MAX_REJECT, OPT_WINDOW, OPT_THREADS, OPT_QUIET,
    OPT_VERBOSE, OPT_INPUT, OPT_OUT, OPT_HELP
};

static const struct option long_opts[] = {
    {"input", required_argument, 0, OPT_INPUT}, {"out", required_argument, 0, OPT_OUT},
    {"id", required_argument, 0, OPT_ID}, {"text", required_argument, 0, OPT_TEXT},
    {"time", required_argument, 0, OPT_TIME}, {"group", required_argument, 0, OPT_GROUP},
    {"channel", required_argument, 0, OPT_CHANNEL}, {"rating", required_argument, 0, OPT_RATING},
    {"time-format", required_argument, 0, OPT_TIME_FORMAT}, {"encoding", required_argument, 0, OPT_ENCODING},
    {"format", required_argument, 0, OPT_FORMAT}, {"pii", required_argument, 0, OPT_PII},
    {"lexicons", required_argument, 0, OPT_LEXICONS}, {"max-chars", required_argument, 0, OPT_MAX_CHARS},
    {"max-reject-rate", required_argument, 0, OPT_MAX_REJECT}, {"dedup-window", required_argument, 0, OPT_WINDOW},
    {"threads", required_argument, 0, OPT_THREADS}, {"quiet", no_argument, 0, OPT_QUIET},
    {"verbose", no_argument, 0, OPT_VERBOSE}, {"help", no_argument, 0, OPT_HELP}, {0, 0, 0, 0}};

static int parse_count(const char *s, long min, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min) return -1;
    *out = v;
    return 0;
}

/* Returns 0 to run, 1 after --help, 2 on a usage error. */
static int parse_args(int argc, char **argv, options *o, char *pii_path, size_t pii_cap) {
    const char *lexicons = vm_default_lexicons_dir();
    long n;
    double rate;
    char *end;
    vm_error err;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
        switch (ch) {
        case OPT_INPUT:
            if (o->ninputs == (int)(sizeof o->inputs / sizeof o->inputs[0])) { vm_log_error("too many --input files"); return 2; }
            o->inputs[o->ninputs++] = optarg;
            break;
        case OPT_OUT: o->out_dir = optarg; break;
        case OPT_ID: o->cols.id = optarg; break;
        case OPT_TEXT:
            if (vm_colspec_add_text(&o->cols, optarg, &err)) { vm_log_error("%s", err.msg); return 2; }
            break;
        case OPT_TIME: o->cols.time = optarg; break;
        case OPT_GROUP: o->cols.group = optarg; break;
        case OPT_CHANNEL: o->cols.channel = optarg; break;
        case OPT_RATING: o->cols.rating = optarg; break;
        case OPT_TIME_FORMAT: o->time_format = optarg; break;
        case OPT_ENCODING: o->encoding = optarg; break;
        case OPT_FORMAT: o->format = optarg; break;
        case OPT_PII: o->pii_file = optarg; break;
        case OPT_LEXICONS: lexicons = optarg; break;
        case OPT_MAX_CHARS:
            if (parse_count(optarg, 1, &n)) { vm_log_error("--max-chars needs a positive number"); return 2; }
            o->max_chars = (size_t)n;
            break;
        case OPT_MAX_REJECT:
            rate = strtod(optarg, &end);
            if (*end || rate < 0 || rate > 1) { vm_log_error("--max-reject-rate needs a number from 0 to 1"); return 2; }
            o->max_reject_rate = rate;
            break;
        case OPT_WINDOW:
            if (parse_count(optarg, 16, &n)) { vm_log_error("--dedup-window needs a number >= 16"); return 2; }
            o->dedup_window = (size_t)n;
            break;
        case OPT_THREADS:
            if (parse_count(optarg, 1, &n) || n > 256) { vm_log_error("--threads needs a number from 1 to 256"); return 2; }
            o->threads = (int)n;
            break;
        case OPT_QUIET: vm_log_level = VM_LOG_QUIET; break;
        case OPT_VERBOSE: vm_log_level = VM_LOG_VERBOSE; break;
        case OPT_HELP: usage(stdout); return 1;
        default: usage(stderr); return 2;
        }
    }
    if (optind < argc || o->ninputs == 0 || !o->out_dir) {
        usage(stderr);
        return 2;
    }
    if (!o->pii_file) {
        snprintf(pii_path, pii_cap, "%s/pii.tsv", lexicons);
        o->pii_file = pii_path;
    }
    return 0;
}

/* ---- the run ---- */

static int open_outputs(ctx *c, vm_error *err) {
    char path[4096];
    if (vm_mkdir_p(c->opt->out_dir, err) != 0) return -1;
    snprintf(path, sizeof path, "%s/normalized.tsv.gz", c->opt->out_dir);
    if (!(c->out = vm_outfile_open(path, VM_OUT_GZIP, err))) return -1;
    snprintf(path, sizeof path, "%s/rejects.tsv.gz", c->opt->out_dir);
    if (!(c->rejects = vm_outfile_open(path, VM_OUT_GZIP, err))) return -1;
    if (vm_outfile_puts(c->out, "id\tsource\trow\ttime\tepoch\tgroup\tchannel\trating\tlang\tdup_of\t"
                                "near_dup_of\temphasis\tmasks\trepairs\tdisplay\tmatch\n", err) ||
        vm_outfile_puts(c->rejects, "source\tline\trow\treason\texcerpt\n", err))
        return -1;
    return 0;
}

static int load_resources(ctx *c, vm_error *err) {
    if (!(c->folder = vm_folder_new(err))) return -1;
    if (!(c->pii = vm_pii_load(c->opt->pii_file, err))) return -1;
    if (vm_sha256_file(c->opt->pii_file, c->pii_sha256) != 0)
        return vm_fail(err, "%s: cannot read it again to hash it", c->opt->pii_file);
    return 0;
}

/* Sum of the input files' sizes (0 if one is unknown, as for stdin). */
static uint64_t input_file_bytes(const ctx *c) {
    uint64_t total = 0;
    for (int i = 0; i < c->opt->ninputs; i++) {
        struct stat st;
        if (stat(c->inputs[i].path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
        total += (uint64_t)st.st_size;
    }
    return total;
}

static int run(ctx *c, vm_error *err) {
    if (load_resources(c, err) || open_outputs(c, err)) return -1;
    static const vm_step steps[] = {
        {0, step_process}, {1, step_link}, {0, step_format}, {1, step_write}};
    vm_pipeline_spec spec = {produce, steps, 4, discard_batch, c->opt->threads, 0};
    vm_progress_begin("normalize", input_file_bytes(c));
    int rc = vm_pipeline_run(&spec, c, err);
    vm_progress_end();
    return rc;
}

static void ctx_free(ctx *c) {
    if (c->reader) vm_reader_close(c->reader);
    vm_outfile_abort(c->out);
    vm_outfile_abort(c->rejects);
    vm_dedup_free(c->dedup);
    vm_repeats_free(c->repeats);
    vm_pii_free(c->pii);
    vm_folder_free(c->folder);
    vm_strmap_free(c->reasons);
    free(c->reason_counts);
    free(c->inputs);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Commits the outputs (normalized only when the run passed) and writes
 * the manifest. Returns the exit status. */
static int finish(ctx *c, const char *started, double t0) {
    vm_error err;
    const options *o = c->opt;
    double rate = c->read ? (double)c->rejected / (double)c->read : 0;
    int too_many = rate > o->max_reject_rate;
    vm_outfile *out = c->out, *rej = c->rejects;
    c->out = c->rejects = NULL;
    if (too_many) vm_outfile_abort(out);
    if ((!too_many && vm_outfile_commit(out, &err) != 0) || vm_outfile_commit(rej, &err) != 0 ||
        write_manifest(c, started, now_seconds() - t0, too_many ? "failed" : "ok", &err) != 0) {
        vm_log_error("%s", err.msg);
        return 1;
    }
    if (too_many) {
        vm_log_error("%llu of %llu rows rejected (%.1f%%), above --max-reject-rate %.1f%%: "
                     "normalized.tsv.gz not written; see %s/rejects.tsv.gz",
                     (unsigned long long)c->rejected, (unsigned long long)c->read, 100 * rate,
                     100 * o->max_reject_rate, o->out_dir);
        return 1;
    }
    vm_log_info("normalize: %llu rows read, %llu kept, %llu duplicates, %llu near duplicates, %llu rejected "
                "(%llu repeats of an earlier text reused)",
                (unsigned long long)c->read, (unsigned long long)c->kept, (unsigned long long)c->duplicates,
                (unsigned long long)c->near_duplicates, (unsigned long long)c->rejected,
                (unsigned long long)c->total.reused);
    return 0;
}

int vm_normalize_main(int argc, char **argv) {
    options o = {.threads = vm_cpu_count(), .max_chars = 5000, .max_reject_rate = 0.05,
                 .dedup_window = 200000, .near_distance = 3, .dup_min_chars = 6};
    char pii_path[4096];
    int rc = parse_args(argc, argv, &o, pii_path, sizeof pii_path);
    if (rc) return rc == 1 ? 0 : 2;

    char started[32];
    vm_utc_now(started);
    double t0 = now_seconds();
    ctx c;
    memset(&c, 0, sizeof c);
    c.opt = &o;
    c.inputs = vm_xcalloc((size_t)o.ninputs, sizeof *c.inputs);
    for (int i = 0; i < o.ninputs; i++) {
        c.inputs[i].path = o.inputs[i];
        c.inputs[i].name = base_name(o.inputs[i]);
    }
    c.dedup = vm_dedup_new(o.dedup_window, o.near_distance);
    c.repeats = vm_repeats_new();
    c.reasons = vm_strmap_new();
    vm_error err;
    if (run(&c, &err) != 0) {
        vm_log_error("%s", err.msg);
        ctx_free(&c);
        return 1;
    }
    rc = finish(&c, started, t0);
    ctx_free(&c);
    return rc;
}
