/*
 * lexicon_diff.c - `vocmine lexicon diff DIR_A DIR_B`: the entries added,
 * removed and changed between two lexicon directories, per file, with
 * line numbers.
 *
 * Every *.tsv file of either directory is read as a lexicon file: '#'
 * comment lines, then a header, then entries. An entry's key is its
 * `term` column folded to match text (so 服務 and 服务, or Great and great,
 * are one entry), or for files without terms its `category`
 * (categories.tsv) or `pattern` (pii.tsv) column; its value is the other
 * columns. A key in B only is "added", in A only "removed", in both with
 * another value "changed" (a re-weighted term). Within a file the first
 * definition of a key counts, as for the loader. The files need not pass
 * `lexicon check`: a malformed line is reported and left out. pii.tsv
 * keeps its own rules: '#' lines anywhere are comments, and the pattern
 * is everything after the second TAB.
 * Output: one line per change, by file then line (table, default), or
 * CSV: file,change,key,value_a,value_b,line_a,line_b.
 */
#include "extract/lexicon_tools.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "normalize/fold.h"
#include "report/csv.h"
#include "report/termtext.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] = "usage: vocmine lexicon diff DIR_A DIR_B [--format table|csv]\n";

typedef struct lexfile {
    vm_strmap *keys;     /* folded key -> index */
    char **shown;        /* the key as written */
    char **value;        /* other columns, TAB-joined */
    uint32_t *line;
    size_t n, cap;
    int missing;
} lexfile;

typedef struct change {
    const char *kind;    /* added, removed, changed */
    const char *key;
    const char *a, *b;   /* values, or NULL */
    uint32_t la, lb;
} change;

static int key_column(char **cols, int n) {
    const char *prefer[] = {"term", "category", "pattern"};
    for (size_t p = 0; p < 3; p++)
        for (int i = 0; i < n; i++)
            if (strcmp(cols[i], prefer[p]) == 0) return i;
    return 0;
}

/* Splits at TABs; with last > 0 the last-th field takes the rest. */
static int split_tabs(char *s, char **f, int max, int last) {
    int n = 0;
    for (char *p = s;;) {
        char *tab = n + 1 == last ? NULL : strchr(p, '\t');
        if (n < max) f[n] = p;
        n++;
        if (!tab) return n;
        *tab = '\0';
        p = tab + 1;
    }
}

static void add_entry(lexfile *lf, const vm_folder *folder, char **f, int n, int key, uint32_t line, vm_buf *scratch) {
    vm_buf_reset(scratch);
    vm_fold_match(folder, f[key], strlen(f[key]), scratch, NULL);
    int added = 0;
    long id = vm_strmap_intern(lf->keys, scratch->data ? scratch->data : "", scratch->len, &added);
    if (!added) return;
    vm_buf v = {0};
    for (int i = 0; i < n; i++) {
        if (i == key) continue;
        if (v.len) vm_buf_putc(&v, '\t');
        vm_buf_puts(&v, f[i]);
    }
    vm_buf_append(&v, "", 0);
    if ((size_t)id >= lf->cap) {
        lf->cap = lf->cap ? lf->cap * 2 : 256;
        lf->shown = vm_xrealloc(lf->shown, lf->cap * sizeof *lf->shown);
        lf->value = vm_xrealloc(lf->value, lf->cap * sizeof *lf->value);
        lf->line = vm_xrealloc(lf->line, lf->cap * sizeof *lf->line);
    }
    lf->shown[id] = vm_xstrdup(f[key]);
    lf->value[id] = vm_buf_detach(&v);
    lf->line[id] = line;
    lf->n = (size_t)id + 1;
}

#define MAX_COLS 16

