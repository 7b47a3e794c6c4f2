/*
 * manifest.c - per-stage manifest parts and the merged manifest.json
 * (see manifest.h).
 */
#include "common/manifest.h"
#include "common/instream.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/sha256.h"

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const char *const vm_stage_names[] = {"normalize", "extract", "cluster", "report", "rerun"};
const int vm_stage_count = 5;

int vm_manifest_read_part(const char *dir, const char *stage, vm_buf *out, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.%s.json", dir, stage);
    if (vm_read_file(path, out) != 0) return vm_fail(err, "%s: cannot read: %s", path, strerror(errno));
    return 0;
}

/* Stages that run at once (vocmine run) write their parts one at a time,
 * so every merged manifest.json holds every part written before it. */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER;

static int write_manifest(const char *dir, const char *stage, const vm_buf *json_part, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.%s.json", dir, stage);
    if (vm_write_file_atomic(path, json_part->data, json_part->len, err) != 0) return -1;

    vm_buf all = {0};
    vm_buf_printf(&all, "{\n\"vocmine\": \"%s\",\n\"schema\": 1,\n\"stages\": {", VM_VERSION);
    int first = 1;
    for (int i = 0; i < vm_stage_count; i++) {
        vm_buf part = {0};
        snprintf(path, sizeof path, "%s/manifest.%s.json", dir, vm_stage_names[i]);
        if (vm_read_file(path, &part) == 0 && part.len) {
            vm_buf_printf(&all, "%s\n\"%s\": ", first ? "" : ",", vm_stage_names[i]);
            vm_buf_append(&all, part.data, part.len);
            first = 0;
        }
        vm_buf_free(&part);
    }
    vm_buf_puts(&all, "\n}\n}\n");
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    int rc = vm_write_file_atomic(path, all.data, all.len, err);
    vm_buf_free(&all);
    return rc;
}

int vm_manifest_write(const char *dir, const char *stage, const vm_buf *json_part, vm_error *err) {
    pthread_mutex_lock(&write_mu);
    int rc = write_manifest(dir, stage, json_part, err);
    pthread_mutex_unlock(&write_mu);
    return rc;
}

void vm_utc_now(char out[32]) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int vm_manifest_dir_hashes(vm_json *j, const char *dir, vm_error *err) {
    DIR *d = opendir(dir);
    if (!d) return vm_fail(err, "%s: cannot open directory: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        names = vm_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = vm_xstrdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    vm_json_arr_begin(j);
    for (size_t i = 0; i < n; i++) {
        char path[4096], hex[65];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && vm_sha256_file(path, hex) == 0) {
            vm_json_obj_begin(j);
            vm_json_key(j, "file");
            vm_json_str(j, names[i]);
            vm_json_key(j, "bytes");
            vm_json_int(j, (int64_t)st.st_size);
            vm_json_key(j, "sha256");
            vm_json_str(j, hex);
            vm_json_obj_end(j);
        }
        free(names[i]);
    }
    free(names);
    vm_json_arr_end(j);
    return 0;
}
