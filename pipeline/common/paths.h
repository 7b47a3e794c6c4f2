/*
 * paths.h - where vocmine finds its shipped data.
 *
 * Lexicons and models default to the directories that ship with the
 * source tree (compiled in as VM_SOURCE_DIR); the environment variables
 * VOCMINE_LEXICONS and VOCMINE_MODELS override that, and --lexicons /
 * --models flags override both. Returned strings are static or belong to
 * the environment: do not free them.
 */
#ifndef VM_PATHS_H
#define VM_PATHS_H

#include "common/error.h"

const char *vm_default_lexicons_dir(void);
const char *vm_default_models_dir(void);
/* Path of the external general segmentation dictionary if one is installed
 * (Debian's python3-jieba), else NULL. VOCMINE_DICT overrides. */
const char *vm_default_general_dict(void);

/* Creates a directory and its missing parents (like mkdir -p). */
int vm_mkdir_p(const char *dir, vm_error *err);

#endif
