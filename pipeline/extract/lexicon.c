/*
 * lexicon.c - loading and checking a lexicon directory (see lexicon.h).
 *
 * Files are read in a fixed order (categories first, so aspects can refer
 * to them); each line is split on TAB, its fields validated for the file's
 * kind, its term folded and merged into the one term table. Problems are
 * collected, never fatal one by one, so `lexicon check` lists them all.
 */
#include "extract/lexicon.h"
#include "extract/lexicon_tools.h"
#include "vocmine.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/paths.h"
#include "common/sha256.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "common/utf8.h"
#include "normalize/pii.h"

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    F_CATEGORIES, F_SENT_ZH, F_SENT_EN, F_EMOJI, F_NEGATORS, F_DEGREE, F_CONTRAST, F_CUES,
    F_STOP_ZH, F_STOP_EN, F_ASPECTS, F_SEVERITY, F_PII, F_COUNT
};

typedef struct filespec {
    const char *name;
    const char *header;
    int ncols;
} filespec;

static const filespec specs[F_COUNT] = {
    [F_CATEGORIES] = {"categories.tsv", "category\towner\tlabel_zh\tlabel_en", 4},
    [F_SENT_ZH] = {"sentiment.zh.tsv", "term\tweight", 2},
    [F_SENT_EN] = {"sentiment.en.tsv", "term\tweight", 2},
    [F_EMOJI] = {"emoji.tsv", "term\tweight", 2},
    [F_NEGATORS] = {"negators.tsv", "term\tlang", 2},
    [F_DEGREE] = {"degree.tsv", "term\tlang\tmultiplier", 3},
    [F_CONTRAST] = {"contrast.tsv", "term\tlang\tkind", 3},
    [F_CUES] = {"cues.tsv", "term\tlang\tkind", 3},
    [F_STOP_ZH] = {"stopwords.zh.tsv", "term", 1},
    [F_STOP_EN] = {"stopwords.en.tsv", "term", 1},
    [F_ASPECTS] = {"aspects.tsv", "category\tlang\tterm", 3},
    [F_SEVERITY] = {"severity.tsv", "term\tlang\tlevel\tcue", 4},
    [F_PII] = {"pii.tsv", "kind\tvalidator\tpattern", 3},
};

static const char *const role_names[VM_ROLE_COUNT] = {
    "sentiment", "emoji", "negator", "degree", "contrast", "stopword", "aspect", "severity", "cue",
};

struct vm_lexicon {
    char *dir;
    vm_strmap *terms;
    vm_lexterm *v;
    vm_lexsrc (*src)[VM_ROLE_COUNT];  /* by term id, parallel to v */
    size_t cap;
    char sha[F_COUNT][65];
    vm_strmap *catmap;
    vm_lexcategory *cats;
    size_t ncats;
    vm_strmap *cuemap;
};

/* Load state: the lexicon being built and the problems so far. */
typedef struct loader {
    vm_lexicon *lx;
    const vm_folder *folder;
    vm_buf *problems;
    size_t nproblems;
    vm_error first;
    vm_buf folded;
    int file;
    uint32_t line;
} loader;