static int load_file(lexfile *lf, const char *dir, const char *name, const vm_folder *folder, vm_error *err) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    lf->keys = vm_strmap_new();
    vm_error e;
    vm_instream *in = vm_instream_open(path, &e);
    if (!in) {
        lf->missing = 1;
        return 0;
    }
    vm_linereader *lr = vm_linereader_new(in);
    vm_buf row = {0}, scratch = {0};
    char *header[MAX_COLS], *f[MAX_COLS];
    int ncols = 0, key = 0, r;
    uint32_t lineno = 0;
    const char *l;
    size_t len;
    char *head = NULL;
    int pii = strcmp(name, "pii.tsv") == 0;
    while ((r = vm_linereader_next(lr, &l, &len, err)) == 1) {
        lineno++;
        if (len && l[len - 1] == '\r') len--;
        if (len == 0 || (l[0] == '#' && (!head || pii))) continue;
        vm_buf_reset(&row);
        vm_buf_append(&row, l, len);
        if (!head) {
            head = vm_xstrdup(row.data);
            ncols = split_tabs(head, header, MAX_COLS, 0);
            if (ncols > MAX_COLS) ncols = MAX_COLS;
            key = key_column(header, ncols);
            continue;
        }
        int n = split_tabs(row.data, f, MAX_COLS, pii ? ncols : 0);
        if (n != ncols) {
            vm_log_warn("%s:%u: %d fields, the header has %d; left out", path, lineno, n, ncols);
            continue;
        }
        add_entry(lf, folder, f, n, key, lineno, &scratch);
    }
    free(head);
    vm_buf_free(&row);
    vm_buf_free(&scratch);
    vm_linereader_free(lr);
    vm_instream_close(in);
    return r < 0 ? vm_fail_prefix(err, "%s: ", path) : 0;
}

