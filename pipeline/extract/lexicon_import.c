/*
 * lexicon_import.c - `vocmine lexicon import`: public lexicon formats
 * converted into ours.
 *
 *   --format words   one term per line; every term gets --weight W
 *                    (default 1) with the sign of --polarity pos|neg
 *   --format scores  "term<TAB>score" (a term without TAB: the last
 *                    whitespace separates the score); scores are scaled
 *                    linearly so the largest |score| of the file (or
 *                    --max-score X, e.g. 5 for AFINN) becomes 2:
 *                    weight = 2 * score / max
 *   --format vader   "term<TAB>mean<TAB>sd<TAB>ratings" (VADER), mean in
 *                    [-4, 4]: weight = mean / 2
 *   --format dict    "word freq [tag]" (jieba-style dictionary) -> a
 *                    models-style vocabulary "word<TAB>freq" (the
 *                    segmenter folds words itself, so they are kept as
 *                    written)
 * Blank lines and lines starting with ';' or '#' are skipped (comment
 * headers). Sentiment terms are folded to match text (simplified Chinese,
 * lower case, NFKC, emphasis squeezed) and whitespace runs become one
 * space; weights are rounded to two decimals, and terms whose weight
 * rounds to 0 are dropped (neutral words are not listed). The first
 * definition of a folded term wins. Every line that cannot be an entry is
 * reported on stderr as FILE:LINE: reason, and counted. The output (the
 * file of --out, else standard output) starts with comment lines naming
 * the source (file name and sha256) and the conversion, so it is
 * deterministic for the same input.
 */
#include "extract/lexicon_tools.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/sha256.h"
#include "common/strmap.h"
#include "common/utf8.h"
#include "normalize/fold.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REPORTED 20

enum { F_WORDS, F_SCORES, F_VADER, F_DICT };

static const char usage[] =
    "usage: vocmine lexicon import --format words|scores|vader|dict [--polarity pos|neg] [--weight W]\n"
    "                              [--max-score X] FILE [--out FILE]\n"
    "  words: one term per line, all with weight W (default 1) of the given polarity\n"
    "  scores: term TAB score, scaled linearly so the largest |score| (or X) is 2\n"
    "  vader: term TAB mean TAB sd TAB ratings, weight = mean / 2\n"
    "  dict: word freq [tag] -> word TAB freq (a models-style vocabulary)\n";

typedef struct options {
    int format;
    int sign;           /* words: +1 / -1 */
    double weight, max_score;
    const char *in, *out;
} options;

typedef struct importer {
    options o;
    vm_folder *folder;
    vm_strmap *seen;
    vm_buf terms;       /* "term\tvalue\n" rows, in input order */
    double *scores;     /* scores format: raw scores, scaled at the end */
    size_t nterms;
    double max_abs;
    uint64_t line, skipped, duplicates, zero;
} importer;

void vm_lexicon_weight_text(vm_buf *b, double w) {
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.2f", round(w * 100) / 100 + 0.0);
    char *end = tmp + strlen(tmp);
    while (end[-1] == '0') *--end = '\0';
    if (end[-1] == '.') *--end = '\0';
    vm_buf_puts(b, strcmp(tmp, "-0") == 0 ? "0" : tmp);
}

const char *vm_lexicon_term_problem(const char *t, size_t n) {
    if (n == 0) return "empty term";
    if (vm_utf8_invalid_count(t, n)) return "not valid UTF-8";
    if (t[0] == '#') return "a term cannot start with '#' (lexicon files take such lines as comments)";
    if (t[0] == ' ' || t[n - 1] == ' ') return "spaces at the ends";
    int latin_only = 1, words = 1;
    for (size_t i = 0, adv; i < n; i += adv) {
        int32_t cp = vm_utf8_decode(t + i, n - i, &adv);
        if (cp == '\t') return "holds a TAB";
        if (cp == '\\') return "holds a backslash";
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return "holds a control character";
        if (cp == ' ') words++;
        if (cp >= 0x80) latin_only = 0;
    }
    if (latin_only && words > 4) return "more than 4 words";
    return NULL;
}

