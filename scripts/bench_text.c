/*
 * bench_text.c - speed of the stage-1 text normalizers and the PII false-
 * positive count, on the shared review sets (built and run by
 * scripts/bench_text.sh, which extracts the sets into one-comment-per-line
 * files with TSV escaping).
 *
 * Prints, per set: MB/s of vm_clean_display, vm_pii_mask and vm_fold_match
 * (input bytes over wall time, best of 3 rounds), the masks found (the
 * sets hold no real personal data, so every mask is a false positive,
 * shown with its comment), and for Chinese sets the cost of converting
 * each comment through OpenCC's t2s instead of the per-character table,
 * and how often the two disagree.
 */
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/tsv.h"
#include "common/utf8.h"
#include "normalize/clean.h"
#include "normalize/fold.h"
#include "normalize/pii.h"
#include "normalize/simhash.h"

typedef struct texts {
    char **s;
    size_t *len;
    size_t n, bytes;
} texts;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void add(texts *t, const char *s, size_t len) {
    t->s = realloc(t->s, (t->n + 1) * sizeof *t->s);
    t->len = realloc(t->len, (t->n + 1) * sizeof *t->len);
    t->s[t->n] = strndup(s, len);
    t->len[t->n++] = len;
    t->bytes += len;
}

static int load(const char *path, texts *t) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n') n--;
        add(t, line, vm_tsv_unescape(line, (size_t)n));
    }
    free(line);
    fclose(f);
    return 0;
}

enum { CLEAN, PII, FOLD, SIMHASH, OPENCC_FOLD };

typedef struct ctx {
    const vm_folder *f;
    const vm_pii_set *ps;
    vm_pii_scratch *sc;
    opencc_t cc;
    uint32_t counts[16];
} ctx;

static void run_one(ctx *c, int what, const char *s, size_t len, vm_buf *out) {
    vm_buf_reset(out);
    switch (what) {
    case CLEAN: vm_clean_display(s, len, out, NULL); break;
    case PII: vm_pii_mask(c->ps, c->sc, s, len, out, c->counts); break;
    case FOLD: vm_fold_match(c->f, s, len, out, NULL); break;
    case SIMHASH: vm_simhash(s, len, NULL); break;
    default: {
        char *conv = opencc_convert_utf8(c->cc, s, len);
        vm_fold_match(c->f, conv, strlen(conv), out, NULL);
        opencc_convert_utf8_free(conv);
    }
    }
}

/* Best MB/s of three rounds of `what` over t; the outputs of the last
 * round go to next (if non-NULL). */
static double speed(ctx *c, int what, const texts *t, texts *next) {
    vm_buf out = {0};
    double best = 0;
    for (int round = 0; round < 3; round++) {
        memset(c->counts, 0, sizeof c->counts);
        double t0 = now();
        for (size_t i = 0; i < t->n; i++) {
            run_one(c, what, t->s[i], t->len[i], &out);
            if (next && round == 2) add(next, out.data ? out.data : "", out.len);
        }
        double mbs = (double)t->bytes / 1e6 / (now() - t0);
        if (mbs > best) best = mbs;
    }
    vm_buf_free(&out);
    return best;
}

static void false_positives(ctx *c, const texts *masked) {
    size_t total = 0;
    for (size_t k = 0; k < vm_pii_nkinds(c->ps); k++) total += c->counts[k];
    printf("  masks (false positives): %zu", total);
    for (size_t k = 0; k < vm_pii_nkinds(c->ps); k++)
        if (c->counts[k]) printf(" %s=%u", vm_pii_kind_name(c->ps, k), c->counts[k]);
    printf("\n");
    int shown = 0;
    for (size_t i = 0; i < masked->n && shown < 12; i++)
        if (strchr(masked->s[i], '<') && strstr(masked->s[i], ">")) {
            for (size_t k = 0; k < vm_pii_nkinds(c->ps); k++) {
                char m[40];
                snprintf(m, sizeof m, "<%s>", vm_pii_kind_name(c->ps, k));
                if (strstr(masked->s[i], m)) {
                    printf("    %.160s\n", masked->s[i]);
                    shown++;
                    break;
                }
            }
        }
}

/* Loss of phrase-level conversion: OpenCC's t2s of each comment against
 * the per-character table, code point by code point (both folded), over
 * the comments whose length OpenCC keeps. */
static void phrase_loss(ctx *c, const texts *t) {
    size_t chars = 0, diff = 0, rows = 0;
    for (size_t i = 0; i < t->n; i++) {
        char *conv = opencc_convert_utf8(c->cc, t->s[i], t->len[i]);
        size_t p = 0, q = 0, clen = strlen(conv), row_diff = 0, adv_p, adv_q;
        while (p < t->len[i] && q < clen) {
            int32_t x = vm_utf8_decode(t->s[i] + p, t->len[i] - p, &adv_p);
            int32_t y = vm_utf8_decode(conv + q, clen - q, &adv_q);
            row_diff += vm_fold_codepoint(c->f, x) != vm_fold_codepoint(c->f, y);
            chars++;
            p += adv_p;
            q += adv_q;
        }
        diff += row_diff;
        rows += row_diff > 0;
        opencc_convert_utf8_free(conv);
    }
    printf("  table vs OpenCC phrase t2s: %zu of %zu characters fold differently (%.3f%%), in %zu of %zu comments\n",
           diff, chars, 100.0 * (double)diff / (double)(chars ? chars : 1), rows, t->n);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s PII_TSV NAME=FILE...\n", argv[0]);
        return 2;
    }
    vm_error err;
    double t0 = now();
    vm_folder *f = vm_folder_new(&err);
    if (!f) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    printf("folder tables built in %.3f s\n", now() - t0);
    vm_pii_set *ps = vm_pii_load(argv[1], &err);
    if (!ps) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    ctx c = {f, ps, vm_pii_scratch_new(ps), opencc_open("t2s.json"), {0}};
    for (int a = 2; a < argc; a++) {
        char *eq = strchr(argv[a], '=');
        if (!eq) continue;
        *eq = '\0';
        texts raw = {0}, clean = {0}, masked = {0}, folded = {0};
        if (load(eq + 1, &raw) != 0) {
            perror(eq + 1);
            return 1;
        }
        printf("%s: %zu comments, %.1f MB\n", argv[a], raw.n, (double)raw.bytes / 1e6);
        printf("  clean   %7.1f MB/s\n", speed(&c, CLEAN, &raw, &clean));
        printf("  pii     %7.1f MB/s\n", speed(&c, PII, &clean, &masked));
        false_positives(&c, &masked);
        printf("  fold    %7.1f MB/s\n", speed(&c, FOLD, &masked, &folded));
        printf("  simhash %7.1f MB/s\n", speed(&c, SIMHASH, &folded, NULL));
        if (strncmp(argv[a], "zh", 2) == 0) {
            printf("  fold with OpenCC t2s per comment %7.1f MB/s\n", speed(&c, OPENCC_FOLD, &masked, NULL));
            phrase_loss(&c, &masked);
        }
    }
    return 0;
}