static void free_file(lexfile *lf) {
    for (size_t i = 0; i < lf->n; i++) {
        free(lf->shown[i]);
        free(lf->value[i]);
    }
    free(lf->shown);
    free(lf->value);
    free(lf->line);
    vm_strmap_free(lf->keys);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The sorted union of the *.tsv names of both directories. */
static char **file_names(const char *dirs[2], size_t *n) {
    vm_strmap *names = vm_strmap_new();
    for (int k = 0; k < 2; k++) {
        DIR *d = opendir(dirs[k]);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            size_t len = strlen(e->d_name);
            if (e->d_name[0] != '.' && len > 4 && strcmp(e->d_name + len - 4, ".tsv") == 0)
                vm_strmap_intern(names, e->d_name, len, NULL);
        }
        if (d) closedir(d);
    }
    *n = vm_strmap_size(names);
    char **v = vm_xcalloc(*n + 1, sizeof *v);
    for (size_t i = 0; i < *n; i++) v[i] = vm_xstrdup(vm_strmap_key(names, (long)i, NULL));
    vm_strmap_free(names);
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static uint32_t change_line(const change *c) { return c->lb ? c->lb : c->la; }

static int cmp_change(const void *x, const void *y) {
    const change *a = x, *b = y;
    int ra = a->lb == 0, rb = b->lb == 0;  /* removed entries (A lines) after the others */
    if (ra != rb) return ra - rb;
    uint32_t la = change_line(a), lb = change_line(b);
    return la < lb ? -1 : la > lb;
}

static change *compare(const lexfile *a, const lexfile *b, size_t *n) {
    change *v = vm_xcalloc(a->n + b->n + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < b->n; i++) {
        size_t klen;
        const char *k = vm_strmap_key(b->keys, (long)i, &klen);
        long j = vm_strmap_find(a->keys, k, klen);
        if (j < 0)
            v[(*n)++] = (change){"added", b->shown[i], NULL, b->value[i], 0, b->line[i]};
        else if (strcmp(a->value[j], b->value[i]) != 0)
            v[(*n)++] = (change){"changed", b->shown[i], a->value[j], b->value[i], a->line[j], b->line[i]};
    }
    for (size_t j = 0; j < a->n; j++) {
        size_t klen;
        const char *k = vm_strmap_key(a->keys, (long)j, &klen);
        if (vm_strmap_find(b->keys, k, klen) < 0)
            v[(*n)++] = (change){"removed", a->shown[j], a->value[j], NULL, a->line[j], 0};
    }
    qsort(v, *n, sizeof *v, cmp_change);
    return v;
}

static void safe(vm_buf *out, const char *s) {
    vm_buf tmp = {0};
    vm_term_safe(s, strlen(s), &tmp, 0);
    for (size_t i = 0; i < tmp.len; i++) vm_buf_putc(out, tmp.data[i] == '\t' ? ' ' : tmp.data[i]);
    vm_buf_free(&tmp);
}

static void print_table(const char *file, const lexfile lf[2], const change *v, size_t n, vm_buf *out) {
    size_t counts[3] = {0};
    for (size_t i = 0; i < n; i++) counts[v[i].kind[0] == 'a' ? 0 : v[i].kind[0] == 'r' ? 1 : 2]++;
    vm_buf_printf(out, "%s: %zu added, %zu removed, %zu changed", file, counts[0], counts[1], counts[2]);
    if (lf[0].missing || lf[1].missing) vm_buf_printf(out, " (file only in %s)", lf[0].missing ? "B" : "A");
    vm_buf_putc(out, '\n');
    for (size_t i = 0; i < n; i++) {
        const change *c = &v[i];
        vm_buf_puts(out, c->kind[0] == 'a' ? "  + " : c->kind[0] == 'r' ? "  - " : "  ~ ");
        safe(out, c->key);
        vm_buf_puts(out, "  ");
        if (c->a) safe(out, c->a);
        if (c->a && c->b) vm_buf_puts(out, " -> ");
        if (c->b) safe(out, c->b);
        if (c->la && c->lb) vm_buf_printf(out, "  (%s:%u, was line %u)\n", file, c->lb, c->la);
        else vm_buf_printf(out, "  (%s:%u%s)\n", file, change_line(c), c->lb ? "" : " in A");
    }
}

static void print_csv(const char *file, const change *v, size_t n, vm_buf *out) {
    for (size_t i = 0; i < n; i++) {
        const change *c = &v[i];
        char la[16] = "", lb[16] = "";
        if (c->la) snprintf(la, sizeof la, "%u", c->la);
        if (c->lb) snprintf(lb, sizeof lb, "%u", c->lb);
        const char *cells[] = {file, c->kind, c->key, c->a ? c->a : "", c->b ? c->b : "", la, lb};
        for (size_t k = 0; k < 7; k++) {
            if (k) vm_buf_putc(out, ',');
            vm_csv_cell_str(out, cells[k]);
        }
        vm_buf_append(out, "\r\n", 2);
    }
}

int vm_lexicon_diff_main(int argc, char **argv) {
    const char *dirs[2] = {NULL, NULL};
    int csv = 0, npos = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return fputs(usage, stdout), 0;
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc && (strcmp(argv[i + 1], "csv") == 0 ||
                                                                strcmp(argv[i + 1], "table") == 0)) {
            csv = strcmp(argv[++i], "csv") == 0;
        } else if (argv[i][0] != '-' && npos < 2) {
            dirs[npos++] = argv[i];
        } else {
            return fputs(usage, stderr), 2;
        }
    }
    if (npos != 2) return fputs(usage, stderr), 2;
    vm_error err = {{0}};
    vm_folder *folder = vm_folder_new(&err);
    if (!folder) return vm_log_error("lexicon diff: %s", err.msg), 1;
    size_t nfiles;
    char **files = file_names(dirs, &nfiles);
    vm_buf out = {0};
    static const char *const cols[] = {"file", "change", "key", "value_a", "value_b", "line_a", "line_b"};
    if (csv) vm_csv_header(&out, cols, 7);
    int rc = 0;
    size_t total = 0;
    for (size_t f = 0; f < nfiles && rc == 0; f++) {
        lexfile lf[2] = {{0}};
        for (int k = 0; k < 2 && rc == 0; k++) rc = load_file(&lf[k], dirs[k], files[f], folder, &err);
        size_t n = 0;
        change *v = rc == 0 ? compare(&lf[0], &lf[1], &n) : NULL;
        if (csv) print_csv(files[f], v, n, &out);
        else if (n || lf[0].missing || lf[1].missing) print_table(files[f], lf, v, n, &out);
        total += n;
        free(v);
        free_file(&lf[0]);
        free_file(&lf[1]);
    }
    if (rc == 0 && !csv) vm_buf_printf(&out, "%zu change%s in %zu files\n", total, total == 1 ? "" : "s", nfiles);
    if (rc == 0) fwrite(out.data ? out.data : "", 1, out.len, stdout);
    else vm_log_error("lexicon diff: %s", err.msg);
    for (size_t f = 0; f < nfiles; f++) free(files[f]);
    free(files);
    vm_buf_free(&out);
    vm_folder_free(folder);
    return rc == 0 ? 0 : 1;
}
