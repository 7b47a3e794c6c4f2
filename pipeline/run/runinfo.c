/*
 * runinfo.c - reading a run's manifest parts back (see runinfo.h).
 *
 * Every part is parsed the same way whatever it came from: the report,
 * extract, cluster and normalize parts are handed to one function each as
 * JSON text.
 */
#include "run/runinfo.h"
#include "common/manifest.h"
#include "common/mem.h"
#include "report/jsonget.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *vm_json_path(const char *json, size_t len, const char *const *keys, size_t *vlen) {
    const char *v = json;
    size_t n = len;
    for (; *keys; keys++) {
        v = vm_jsonget_raw(v, n, *keys, &n);
        if (!v) return NULL;
    }
    *vlen = n;
    return v;
}

char *vm_json_path_str(const char *json, size_t len, const char *const *keys) {
    size_t n;
    const char *v = vm_json_path(json, len, keys, &n);
    if (!v || *v != '"') return NULL;
    vm_buf out = {0};
    if (vm_jsonget_unescape(v, n, &out) != 0) {
        vm_buf_free(&out);
        return NULL;
    }
    if (!out.data) vm_buf_puts(&out, "");
    return vm_buf_detach(&out);
}

static char *str_at(const char *json, size_t len, const char *k1, const char *k2, const char *k3) {
    const char *keys[] = {k1, k2, k3, NULL};
    return vm_json_path_str(json, len, keys);
}

static void raw_at(const char *json, size_t len, const char *key, vm_buf *out) {
    size_t n;
    const char *v = vm_jsonget_raw(json, len, key, &n);
    vm_buf_reset(out);
    if (v) vm_buf_append(out, v, n);
}

static int report_part(vm_runinfo *ri, const char *json, size_t len, vm_error *err) {
    ri->run_id = str_at(json, len, "run_id", NULL, NULL);
    if (!ri->run_id) return vm_fail(err, "the report part of the manifest names no run_id");
    ri->variant_of = str_at(json, len, "variant_of", NULL, NULL);
    ri->db = str_at(json, len, "options", "db", NULL);
    raw_at(json, len, "options", &ri->report_options);
    return 0;
}

static void extract_part(vm_runinfo *ri, const char *json, size_t len) {
    ri->have_extract = 1;
    ri->lexicons = str_at(json, len, "options", "lexicons", NULL);
    ri->models = str_at(json, len, "options", "models", NULL);
    ri->dict = str_at(json, len, "dictionary", "path", NULL);
    const char *keys[] = {"options", "no_dict", NULL};
    size_t n;
    const char *v = vm_json_path(json, len, keys, &n);
    ri->no_dict = v && n == 4 && memcmp(v, "true", 4) == 0;
    raw_at(json, len, "lexicons_loaded", &ri->lexicons_loaded);
}

static void cluster_part(vm_runinfo *ri, const char *json, size_t len) {
    raw_at(json, len, "options", &ri->cluster_options);
    ri->model_source = str_at(json, len, "inputs", "model", "source");
    ri->model_path = str_at(json, len, "inputs", "model", "path");
    ri->model_sha256 = str_at(json, len, "inputs", "model", "sha256");
    ri->features_path = str_at(json, len, "inputs", "features", "path");
}

static void normalize_part(vm_runinfo *ri, const char *json, size_t len) {
    ri->pii_sha256 = str_at(json, len, "options", "pii_patterns_sha256", NULL);
}

int vm_runinfo_from_dir(vm_runinfo *ri, const char *dir, vm_error *err) {
    vm_buf part = {0};
    vm_error ignored;
    ri->dir = vm_xstrdup(dir);
    int rc = 0;
    if (vm_manifest_read_part(dir, "report", &part, &ignored) == 0) rc = report_part(ri, part.data, part.len, err);
    if (rc != 0) vm_fail_prefix(err, "%s/manifest.report.json: ", dir);
    vm_buf_reset(&part);
    if (rc == 0 && vm_manifest_read_part(dir, "extract", &part, &ignored) == 0) extract_part(ri, part.data, part.len);
    vm_buf_reset(&part);
    if (rc == 0 && vm_manifest_read_part(dir, "cluster", &part, &ignored) == 0) cluster_part(ri, part.data, part.len);
    vm_buf_reset(&part);
    if (rc == 0 && vm_manifest_read_part(dir, "normalize", &part, &ignored) == 0) normalize_part(ri, part.data, part.len);
    vm_buf_free(&part);
    return rc;
}

static int is_dir(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int vm_runinfo_from_record(vm_runinfo *ri, const char *json, size_t len, vm_error *err) {
    size_t mlen, n;
    const char *m = vm_jsonget_raw(json, len, "manifest", &mlen);
    const char *p;
    if (!m || !(p = vm_jsonget_raw(m, mlen, "report", &n))) return vm_fail(err, "the run record holds no manifest");
    if (report_part(ri, p, n, err) != 0) return -1;
    if ((p = vm_jsonget_raw(m, mlen, "extract", &n)) != NULL) extract_part(ri, p, n);
    if ((p = vm_jsonget_raw(m, mlen, "cluster", &n)) != NULL) cluster_part(ri, p, n);
    if ((p = vm_jsonget_raw(m, mlen, "normalize", &n)) != NULL) normalize_part(ri, p, n);
    if (ri->features_path) {
        char *dir = vm_xstrdup(ri->features_path);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
        if (slash && is_dir(dir))
            ri->dir = dir;
        else
            free(dir);
    }
    return 0;
}

void vm_runinfo_free(vm_runinfo *ri) {
    free(ri->dir);
    free(ri->run_id);
    free(ri->variant_of);
    free(ri->db);
    vm_buf_free(&ri->report_options);
    free(ri->lexicons);
    free(ri->models);
    free(ri->dict);
    vm_buf_free(&ri->lexicons_loaded);
    vm_buf_free(&ri->cluster_options);
    free(ri->model_source);
    free(ri->model_path);
    free(ri->model_sha256);
    free(ri->features_path);
    free(ri->pii_sha256);
    memset(ri, 0, sizeof *ri);
}
