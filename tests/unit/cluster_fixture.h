/*
 * cluster_fixture.h - helpers for the cluster stage's unit tests: a
 * generator of synthetic features.tsv.gz files (documents drawn from
 * disjoint word groups, so the true topics are known), running
 * vm_cluster_main in a directory, and reading its outputs back.
 *
 * Group g's words are "<name>w<i>" (name from group_names); every
 * document holds 6 of its group's 15 words and one of 40 shared noise
 * words, drawn with a fixed linear congruential generator.
 */
#ifndef VM_TEST_CLUSTER_FIXTURE_H
#define VM_TEST_CLUSTER_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cluster/cluster.h"
#include "common/buf.h"
#include "common/instream.h"
#include "common/outfile.h"
#include "common/strmap.h"
#include "common/tsv.h"

static const char *const group_names[] = {"alpha", "bravo", "charlie", "delta", "echo"};

static unsigned long fixture_rng = 12345;

static inline unsigned fixture_next(unsigned n) {
    fixture_rng = fixture_rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((fixture_rng >> 33) % n);
}

/* Writes dir/features.tsv.gz with docs_per_group documents for each group
 * index in groups (ngroups of them), interleaved; ids are
 * "<prefix>-<group name>-<n>". */
static inline void write_features(const char *dir, const char *prefix, const int *groups, int ngroups,
                           int docs_per_group) {
    vm_buf text = {0}, gz = {0};
    vm_buf_puts(&text, "id\ttime\tepoch\tgroup\tchannel\trating\tlang\tdup_of\tnear_dup_of\tscore\tpolarity\t"
                       "severity\temphasis\taspects\tkeywords\ttokens\tdisplay\n");
    for (int n = 0; n < docs_per_group; n++)
        for (int g = 0; g < ngroups; g++) {
            const char *name = group_names[groups[g]];
            vm_buf tokens = {0};
            for (int w = 0; w < 6; w++) vm_buf_printf(&tokens, "%s%sw%02u", w ? " " : "", name, fixture_next(15));
            vm_buf_printf(&tokens, " noise%02u", fixture_next(40));
            vm_buf_printf(&text, "%s-%s-%d\t\t\t\t\t1\ten\t\t\t-0.800\tnegative\tnone\t0\t\t\t%s\ttext\n", prefix,
                          name, n, tokens.data);
            vm_buf_free(&tokens);
        }
    /* a positive comment and a duplicate: neither is clustered */
    vm_buf_printf(&text, "%s-happy\t\t\t\t\t5\ten\t\t\t0.900\tpositive\tnone\t0\t\t\tlovely\ttext\n", prefix);
    vm_buf_printf(&text, "%s-dup\t\t\t\t\t1\ten\t%s-%s-0\t\t-0.800\tnegative\tnone\t0\t\t\tx\ttext\n", prefix,
                  prefix, group_names[groups[0]]);
    vm_gzip_member(text.data, text.len, 1, &gz);
    char path[4096];
    snprintf(path, sizeof path, "%s/features.tsv.gz", dir);
    vm_write_file_atomic(path, gz.data, gz.len, NULL);
    vm_buf_free(&text);
    vm_buf_free(&gz);
}

/* Runs vm_cluster_main on dir with extra arguments (NULL-terminated). */
/* Appends the file dir/name to out (nothing if it cannot be read). */
static inline void fixture_read(const char *dir, const char *name, vm_buf *out) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    (void)vm_read_file(path, out);
}

static inline int run_cluster(const char *dir, const char *const *extra) {
    const char *argv[32] = {"cluster", "--out", dir, "--quiet", "--lexicons", "/nonexistent"};
    int argc = 6;
    for (int i = 0; extra && extra[i] && argc < 31; i++) argv[argc++] = extra[i];
    argv[argc] = NULL;
    return vm_cluster_main(argc, (char **)argv);
}

/* Reads two columns of a TSV output into a map: key -> value index, with
 * values kept in vals. The table is valid (maybe empty) even on failure;
 * table_free releases it. */
typedef struct fixture_table {
    vm_strmap *keys;
    char **vals;
    size_t n;
} fixture_table;

static inline int read_table(const char *dir, const char *file, const char *key, const char *val, fixture_table *t) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    t->keys = vm_strmap_new();
    t->vals = NULL;
    t->n = 0;
    vm_error err;
    vm_tsvfile *f = vm_tsvfile_open(path, &err);
    if (!f) return -1;
    int ck = vm_tsvfile_col(f, key), cv = vm_tsvfile_col(f, val);
    while (ck >= 0 && cv >= 0 && vm_tsvfile_next(f, &err) == 1) {
        size_t len;
        const char *k = vm_tsvfile_field(f, ck, &len);
        vm_strmap_intern(t->keys, k, len, NULL);
        t->vals = realloc(t->vals, (t->n + 1) * sizeof *t->vals);
        t->vals[t->n++] = strdup(vm_tsvfile_field(f, cv, NULL));
    }
    vm_tsvfile_close(f);
    return ck >= 0 && cv >= 0 ? 0 : -1;
}

static inline const char *table_get(const fixture_table *t, const char *key) {
    long i = vm_strmap_find(t->keys, key, strlen(key));
    return i < 0 ? NULL : t->vals[i];
}

static inline void table_free(fixture_table *t) {
    for (size_t i = 0; i < t->n; i++) free(t->vals[i]);
    free(t->vals);
    vm_strmap_free(t->keys);
}

/* The topic most documents of a group got, and its share of them. */
static inline const char *majority_topic(const fixture_table *asg, const char *prefix, int group, int docs,
                                  double *share) {
    static char best[32];
    char id[64];
    best[0] = '\0';
    int bestn = 0;
    for (int n = 0; n < docs; n++) {
        snprintf(id, sizeof id, "%s-%s-%d", prefix, group_names[group], n);
        const char *t = table_get(asg, id);
        if (!t || !*t) continue;
        int count = 0;
        for (int k = 0; k < docs; k++) {
            snprintf(id, sizeof id, "%s-%s-%d", prefix, group_names[group], k);
            const char *u = table_get(asg, id);
            count += u && strcmp(u, t) == 0;
        }
        if (count > bestn) {
            bestn = count;
            snprintf(best, sizeof best, "%s", t);
        }
    }
    *share = (double)bestn / docs;
    return best;
}

static inline int topic_number(const char *id) { return id && id[0] == 'T' ? atoi(id + 1) : -1; }

static inline void make_dir(char *tmpl) {
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        exit(1);
    }
}

static inline void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

#endif
