/*
 * segment_cmd.c - `vocmine segment`: shows word boundaries of raw text.
 *
 * Reads lines on standard input and writes each back with one ASCII space
 * between adjacent tokens; every byte of the input is kept, in order, so
 * deleting the added spaces gives the input back. Where the input already
 * has whitespace (a space, tab, no-break or ideographic space) between two
 * tokens, that whitespace shows the boundary and nothing is added; spaces
 * are never removed or doubled. A trailing CR stays at the end of its
 * line. Raw text is looked up through the match-text fold one code point
 * at a time (full width, case, traditional -> simplified), so "ＡＰＰ很難用"
 * finds the same words as "app很难用".
 *
 * Dictionary: the external general dictionary (--dict PATH, default
 * vm_default_general_dict(); --no-dict for none), the learned vocabulary
 * MODELS/words.tsv (--models DIR, default vm_default_models_dir()), and
 * lexicon terms (--lexicons DIR: every Chinese term of the lexicon
 * directory, loaded and checked as extract loads it; none by default).
 */
#include "extract/lexicon.h"
#include "extract/segment.h"
#include "extract/tokenize.h"
#include "common/buf.h"
#include "common/log.h"
#include "common/paths.h"
#include "normalize/fold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: vocmine segment [--dict PATH | --no-dict] [--models DIR] [--lexicons DIR] [--no-oov]\n"
    "  Reads text lines on stdin, writes them with word boundaries shown as spaces.\n"
    "  --dict PATH     general dictionary (\"word freq [tag]\" lines; default: jieba's if installed)\n"
    "  --no-dict       no general dictionary: learned vocabulary and lexicons only\n"
    "  --models DIR    models directory holding words.tsv (default: the shipped models)\n"
    "  --lexicons DIR  lexicon directory whose Chinese terms join the dictionary\n"
    "  --no-oov        leave unknown runs as single characters (no unknown-word merging)\n";

typedef struct options {
    const char *dict, *models, *lexicons;
    int no_dict, no_oov;
} options;

static int parse_args(int argc, char **argv, options *o) {
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--dict") == 0 && has_value) o->dict = argv[++i];
        else if (strcmp(a, "--no-dict") == 0) o->no_dict = 1;
        else if (strcmp(a, "--models") == 0 && has_value) o->models = argv[++i];
        else if (strcmp(a, "--lexicons") == 0 && has_value) o->lexicons = argv[++i];
        else if (strcmp(a, "--no-oov") == 0) o->no_oov = 1;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 1;
        } else {
            vm_log_error("segment: unknown or incomplete option '%s'", a);
            fputs(usage, stderr);
            return 2;
        }
    }
    if (o->dict && o->no_dict) {
        vm_log_error("segment: --dict and --no-dict exclude each other");
        return 2;
    }
    return 0;
}

/* Builds the merged dictionary; NULL on failure (message logged). */
static vm_segdict *load_dict(const options *o, const vm_folder *folder) {
    vm_cpfold fold = vm_seg_match_fold(folder);
    vm_segdict *d = vm_segdict_new(&fold);
    vm_error err;
    const char *general = o->no_dict ? NULL : o->dict ? o->dict : vm_default_general_dict();
    const char *models = o->models ? o->models : vm_default_models_dir();
    if (vm_segdict_load_standard(d, general, models, o->models != NULL, NULL, &err) != 0) goto fail;
    if (o->lexicons) {
        /* The same lexicon terms as extract's analyzer adds. */
        vm_lexicon *lx = vm_lexicon_load(o->lexicons, folder, NULL, &err);
        if (!lx) goto fail;
        vm_lexicon_add_to_segdict(lx, d);
        vm_lexicon_free(lx);
    }
    vm_segdict_freeze(d);
    return d;
fail:
    vm_log_error("segment: %s", err.msg);
    vm_segdict_free(d);
    return NULL;
}

/* Whether the bytes between two tokens already show a boundary. */
static int visible_space(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t') return 1;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) return 1;
        if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80) return 1;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] <= 0x8A) return 1;
    }
    return 0;
}

static void write_line(const char *line, size_t len, const vm_tokens *toks, vm_buf *out) {
    size_t at = 0;
    for (size_t k = 0; k < toks->n; k++) {
        const vm_token *t = &toks->v[k];
        vm_buf_append(out, line + at, t->start - at);
        if (k > 0 && !visible_space(line + at, t->start - at)) vm_buf_putc(out, ' ');
        at = t->start;
    }
    vm_buf_append(out, line + at, len - at);
    vm_buf_putc(out, '\n');
}

static int run(const options *o) {
    vm_error err;
    vm_folder *folder = vm_folder_new(&err);
    if (!folder) {
        vm_log_error("segment: %s", err.msg);
        return 1;
    }
    vm_segdict *dict = load_dict(o, folder);
    if (!dict) {
        vm_folder_free(folder);
        return 1;
    }
    vm_tokenizer *tk = vm_tokenizer_new(dict);
    vm_seg_scratch *scratch = vm_seg_scratch_new();
    vm_tokens toks = {0};
    vm_buf out = {0};
    unsigned flags = VM_SEG_FOLD | (o->no_oov ? VM_SEG_NO_OOV : 0);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    /* Plain stdin: a filter needs no gzip detection or input hashing. */
    while ((got = getline(&line, &cap, stdin)) > 0) {
        size_t len = (size_t)got - (line[got - 1] == '\n');
        vm_tokenize(tk, line, len, flags, &toks, scratch);
        write_line(line, len, &toks, &out);
        if (out.len >= 1 << 16) {
            fwrite(out.data, 1, out.len, stdout);
            vm_buf_reset(&out);
        }
    }
    if (ferror(stdin)) {
        vm_log_error("segment: standard input: read failed");
        rc = -1;
    }
    fwrite(out.data, 1, out.len, stdout);
    if (fflush(stdout) != 0) {
        vm_log_error("segment: standard output: write failed");
        rc = -1;
    }
    free(line);
    vm_buf_free(&out);
    free(toks.v);
    vm_seg_scratch_free(scratch);
    vm_tokenizer_free(tk);
    vm_segdict_free(dict);
    vm_folder_free(folder);
    return rc < 0 ? 1 : 0;
}

int vm_segment_main(int argc, char **argv) {
    options o;
    int rc = parse_args(argc, argv, &o);
    if (rc) return rc == 1 ? 0 : rc;
    return run(&o);
}
