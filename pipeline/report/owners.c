/*
 * owners.c - reading lexicons/categories.tsv (see owners.h).
 */
#include "report/owners.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_CATEGORY, COL_OWNER, COL_LABEL_ZH, COL_LABEL_EN, NCOLS };
static const char *const col_names[NCOLS] = {"category", "owner", "label_zh", "label_en"};

void vm_owners_init(vm_owners *o) {
    memset(o, 0, sizeof *o);
    o->cats = vm_strmap_new();
}

void vm_owners_free(vm_owners *o) {
    size_t n = o->cats ? vm_strmap_size(o->cats) : 0;
    for (size_t i = 0; i < n; i++) {
        free(o->owner[i]);
        free(o->label_en[i]);
        free(o->label_zh[i]);
    }
    free(o->owner);
    free(o->label_en);
    free(o->label_zh);
    vm_strmap_free(o->cats);
    memset(o, 0, sizeof *o);
}

/* Splits line (modified in place) on TAB into at most max fields. */
static size_t split_tabs(char *line, char **f, size_t max) {
    size_t n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static void add_row(vm_owners *o, char **f, size_t nf, const int *map) {
    const char *v[NCOLS];
    for (int k = 0; k < NCOLS; k++) v[k] = map[k] >= 0 && (size_t)map[k] < nf ? f[map[k]] : "";
    if (!*v[COL_CATEGORY]) return;
    int added;
    long id = vm_strmap_intern(o->cats, v[COL_CATEGORY], strlen(v[COL_CATEGORY]), &added);
    if (!added) return;
    o->owner = vm_xrealloc(o->owner, (size_t)(id + 1) * sizeof *o->owner);
    o->label_en = vm_xrealloc(o->label_en, (size_t)(id + 1) * sizeof *o->label_en);
    o->label_zh = vm_xrealloc(o->label_zh, (size_t)(id + 1) * sizeof *o->label_zh);
    o->owner[id] = vm_xstrdup(v[COL_OWNER]);
    o->label_en[id] = vm_xstrdup(v[COL_LABEL_EN]);
    o->label_zh[id] = vm_xstrdup(v[COL_LABEL_ZH]);
}

int vm_owners_load(vm_owners *o, const char *lexicons_dir, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/categories.tsv", lexicons_dir);
    vm_instream *in = vm_instream_open(path, err);
    if (!in) return -1;
    vm_linereader *lr = vm_linereader_new(in);
    int map[NCOLS] = {-1, -1, -1, -1}, have_header = 0, rc;
    const char *line;
    size_t len;
    char *f[16];
    while ((rc = vm_linereader_next(lr, &line, &len, err)) == 1) {
        char *copy = vm_xstrndup(line, len);
        copy[strcspn(copy, "\r")] = '\0';
        if (copy[0] == '#' || copy[0] == '\0') {
            free(copy);
            continue;
        }
        size_t nf = split_tabs(copy, f, 16);
        if (!have_header) {
            for (size_t i = 0; i < nf; i++)
                for (int k = 0; k < NCOLS; k++)
                    if (strcmp(f[i], col_names[k]) == 0) map[k] = (int)i;
            have_header = 1;
        } else {
            add_row(o, f, nf, map);
        }
        free(copy);
    }
    vm_linereader_free(lr);
    vm_instream_close(in);
    if (rc < 0) return -1;
    if (map[COL_CATEGORY] < 0 || map[COL_OWNER] < 0)
        return vm_fail(err, "%s: header must name columns category and owner", path);
    return 0;
}

static long find(const vm_owners *o, const char *category) {
    return o && o->cats && category ? vm_strmap_find(o->cats, category, strlen(category)) : -1;
}

const char *vm_owners_owner(const vm_owners *o, const char *category) {
    long i = find(o, category);
    return i >= 0 && *o->owner[i] ? o->owner[i] : NULL;
}

const char *vm_owners_label_en(const vm_owners *o, const char *category) {
    long i = find(o, category);
    return i >= 0 && *o->label_en[i] ? o->label_en[i] : NULL;
}

const char *vm_owners_label_zh(const vm_owners *o, const char *category) {
    long i = find(o, category);
    return i >= 0 && *o->label_zh[i] ? o->label_zh[i] : NULL;
}
