/*
 * paths.c - default data locations (see paths.h).
 */
#include "common/paths.h"

#include <stdlib.h>
#include <unistd.h>

const char *vm_default_lexicons_dir(void) {
    const char *e = getenv("VOCMINE_LEXICONS");
    return e && *e ? e : VM_SOURCE_DIR "/lexicons";
}

const char *vm_default_models_dir(void) {
    const char *e = getenv("VOCMINE_MODELS");
    return e && *e ? e : VM_SOURCE_DIR "/models";
}

const char *vm_default_general_dict(void) {
    const char *e = getenv("VOCMINE_DICT");
    if (e) return *e ? e : NULL;  /* VOCMINE_DICT= (empty) disables it */
    static const char jieba[] = "/usr/lib/python3/dist-packages/jieba/dict.txt";
    return access(jieba, R_OK) == 0 ? jieba : NULL;
}
