/*
 * vocmine.h - the public entry points of vocmine.
 *
 * vocmine turns exported customer comments into the few issues a service
 * team must fix first. Each stage is a program that reads and writes
 * documented files in a run directory (see README.md); each program is a
 * thin main() around one of these functions, and the `vocmine` driver
 * dispatches its subcommands to the same functions, so `vocmine normalize
 * ARGS` and `vocmine-normalize ARGS` run the same code.
 *
 * Every entry point takes its subcommand's arguments (argv[0] is the
 * command name), returns the process exit status (0 success, 1 failure,
 * 2 usage error) and prints errors to stderr.
 */
#ifndef VOCMINE_H
#define VOCMINE_H

/* Stages, in pipeline order, and the whole nightly job. */
int vm_normalize_main(int argc, char **argv);  /* exports -> normalized.tsv.gz */
int vm_extract_main(int argc, char **argv);    /* -> features.tsv.gz */
int vm_cluster_main(int argc, char **argv);    /* -> topics, assignments, topic model */
int vm_report_main(int argc, char **argv);     /* -> reports and the LMDB database */
int vm_run_main(int argc, char **argv);        /* all four, in order */
int vm_rerun_main(int argc, char **argv);      /* extract, cluster, report again with other lexicons */

/* Tools around the stages. */
int vm_query_main(int argc, char **argv);      /* read the LMDB database */
int vm_diff_main(int argc, char **argv);       /* what changed between two runs, and why */
int vm_explain_main(int argc, char **argv);    /* how one comment was scored */
int vm_lexicon_main(int argc, char **argv);    /* lexicon check, learn, import, coverage, diff */
int vm_segment_main(int argc, char **argv);    /* word segmentation of lines */
int vm_words_main(int argc, char **argv);      /* learn the word model */

#endif
