/*
 * lexicon_tools.h - the verbs of `vocmine lexicon` besides check, each in
 * its own file, and what they share.
 *
 *   learn     lexicon_learn.c     domain sentiment weights from labelled comments
 *   import    lexicon_import.c    public lexicon formats -> ours
 *   coverage  lexicon_coverage.c  how much of a run the lexicons reach, and candidates
 *   diff      lexicon_diff.c      added, removed and changed entries of two directories
 *
 * Each entry point takes the verb's arguments (argv[0] is the verb) and
 * returns the exit status (0, 1 failure, 2 usage error).
 */
#ifndef VM_LEXICON_TOOLS_H
#define VM_LEXICON_TOOLS_H

#include "common/buf.h"

int vm_lexicon_learn_main(int argc, char **argv);
int vm_lexicon_import_main(int argc, char **argv);
int vm_lexicon_coverage_main(int argc, char **argv);
int vm_lexicon_diff_main(int argc, char **argv);

/* Appends a weight as lexicon files write it: at most two decimals, no
 * trailing zeros ("1", "-1.5", "0.25"). */
void vm_lexicon_weight_text(vm_buf *b, double w);

/* Why a folded term cannot be a lexicon entry (TAB, backslash, control
 * character, leading '#', spaces at the ends, more than 4 words in Latin
 * script), or NULL if it can. */
const char *vm_lexicon_term_problem(const char *term, size_t len);

#endif