static void problem(loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(loader *L, const char *fmt, ...) {
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char where[1024];
    if (L->line)
        snprintf(where, sizeof where, "%s/%s:%u: %s", L->lx->dir, specs[L->file].name, L->line, msg);
    else
        snprintf(where, sizeof where, "%s/%s: %s", L->lx->dir, specs[L->file].name, msg);
    if (L->nproblems++ == 0) vm_fail(&L->first, "%s", where);
    if (L->problems) {
        vm_buf_puts(L->problems, where);
        vm_buf_putc(L->problems, '\n');
    }
}

/* "sentiment.zh.tsv:12" for messages about an earlier definition. */
static const char *where_defined(vm_lexsrc src, char buf[128]) {
    snprintf(buf, 128, "%s:%u", specs[src.file].name, src.line);
    return buf;
}

static int parse_number(const char *s, double *out) {
    if (!*s) return -1;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

static int parse_lang(loader *L, const char *s) {
    if (strcmp(s, "zh") == 0) return VM_LANG_ZH;
    if (strcmp(s, "en") == 0) return VM_LANG_EN;
    problem(L, "unknown lang '%s' (expected zh or en)", s);
    return -1;
}

static int is_snake_case(const char *s) {
    if (!(*s >= 'a' && *s <= 'z')) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

/* A term is non-empty valid UTF-8 without leading, trailing or doubled
 * spaces (English phrases separate words with exactly one space). */
static int check_term(loader *L, const char *t) {
    size_t n = strlen(t);
    if (n == 0) return problem(L, "empty term"), -1;
    if (vm_utf8_invalid_count(t, n)) return problem(L, "term is not valid UTF-8"), -1;
    if (t[0] == ' ' || t[n - 1] == ' ' || strstr(t, "  "))
        return problem(L, "term '%s' has leading, trailing or doubled spaces", t), -1;
    return 0;
}

/* Folds the term and returns its id in the term table (new or not), or
 * -1 if it folds to nothing. */
static long intern_term(loader *L, const char *t, int lang) {
    vm_buf_reset(&L->folded);
    vm_fold_match(L->folder, t, strlen(t), &L->folded, NULL);
    if (L->folded.len == 0) return problem(L, "term '%s' folds to nothing", t), -1;
    vm_lexicon *lx = L->lx;
    int added = 0;
    long id = vm_strmap_intern(lx->terms, L->folded.data, L->folded.len, &added);
    if (added) {
        if ((size_t)id >= lx->cap) {
            lx->cap = lx->cap ? lx->cap * 2 : 1024;
            lx->v = vm_xrealloc(lx->v, lx->cap * sizeof *lx->v);
            lx->src = vm_xrealloc(lx->src, lx->cap * sizeof *lx->src);
        }
        memset(&lx->v[id], 0, sizeof lx->v[id]);
        memset(&lx->src[id], 0, sizeof lx->src[id]);
        lx->v[id].lang = (uint8_t)lang;
        lx->v[id].category = -1;
        lx->v[id].severity_cue = -1;
    }
    return id;
}

/* Claims a role for a term: NULL (with a problem) if the term already has
 * it; weighted roles (sentiment, emoji) exclude each other, and a second
 * weight of the opposite sign is reported as such. The Chinese and English
 * file of one kind may share a term ("ok" in Chinese reviews): the first
 * definition counts, unless their weights disagree in sign. */
static vm_lexterm *claim(loader *L, const char *t, int lang, int role, double weight) {
    long id = intern_term(L, t, lang);
    if (id < 0) return NULL;
    vm_lexterm *e = &L->lx->v[id];
    vm_lexsrc *src = L->lx->src[id];
    char buf[128];
    int weighted = role == VM_ROLE_SENTIMENT || role == VM_ROLE_EMOJI;
    unsigned clash = weighted ? (1u << VM_ROLE_SENTIMENT) | (1u << VM_ROLE_EMOJI) : 1u << role;
    if (e->roles & clash) {
        int other = (e->roles & (1u << role)) ? role : role == VM_ROLE_SENTIMENT ? VM_ROLE_EMOJI : VM_ROLE_SENTIMENT;
        int same_sign = !weighted || (e->weight > 0) == (weight > 0) || e->weight == 0 || weight == 0;
        if (other == role && src[role].file != L->file && same_sign) return NULL;  /* zh and en lists share it */
        if (weighted && (e->weight > 0) != (weight > 0) && e->weight != 0 && weight != 0)
            problem(L, "term '%s' is both %s (%s) and %s here", t, e->weight > 0 ? "positive" : "negative",
                    where_defined(src[other], buf), weight > 0 ? "positive" : "negative");
        else
            problem(L, "duplicate %s term '%s' (after folding; first at %s)", role_names[role], t,
                    where_defined(src[other], buf));
        return NULL;
    }
    e->roles |= 1u << role;
    src[role] = (vm_lexsrc){.file = (int16_t)L->file, .line = L->line};
    return e;
}

static void row_weighted(loader *L, char **f, int role, int lang) {
    double w;
    if (check_term(L, f[0]) != 0) return;
    if (parse_number(f[1], &w) != 0) return problem(L, "weight '%s' is not a number", f[1]);
    if (fabs(w) > VM_LEX_WEIGHT_MAX) return problem(L, "weight %s out of range [-2, 2]", f[1]);
    vm_lexterm *e = claim(L, f[0], lang, role, w);
    if (e) e->weight = (float)w;
}

static void row_negator(loader *L, char **f) {
    int lang = parse_lang(L, f[1]);
    if (check_term(L, f[0]) != 0 || lang < 0) return;
    claim(L, f[0], lang, VM_ROLE_NEGATOR, 0);
}

static void row_degree(loader *L, char **f) {
    int lang = parse_lang(L, f[1]);
    double m;
    if (check_term(L, f[0]) != 0 || lang < 0) return;
    if (parse_number(f[2], &m) != 0) return problem(L, "multiplier '%s' is not a number", f[2]);
    if (m < VM_LEX_MULT_MIN || m > VM_LEX_MULT_MAX)
        return problem(L, "multiplier %s out of range [0.2, 3.0]", f[2]);
    vm_lexterm *e = claim(L, f[0], lang, VM_ROLE_DEGREE, 0);
    if (e) e->multiplier = (float)m;
}

static void row_contrast(loader *L, char **f) {
    int lang = parse_lang(L, f[1]);
    int kind = strcmp(f[2], "but") == 0 ? VM_CONTRAST_BUT : strcmp(f[2], "although") == 0 ? VM_CONTRAST_ALTHOUGH : 0;
    if (!kind) problem(L, "unknown contrast kind '%s' (expected but or although)", f[2]);
    if (check_term(L, f[0]) != 0 || lang < 0 || !kind) return;
    vm_lexterm *e = claim(L, f[0], lang, VM_ROLE_CONTRAST, 0);
    if (e) e->contrast = (uint8_t)kind;
}

static void row_cue(loader *L, char **f) {
    int lang = parse_lang(L, f[1]);
    int kind = strcmp(f[2], "sarcasm") == 0 ? VM_CUE_SARCASM : strcmp(f[2], "rhetorical") == 0 ? VM_CUE_RHETORICAL : 0;
    if (!kind) problem(L, "unknown cue kind '%s' (expected sarcasm or rhetorical)", f[2]);
    if (check_term(L, f[0]) != 0 || lang < 0 || !kind) return;
    vm_lexterm *e = claim(L, f[0], lang, VM_ROLE_CUE, 0);
    if (e) e->cue = (uint8_t)kind;
}

static void row_stopword(loader *L, char **f, int lang) {
    if (check_term(L, f[0]) != 0) return;
    claim(L, f[0], lang, VM_ROLE_STOPWORD, 0);
}

static void row_category(loader *L, char **f) {
    vm_lexicon *lx = L->lx;
    if (!is_snake_case(f[0])) return problem(L, "category '%s' is not a snake_case id", f[0]);
    for (int i = 1; i < 4; i++)
        if (!*f[i]) return problem(L, "category '%s' has an empty %s", f[0], i == 1 ? "owner" : "label");
    int added = 0;
    long id = vm_strmap_intern(lx->catmap, f[0], strlen(f[0]), &added);
    if (!added) {
        char buf[128];
        return problem(L, "duplicate category '%s' (first at %s)", f[0], where_defined(lx->cats[id].src, buf));
    }
    lx->cats = vm_xrealloc(lx->cats, (lx->ncats + 1) * sizeof *lx->cats);
    lx->cats[lx->ncats++] = (vm_lexcategory){
        .id = vm_strmap_key(lx->catmap, id, NULL), .owner = vm_xstrdup(f[1]), .label_zh = vm_xstrdup(f[2]),
        .label_en = vm_xstrdup(f[3]), .src = {.file = (int16_t)L->file, .line = L->line}};
}

static void row_aspect(loader *L, char **f) {
    long cat = vm_strmap_find(L->lx->catmap, f[0], strlen(f[0]));
    if (cat < 0) problem(L, "unknown aspect category '%s' (not in categories.tsv)", f[0]);
    int lang = parse_lang(L, f[1]);
    if (check_term(L, f[2]) != 0 || lang < 0 || cat < 0) return;
    vm_lexterm *e = claim(L, f[2], lang, VM_ROLE_ASPECT, 0);
    if (e) e->category = (int16_t)cat;
}

static void row_severity(loader *L, char **f) {
    int lang = parse_lang(L, f[1]);
    int level = strcmp(f[2], "minor") == 0      ? VM_SEV_MINOR
                : strcmp(f[2], "moderate") == 0 ? VM_SEV_MODERATE
                : strcmp(f[2], "severe") == 0   ? VM_SEV_SEVERE
                                                : 0;
    if (!level) problem(L, "unknown severity level '%s' (expected minor, moderate or severe)", f[2]);
    if (!is_snake_case(f[3])) problem(L, "severity cue '%s' is not a snake_case id", f[3]);
    if (check_term(L, f[0]) != 0 || lang < 0 || !level || !is_snake_case(f[3])) return;
    vm_lexterm *e = claim(L, f[0], lang, VM_ROLE_SEVERITY, 0);
    if (!e) return;
    e->level = (uint8_t)level;
    e->severity_cue = (int16_t)vm_strmap_intern(L->lx->cuemap, f[3], strlen(f[3]), NULL);
}

/* pii.tsv belongs to normalize: its own loader checks it. */
static void check_pii(loader *L) {
    L->file = F_PII;
    L->line = 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", L->lx->dir, specs[F_PII].name);
    vm_error e;
    vm_pii_set *set = vm_pii_load(path, &e);
    if (!set) {
        if (L->nproblems++ == 0) L->first = e;
        if (L->problems) vm_buf_printf(L->problems, "%s\n", e.msg);
        return;
    }
    vm_pii_free(set);
    if (vm_sha256_file(path, L->lx->sha[F_PII]) != 0) problem(L, "cannot read");
}

static void dispatch_row(loader *L, char **f) {
    switch (L->file) {
    case F_CATEGORIES: row_category(L, f); break;
    case F_SENT_ZH: row_weighted(L, f, VM_ROLE_SENTIMENT, VM_LANG_ZH); break;
    case F_SENT_EN: row_weighted(L, f, VM_ROLE_SENTIMENT, VM_LANG_EN); break;
    case F_EMOJI: row_weighted(L, f, VM_ROLE_EMOJI, VM_LANG_ANY); break;
    case F_NEGATORS: row_negator(L, f); break;
    case F_DEGREE: row_degree(L, f); break;
    case F_CONTRAST: row_contrast(L, f); break;
    case F_CUES: row_cue(L, f); break;
    case F_STOP_ZH: row_stopword(L, f, VM_LANG_ZH); break;
    case F_STOP_EN: row_stopword(L, f, VM_LANG_EN); break;
    case F_ASPECTS: row_aspect(L, f); break;
    case F_SEVERITY: row_severity(L, f); break;
    }
}

/* Splits line (modified in place) on TAB; returns the field count. */
static int split_fields(char *line, char **f, int max) {
    int n = 0;
    for (char *p = line;;) {
        char *tab = strchr(p, '\t');
        if (n < max) f[n] = p;
        n++;
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* Handles one line: comment, header (the first other line) or data row. */
static void load_line(loader *L, vm_buf *row, int *seen_header) {
    if (row->len && row->data[row->len - 1] == '\r') vm_buf_truncate(row, row->len - 1);
    if (row->len == 0 || row->data[0] == '#') return;
    const filespec *fs = &specs[L->file];
    if (!*seen_header) {
        *seen_header = 1;
        if (strcmp(row->data, fs->header) != 0) problem(L, "header must be '%s'", fs->header);
        return;
    }
    char *f[4];
    int n = split_fields(row->data, f, 4);
    if (n != fs->ncols) return problem(L, "malformed line: %d field%s, expected %d", n, n == 1 ? "" : "s", fs->ncols);
    dispatch_row(L, f);
}

static void load_file(loader *L, int file) {
    L->file = file;
    L->line = 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", L->lx->dir, specs[file].name);
    vm_error e;
    vm_instream *in = vm_instream_open(path, &e);
    if (!in) return problem(L, "missing lexicon file");
    vm_linereader *lr = vm_linereader_new(in);
    vm_buf row = {0};
    int seen_header = 0, r;
    const char *line;
    size_t len;
    while ((r = vm_linereader_next(lr, &line, &len, &e)) == 1) {
        L->line++;
        vm_buf_reset(&row);
        vm_buf_append(&row, line, len);
        load_line(L, &row, &seen_header);
    }
    L->line = 0;
    if (r < 0) problem(L, "read error: %s", e.msg);
    if (!seen_header) problem(L, "no header line (expected '%s')", specs[file].header);
    vm_instream_sha256(in, L->lx->sha[file]);
    vm_buf_free(&row);
    vm_linereader_free(lr);
    vm_instream_close(in);
}

/* Every *.tsv of the directory must be one of the known files. */
static void check_unknown_files(loader *L) {
    DIR *d = opendir(L->lx->dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (de->d_name[0] == '.' || n < 4 || strcmp(de->d_name + n - 4, ".tsv") != 0) continue;
        int known = 0;
        for (int i = 0; i < F_COUNT; i++) known |= strcmp(de->d_name, specs[i].name) == 0;
        if (known) continue;
        char msg[1024];
        snprintf(msg, sizeof msg, "%s/%s: unknown lexicon file", L->lx->dir, de->d_name);
        if (L->nproblems++ == 0) vm_fail(&L->first, "%s", msg);
        if (L->problems) vm_buf_printf(L->problems, "%s\n", msg);
    }
    closedir(d);
}

vm_lexicon *vm_lexicon_load(const char *dir, const vm_folder *folder, vm_buf *problems, vm_error *err) {
    vm_lexicon *lx = vm_xcalloc(1, sizeof *lx);
    lx->dir = vm_xstrdup(dir);
    lx->terms = vm_strmap_new();
    lx->catmap = vm_strmap_new();
    lx->cuemap = vm_strmap_new();
    loader L = {.lx = lx, .folder = folder, .problems = problems};
    DIR *d = opendir(dir);
    if (!d) {
        vm_fail(err, "%s: cannot open lexicon directory", dir);
        if (problems) vm_buf_printf(problems, "%s\n", err->msg);
        vm_lexicon_free(lx);
        return NULL;
    }
    closedir(d);
    for (int f = 0; f < F_PII; f++) load_file(&L, f);
    check_pii(&L);
    check_unknown_files(&L);
    vm_buf_free(&L.folded);
    if (L.nproblems) {
        if (L.nproblems > 1)
            vm_fail(err, "%s (and %zu more problem%s: run `vocmine lexicon check %s`)", L.first.msg, L.nproblems - 1,
                    L.nproblems == 2 ? "" : "s", dir);
        else
            *err = L.first;
        vm_lexicon_free(lx);
        return NULL;
    }
    return lx;
}

void vm_lexicon_free(vm_lexicon *lx) {
    if (!lx) return;
    for (size_t i = 0; i < lx->ncats; i++) {
        free((char *)lx->cats[i].owner);
        free((char *)lx->cats[i].label_zh);
        free((char *)lx->cats[i].label_en);
    }
    free(lx->cats);
    vm_strmap_free(lx->catmap);
    vm_strmap_free(lx->cuemap);
    vm_strmap_free(lx->terms);
    free(lx->v);
    free(lx->src);
    free(lx->dir);
    free(lx);
}

size_t vm_lexicon_size(const vm_lexicon *lx) { return vm_strmap_size(lx->terms); }

long vm_lexicon_find(const vm_lexicon *lx, const char *term, size_t len) {
    return vm_strmap_find(lx->terms, term, len);
}

const vm_lexterm *vm_lexicon_term(const vm_lexicon *lx, long id) { return &lx->v[id]; }
vm_lexsrc vm_lexicon_src(const vm_lexicon *lx, long id, int role) { return lx->src[id][role]; }

const char *vm_lexicon_text(const vm_lexicon *lx, long id, size_t *len) {
    return vm_strmap_key(lx->terms, id, len);
}

int vm_lexicon_nfiles(const vm_lexicon *lx) { return F_COUNT; }
const char *vm_lexicon_file_name(const vm_lexicon *lx, int file) { return specs[file].name; }
const char *vm_lexicon_file_sha256(const vm_lexicon *lx, int file) { return lx->sha[file]; }

size_t vm_lexicon_ncategories(const vm_lexicon *lx) { return lx->ncats; }
const vm_lexcategory *vm_lexicon_category(const vm_lexicon *lx, size_t i) { return &lx->cats[i]; }

const char *vm_lexicon_cue_name(const vm_lexicon *lx, int cue) {
    return cue >= 0 ? vm_strmap_key(lx->cuemap, cue, NULL) : "";
}

const char *vm_lexicon_role_name(int role) { return role_names[role]; }

void vm_lexicon_add_to_segdict(const vm_lexicon *lx, vm_segdict *d) {
    size_t n = vm_lexicon_size(lx);
    for (size_t id = 0; id < n; id++) {
        size_t len, adv;
        const char *t = vm_lexicon_text(lx, (long)id, &len);
        for (size_t i = 0; i < len; i += adv) {
            if (vm_is_han(vm_utf8_decode(t + i, len - i, &adv))) {
                vm_segdict_add(d, t, len, 0);
                break;
            }
        }
    }
}

void vm_lexicon_add_emoticons(const vm_lexicon *lx, vm_tokenizer *t) {
    size_t n = vm_lexicon_size(lx);
    for (size_t id = 0; id < n; id++) {
        if (!(lx->v[id].roles & (1u << VM_ROLE_EMOJI))) continue;
        size_t len, adv;
        const char *s = vm_lexicon_text(lx, (long)id, &len);
        int pictographic = 0;
        for (size_t i = 0; i < len; i += adv) pictographic |= vm_is_emoji(vm_utf8_decode(s + i, len - i, &adv));
        if (!pictographic) vm_tokenizer_add_emoticon(t, s, len);
    }
}

/* `vocmine lexicon check [DIR]`: every problem of a lexicon directory,
 * exit status 1 if there is any. */
static int lexicon_check(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : NULL;
    if (argc > 2) {
        fprintf(stderr, "usage: vocmine lexicon check [DIR]\n");
        return 2;
    }
    if (!dir) dir = vm_default_lexicons_dir();
    vm_error err;
    vm_folder *folder = vm_folder_new(&err);
    if (!folder) {
        vm_log_error("%s", err.msg);
        return 1;
    }
    vm_buf problems = {0};
    vm_lexicon *lx = vm_lexicon_load(dir, folder, &problems, &err);
    int rc = 0;
    if (lx) {
        printf("%s: ok, %zu terms, %zu categories\n", dir, vm_lexicon_size(lx), vm_lexicon_ncategories(lx));
    } else {
        fputs(problems.data ? problems.data : err.msg, stderr);
        size_t n = 0;
        for (size_t i = 0; i < problems.len; i++) n += problems.data[i] == '\n';
        fprintf(stderr, "%s: %zu problem%s\n", dir, n, n == 1 ? "" : "s");
        rc = 1;
    }
    vm_lexicon_free(lx);
    vm_buf_free(&problems);
    vm_folder_free(folder);
    return rc;
}

static const struct {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *usage;
} verbs[] = {
    {"check", lexicon_check,
     "check [DIR]\n"
     "      every problem of a lexicon directory (default: the shipped lexicons) as\n"
     "      path:line: reason; exit status 1 if there is any"},
    {"learn", vm_lexicon_learn_main,
     "learn --labeled FILE --text COL --label COL [--out FILE] [--lexicons DIR] [--eval FILE] ...\n"
     "      domain sentiment weights from labelled comments (log-odds, Dirichlet prior)"},
    {"import", vm_lexicon_import_main,
     "import --format words|scores|vader|dict [--polarity pos|neg] [--weight W] FILE [--out FILE]\n"
     "      a public lexicon as a sentiment file (or a models-style words file)"},
    {"coverage", vm_lexicon_coverage_main,
     "coverage RUN_DIR [--lexicons DIR] [--top N]\n"
     "      share of comments with a sentiment hit per language; unknown terms of\n"
     "      negative comments as candidate entries"},
    {"diff", vm_lexicon_diff_main,
     "diff DIR_A DIR_B [--format table|csv]\n"
     "      added, removed and re-weighted entries per file, with line numbers"},
};

int vm_lexicon_main(int argc, char **argv) {
    size_t n = sizeof verbs / sizeof verbs[0];
    for (size_t i = 0; argc >= 2 && i < n; i++)
        if (strcmp(argv[1], verbs[i].name) == 0) return verbs[i].main(argc - 1, argv + 1);
    FILE *out = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) ? stdout : stderr;
    fprintf(out, "usage: vocmine lexicon VERB [options]   (`vocmine lexicon VERB --help` for each)\n");
    for (size_t i = 0; i < n; i++) fprintf(out, "  %s\n", verbs[i].usage);
    return out == stdout ? 0 : 2;
}