static void problem(importer *im, const char *reason) {
    if (im->skipped++ < MAX_REPORTED) vm_log_warn("%s:%llu: %s", im->o.in, (unsigned long long)im->line, reason);
}

/* Splits off the last field: at the last TAB, else the last run of spaces. */
static int split_last(char *line, char **value) {
    char *cut = strrchr(line, '\t');
    if (!cut) cut = strrchr(line, ' ');
    if (!cut) return -1;
    *value = cut + 1;
    while (cut > line && (cut[-1] == ' ' || cut[-1] == '\t')) cut--;
    *cut = '\0';
    return 0;
}

static int parse_number(const char *s, double *v) {
    char *end;
    *v = strtod(s, &end);
    while (*end == ' ') end++;
    return s != end && *end == '\0' && isfinite(*v) ? 0 : -1;
}

/* Folds a sentiment term, collapses whitespace, checks and dedups it.
 * Returns the folded text in f, or NULL (reported). */
static const char *fold_term(importer *im, const char *raw, vm_buf *f) {
    vm_buf_reset(f);
    vm_fold_match(im->folder, raw, strlen(raw), f, NULL);
    size_t w = 0;
    for (size_t i = 0; i < f->len; i++)
        if (!(f->data[i] == ' ' && (w == 0 || f->data[w - 1] == ' '))) f->data[w++] = f->data[i];
    while (w && f->data[w - 1] == ' ') w--;
    vm_buf_truncate(f, w);
    const char *why = vm_lexicon_term_problem(f->data ? f->data : "", f->len);
    if (why) return problem(im, why), NULL;
    int added = 0;
    vm_strmap_intern(im->seen, f->data, f->len, &added);
    if (!added) {
        im->duplicates++;
        return problem(im, "duplicate term after folding (the first one is kept)"), NULL;
    }
    return f->data;
}

static void add_weighted(importer *im, const char *term, double w) {
    w = round(w * 100) / 100;
    if (w > 2) w = 2;
    if (w < -2) w = -2;
    if (w == 0) {
        im->zero++;
        return;
    }
    vm_buf_printf(&im->terms, "%s\t", term);
    vm_lexicon_weight_text(&im->terms, w);
    vm_buf_putc(&im->terms, '\n');
    im->nterms++;
}

static void line_words(importer *im, char *line, vm_buf *f) {
    const char *t = fold_term(im, line, f);
    if (t) add_weighted(im, t, im->o.sign * im->o.weight);
}

static void line_scores(importer *im, char *line, vm_buf *f) {
    char *value;
    double score;
    if (split_last(line, &value) != 0 || parse_number(value, &score) != 0)
        return problem(im, "not \"term TAB score\"");
    const char *t = fold_term(im, line, f);
    if (!t) return;
    vm_buf_printf(&im->terms, "%s\n", t);
    im->scores = vm_xrealloc(im->scores, (im->nterms + 1) * sizeof *im->scores);
    im->scores[im->nterms++] = score;
    if (fabs(score) > im->max_abs) im->max_abs = fabs(score);
}

static void line_vader(importer *im, char *line, vm_buf *f) {
    char *tab = strchr(line, '\t');
    double mean;
    if (!tab) return problem(im, "not \"term TAB mean TAB sd TAB ratings\"");
    *tab = '\0';
    char *mean_end = strchr(tab + 1, '\t');
    if (mean_end) *mean_end = '\0';
    if (parse_number(tab + 1, &mean) != 0 || fabs(mean) > 4) return problem(im, "mean is not a number in [-4, 4]");
    const char *t = fold_term(im, line, f);
    if (t) add_weighted(im, t, mean / 2);
}

