/*
 * words_cmd.c - `vocmine words learn`: the command line of wordlearn.h.
 *
 *   vocmine words learn --input FILE... [--min-count N] [--min-pmi X]
 *       [--min-pmi-long X] [--min-entropy X] [--min-gain X] [--max-len N] [--max-words N]
 *       [--max-ngrams N] --out PATH
 *
 * --input takes one or more files (plain or gzip, one comment per line)
 * up to the next option, and may be repeated.
 */
#include "extract/wordlearn.h"
#include "common/log.h"
#include "common/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: vocmine words learn --input FILE... [--min-count N] [--min-pmi X] [--min-pmi-long X]\n"
    "                           [--min-entropy X] [--min-gain X] [--max-len N] [--max-words N] [--max-ngrams N] [--verbose]\n"
    "                           --out PATH\n"
    "  Learns a Chinese vocabulary from comments (one per line) and writes word<TAB>freq lines.\n";

static int parse_num(const char *s, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi)) return -1;
    *out = v;
    return 0;
}

int vm_words_main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "learn") != 0) {
        if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
            fputs(usage, stdout);
            return 0;
        }
        vm_log_error("words: expected the verb 'learn'");
        fputs(usage, stderr);
        return 2;
    }
    vm_wordlearn_opts o;
    vm_wordlearn_defaults(&o);
    const char **inputs = vm_xcalloc((size_t)argc, sizeof *inputs);
    size_t ninputs = 0;
    const char *out = NULL;
    int rc = 0;
    for (int i = 2; i < argc && rc == 0; i++) {
        const char *a = argv[i];
        double v;
        if (strcmp(a, "--input") == 0) {
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0) inputs[ninputs++] = argv[++i];
        } else if (strcmp(a, "--out") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(a, "--verbose") == 0) {
            vm_log_level = VM_LOG_VERBOSE;
        } else if (i + 1 < argc && strcmp(a, "--min-count") == 0 && parse_num(argv[i + 1], 1, 1e9, &v) == 0) {
            o.min_count = (unsigned)v;
            i++;
        } else if (i + 1 < argc && strcmp(a, "--min-pmi") == 0 && parse_num(argv[i + 1], -100, 100, &v) == 0) {
            o.min_pmi = v;
            i++;
        } else if (i + 1 < argc && strcmp(a, "--min-pmi-long") == 0 && parse_num(argv[i + 1], -100, 100, &v) == 0) {
            o.min_pmi_long = v;
            i++;
        } else if (i + 1 < argc && strcmp(a, "--min-entropy") == 0 && parse_num(argv[i + 1], 0, 100, &v) == 0) {
            o.min_entropy = v;
            i++;
        } else if (i + 1 < argc && strcmp(a, "--min-gain") == 0 && parse_num(argv[i + 1], -100, 100, &v) == 0) {
            o.min_gain = v;
            i++;
        } else if (i + 1 < argc && strcmp(a, "--max-len") == 0 &&
                   parse_num(argv[i + 1], 2, VM_WORDLEARN_MAX_LEN, &v) == 0) {
            o.max_len = (unsigned)v;
            i++;
        } else if (i + 1 < argc && strcmp(a, "--max-words") == 0 && parse_num(argv[i + 1], 1, 1e8, &v) == 0) {
            o.max_words = (size_t)v;
            i++;
        } else if (i + 1 < argc && strcmp(a, "--max-ngrams") == 0 && parse_num(argv[i + 1], 1000, 1e9, &v) == 0) {
            o.max_ngrams = (size_t)v;
            i++;
        } else {
            vm_log_error("words: unknown option or bad value '%s'", a);
            rc = 2;
        }
    }
    if (rc == 0 && (ninputs == 0 || !out)) {
        vm_log_error("words: --input and --out are required");
        rc = 2;
    }
    if (rc) {
        fputs(usage, stderr);
        free(inputs);
        return rc;
    }
    vm_error err;
    if (vm_wordlearn(inputs, ninputs, &o, out, &err) != 0) {
        vm_log_error("words: %s", err.msg);
        rc = 1;
    }
    free(inputs);
    return rc;
}
