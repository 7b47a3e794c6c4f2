/*
 * explain.c - `vocmine explain TEXT`: how stage 2 reads one comment.
 *
 * The text goes through what normalize does to a comment (clean to
 * display text, mask personal data with the lexicon directory's pii.tsv,
 * tag the language, fold to match text counting emphasis runs) and then
 * through vm_analyze_text with a trace: tokens, every lexicon hit with its
 * file and line, negation and contrast scopes, the score arithmetic,
 * aspect attributions, the severity rule that applied and the keywords.
 * Without TEXT, every line of standard input is explained in turn.
 */
#include "vocmine.h"
#include "extract/analyze.h"
#include "extract/severity.h"
#include "common/instream.h"
#include "common/log.h"
#include "normalize/clean.h"
#include "normalize/fold.h"
#include "normalize/langid.h"
#include "normalize/pii.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char usage[] =
    "usage: vocmine explain [options] [TEXT...]\n"
    "  Shows how extract reads a comment: tokens, lexicon hits (file:line), negation\n"
    "  and contrast scopes, score arithmetic, aspects, severity and keywords.\n"
    "  TEXT words are joined by spaces into one comment; without TEXT each line of\n"
    "  standard input is one comment.\n"
    "%s";

typedef struct explainer {
    const vm_analyzer *an;
    vm_pii_set *pii;
    vm_pii_scratch *pii_scratch;
    vm_analysis_scratch *scratch;
    vm_text_analysis result;
    vm_buf display, masked, match, trace, line;
} explainer;

static void explain_one(explainer *e, const char *text, size_t len) {
    vm_buf_reset(&e->display);
    vm_buf_reset(&e->masked);
    vm_buf_reset(&e->match);
    vm_buf_reset(&e->trace);
    vm_buf_reset(&e->line);
    vm_clean_display(text, len, &e->display, NULL);
    const char *display = e->display.data ? e->display.data : "";
    if (e->pii) {
        vm_pii_mask(e->pii, e->pii_scratch, display, e->display.len, &e->masked, NULL);
        display = e->masked.data ? e->masked.data : "";
    }
    size_t dlen = strlen(display);
    const char *lang = vm_lang_detect(vm_analyzer_folder(e->an), display, dlen);
    int emphasis = 0;
    vm_fold_match(vm_analyzer_folder(e->an), display, dlen, &e->match, &emphasis);
    const char *match = e->match.data ? e->match.data : "";
    e->result.trace = &e->trace;
    vm_analyze_text(e->an, e->scratch, match, e->match.len, lang, emphasis, &e->result);
    vm_aspects_format(vm_analyzer_lexicon(e->an), &e->result.aspects, &e->line);
    printf("display: %s\nmatch: %s\n%s", display, match, e->trace.data ? e->trace.data : "");
    printf("result: score %.3f, %s, severity %s, aspects %s\n\n", e->result.sentiment.score,
           vm_polarity_name(e->result.sentiment.polarity), vm_severity_name(e->result.severity),
           e->line.len ? e->line.data : "(none)");
}

static int explain_stdin(explainer *e, vm_error *err) {
    vm_instream *in = vm_instream_open("-", err);
    if (!in) return -1;
    vm_linereader *lr = vm_linereader_new(in);
    const char *line;
    size_t len;
    int r;
    while ((r = vm_linereader_next(lr, &line, &len, err)) == 1) {
        if (len && line[len - 1] == '\r') len--;
        explain_one(e, line, len);
    }
    vm_linereader_free(lr);
    vm_instream_close(in);
    return r < 0 ? -1 : 0;
}

static int load_pii(explainer *e, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/pii.tsv", vm_analyzer_lexicons_dir(e->an));
    e->pii = vm_pii_load(path, err);
    if (!e->pii) return -1;
    e->pii_scratch = vm_pii_scratch_new(e->pii);
    return 0;
}

int vm_explain_main(int argc, char **argv) {
    vm_analyzer_options ao = {0};
    int first_text = argc;
    for (int i = 1; i < argc; i++) {
        int r = vm_analyzer_option(&ao, argc, argv, &i);
        if (r == 1) continue;
        if (r < 0) {
            vm_log_error("explain: option '%s' needs a value (and --dict excludes --no-dict)", argv[i]);
            return 2;
        }
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf(usage, vm_analyzer_usage);
            return 0;
        }
        if (strcmp(argv[i], "--") == 0) {
            first_text = i + 1;
            break;
        }
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            vm_log_error("explain: unknown option '%s'", argv[i]);
            fprintf(stderr, usage, vm_analyzer_usage);
            return 2;
        }
        first_text = i;
        break;
    }
    vm_error err;
    explainer e;
    memset(&e, 0, sizeof e);
    vm_analyzer *an = vm_analyzer_new(&ao, &err);
    if (!an) {
        vm_log_error("explain: %s", err.msg);
        return 1;
    }
    e.an = an;
    e.scratch = vm_analysis_scratch_new();
    int rc = load_pii(&e, &err);
    if (rc == 0 && first_text < argc) {
        vm_buf text = {0};
        for (int i = first_text; i < argc; i++) {
            if (i > first_text) vm_buf_putc(&text, ' ');
            vm_buf_puts(&text, argv[i]);
        }
        explain_one(&e, text.data, text.len);
        vm_buf_free(&text);
    } else if (rc == 0) {
        rc = explain_stdin(&e, &err);
    }
    if (rc != 0) vm_log_error("explain: %s", err.msg);
    vm_text_analysis_free(&e.result);
    vm_analysis_scratch_free(e.scratch);
    vm_pii_scratch_free(e.pii_scratch);
    vm_pii_free(e.pii);
    vm_buf_free(&e.display);
    vm_buf_free(&e.masked);
    vm_buf_free(&e.match);
    vm_buf_free(&e.trace);
    vm_buf_free(&e.line);
    vm_analyzer_free(an);
    return rc == 0 ? 0 : 1;
}