static void line_dict(importer *im, char *line) {
    char *sp = strpbrk(line, " \t");
    double freq = 0;
    if (sp) {
        *sp++ = '\0';
        while (*sp == ' ' || *sp == '\t') sp++;
        char *end = strpbrk(sp, " \t");
        if (end) *end = '\0';
    }
    if (!sp || parse_number(sp, &freq) != 0 || freq < 0) return problem(im, "not \"word freq [tag]\"");
    const char *why = vm_lexicon_term_problem(line, strlen(line));
    if (why) return problem(im, why);
    int added = 0;
    vm_strmap_intern(im->seen, line, strlen(line), &added);
    if (!added) return im->duplicates++, problem(im, "duplicate word (the first one is kept)");
    vm_buf_printf(&im->terms, "%s\t%.15g\n", line, freq);
    im->nterms++;
}

static int read_input(importer *im, vm_error *err, char sha[65]) {
    vm_instream *in = vm_instream_open(im->o.in, err);
    if (!in) return -1;
    vm_linereader *lr = vm_linereader_new(in);
    vm_buf line = {0}, f = {0};
    const char *l;
    size_t len;
    int r;
    while ((r = vm_linereader_next(lr, &l, &len, err)) == 1) {
        im->line++;
        if (im->line == 1 && len >= 3 && memcmp(l, "\xEF\xBB\xBF", 3) == 0) l += 3, len -= 3;
        while (len && (l[len - 1] == '\r' || l[len - 1] == ' ')) len--;
        while (len && (*l == ' ' || *l == '\t')) l++, len--;
        if (len == 0 || l[0] == ';' || l[0] == '#') continue;
        vm_buf_reset(&line);
        vm_buf_append(&line, l, len);
        switch (im->o.format) {
        case F_WORDS: line_words(im, line.data, &f); break;
        case F_SCORES: line_scores(im, line.data, &f); break;
        case F_VADER: line_vader(im, line.data, &f); break;
        default: line_dict(im, line.data); break;
        }
    }
    vm_instream_sha256(in, sha);
    vm_buf_free(&line);
    vm_buf_free(&f);
    vm_linereader_free(lr);
    vm_instream_close(in);
    return r < 0 ? -1 : 0;
}

/* scores: the rows hold terms only until the maximum is known. */
static void scale_scores(importer *im) {
    double max = im->o.max_score > 0 ? im->o.max_score : im->max_abs;
    vm_buf rows = im->terms;
    size_t n = im->nterms;
    memset(&im->terms, 0, sizeof im->terms);
    im->nterms = 0;
    char *p = rows.data;
    for (size_t i = 0; i < n; i++) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        add_weighted(im, p, max > 0 ? 2 * im->scores[i] / max : 0);
        p = nl + 1;
    }
    vm_buf_free(&rows);
}

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void write_header(const importer *im, const char *sha, vm_buf *b) {
    static const char *const names[] = {"words", "scores", "vader", "dict"};
    vm_buf_printf(b, "# imported by vocmine lexicon import --format %s from %s\n", names[im->o.format],
                  base_name(im->o.in));
    vm_buf_printf(b, "# source sha256 %s\n", sha);
    switch (im->o.format) {
    case F_WORDS:
        vm_buf_puts(b, "# weight ");
        vm_lexicon_weight_text(b, im->o.sign * im->o.weight);
        vm_buf_puts(b, " for every term\n");
        break;
    case F_SCORES:
        vm_buf_puts(b, "# weight = 2 * score / ");
        vm_lexicon_weight_text(b, im->o.max_score > 0 ? im->o.max_score : im->max_abs);
        vm_buf_puts(b, im->o.max_score > 0 ? " (--max-score)\n" : " (the largest |score| of the file)\n");
        break;
    case F_VADER: vm_buf_puts(b, "# weight = VADER mean / 2\n"); break;
    default: vm_buf_puts(b, "# word<TAB>frequency, as in models/words.tsv\n"); break;
    }
    vm_buf_printf(b, "# %zu entries; %llu lines skipped (%llu duplicates), %llu terms of weight 0 dropped\n",
                  im->nterms, (unsigned long long)im->skipped, (unsigned long long)im->duplicates,
                  (unsigned long long)im->zero);
    if (im->o.format != F_DICT) vm_buf_puts(b, "term\tweight\n");
}

