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

/* Stages, in pipeline order. */
int vm_normalize_main(int argc, char **argv);

#endif
