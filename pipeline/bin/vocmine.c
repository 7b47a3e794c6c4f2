/*
 * vocmine.c - the driver: `vocmine <command> [args]`.
 *
 * A table maps each command to its entry point (include/vocmine.h); the
 * driver adds nothing else, so a command behaves exactly like its stage
 * program.
 */
#include <stdio.h>
#include <string.h>

#include "vocmine.h"

typedef struct command {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"run", vm_run_main, "the nightly job: normalize, extract, cluster and report"},
    {"rerun", vm_rerun_main, "recompute finished runs with other lexicons, as variants"},
    {"normalize", vm_normalize_main, "decode, clean, mask, tag and de-duplicate exports"},
    {"extract", vm_extract_main, "words, keywords, aspects, sentiment and severity"},
    {"cluster", vm_cluster_main, "group complaints into topics with stable ids"},
    {"report", vm_report_main, "rank issues, trends and alerts; reports and LMDB"},
    {"query", vm_query_main, "read runs, TOP-N, topic history and alerts from LMDB"},
    {"diff", vm_diff_main, "what changed between two runs, and which lexicon entries did it"},
    {"explain", vm_explain_main, "show how one comment gets its score"},
    {"lexicon", vm_lexicon_main, "check, learn, import, diff lexicons; their coverage of a run"},
    {"segment", vm_segment_main, "segment lines of text into words"},
    {"words", vm_words_main, "learn new words from a corpus (models/words.tsv)"},
};

static void usage(FILE *out) {
    fprintf(out, "usage: vocmine <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n`vocmine <command> --help` describes a command's options.\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("vocmine %s\n", VM_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "vocmine: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