static int write_output(const importer *im, const vm_buf *text, vm_error *err) {
    if (!im->o.out) {
        fwrite(text->data, 1, text->len, stdout);
        return fflush(stdout) == 0 ? 0 : vm_fail(err, "cannot write to standard output");
    }
    vm_outfile *o = vm_outfile_open(im->o.out, VM_OUT_PLAIN, err);
    if (!o) return -1;
    if (vm_outfile_write(o, text->data, text->len, err) != 0) {
        vm_outfile_abort(o);
        return -1;
    }
    return vm_outfile_commit(o, err);
}

/* 0 ok, 1 help, 2 usage error. */
static int parse_args(int argc, char **argv, options *o) {
    o->format = -1;
    o->weight = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) return fputs(usage, stdout), 1;
        if (a[0] != '-' || !a[1]) {
            if (o->in) return vm_log_error("lexicon import: one input file only"), 2;
            o->in = a;
            continue;
        }
        if (!v) return vm_log_error("lexicon import: %s needs a value", a), 2;
        i++;
        if (strcmp(a, "--format") == 0) {
            o->format = strcmp(v, "words") == 0 ? F_WORDS : strcmp(v, "scores") == 0 ? F_SCORES
                      : strcmp(v, "vader") == 0 ? F_VADER : strcmp(v, "dict") == 0    ? F_DICT
                                                                                        : -2;
        } else if (strcmp(a, "--polarity") == 0) {
            o->sign = strcmp(v, "pos") == 0 ? 1 : strcmp(v, "neg") == 0 ? -1 : 9;
        } else if (strcmp(a, "--weight") == 0) {
            if (parse_number(v, &o->weight) != 0 || !(o->weight > 0 && o->weight <= 2))
                return vm_log_error("lexicon import: --weight must be in (0, 2]"), 2;
        } else if (strcmp(a, "--max-score") == 0) {
            if (parse_number(v, &o->max_score) != 0 || !(o->max_score > 0))
                return vm_log_error("lexicon import: --max-score must be positive"), 2;
        } else if (strcmp(a, "--out") == 0) {
            o->out = v;
        } else {
            return vm_log_error("lexicon import: unknown option %s", a), fputs(usage, stderr), 2;
        }
    }
    if (o->format < 0 || !o->in) return vm_log_error("lexicon import: --format and FILE are required"), fputs(usage, stderr), 2;
    if ((o->format == F_WORDS) != (o->sign == 1 || o->sign == -1))
        return vm_log_error("lexicon import: --polarity pos|neg goes with --format words, and only with it"), 2;
    return 0;
}

int vm_lexicon_import_main(int argc, char **argv) {
    importer im;
    memset(&im, 0, sizeof im);
    int u = parse_args(argc, argv, &im.o);
    if (u) return u == 1 ? 0 : 2;
    vm_error err = {{0}};
    char sha[65] = "";
    im.seen = vm_strmap_new();
    im.folder = vm_folder_new(&err);
    int rc = im.folder ? read_input(&im, &err, sha) : -1;
    if (rc == 0 && im.o.format == F_SCORES) scale_scores(&im);
    if (rc == 0) {
        vm_buf text = {0};
        write_header(&im, sha, &text);
        vm_buf_append(&text, im.terms.data ? im.terms.data : "", im.terms.len);
        rc = write_output(&im, &text, &err);
        vm_buf_free(&text);
    }
    if (rc == 0)
        fprintf(stderr, "lexicon import: %zu entries, %llu lines skipped, %llu of weight 0 dropped\n", im.nterms,
                (unsigned long long)im.skipped, (unsigned long long)im.zero);
    else
        vm_log_error("lexicon import: %s", err.msg);
    vm_strmap_free(im.seen);
    vm_folder_free(im.folder);
    vm_buf_free(&im.terms);
    free(im.scores);
    return rc == 0 ? 0 : 1;
}
