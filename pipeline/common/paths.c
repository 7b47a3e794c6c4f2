/*
 * paths.c - default data locations (see paths.h).
 */
#include "common/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int vm_mkdir_p(const char *dir, vm_error *err) {
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) return vm_fail(err, "%s: bad directory name", dir);
    memcpy(path, dir, n + 1);
    for (char *p = path + 1; ; p++) {
        if (*p != '/' && *p != '\0') continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return vm_fail(err, "%s: cannot create directory: %s", path, strerror(errno));
        *p = saved;
        if (saved == '\0') break;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return vm_fail(err, "%s: not a directory", dir);
    return 0;
}
