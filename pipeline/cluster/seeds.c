/*
 * seeds.c - loading and looking up the bilingual seed list (see seeds.h).
 *
 * Invariant: concept index i has feature features[i] ("~name") and
 * display displays[i]; terms maps each seed word to its concept index.
 */
#include "cluster/seeds.h"
#include "common/buf.h"
#include "common/instream.h"
#include "common/mem.h"
#include "common/strmap.h"
#include "common/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct vm_seeds {
    vm_strmap *terms;      /* seed word -> index into term_concept */
    long *term_concept;
    vm_strmap *concepts;   /* concept name -> concept index */
    char **features;
    char **zh, **en;       /* first word per language, or NULL */
    char **displays;
};

vm_seeds *vm_seeds_empty(void) {
    vm_seeds *s = vm_xcalloc(1, sizeof *s);
    s->terms = vm_strmap_new();
    s->concepts = vm_strmap_new();
    return s;
}

void vm_seeds_free(vm_seeds *s) {
    if (!s) return;
    size_t n = vm_strmap_size(s->concepts);
    for (size_t i = 0; i < n; i++) {
        free(s->features[i]);
        free(s->zh[i]);
        free(s->en[i]);
        free(s->displays[i]);
    }
    free(s->features);
    free(s->zh);
    free(s->en);
    free(s->displays);
    free(s->term_concept);
    vm_strmap_free(s->terms);
    vm_strmap_free(s->concepts);
    free(s);
}

static long add_concept(vm_seeds *s, const char *name, size_t len) {
    int added;
    long c = vm_strmap_intern(s->concepts, name, len, &added);
    if (!added) return c;
    size_t n = (size_t)c + 1;
    s->features = vm_xrealloc(s->features, n * sizeof *s->features);
    s->zh = vm_xrealloc(s->zh, n * sizeof *s->zh);
    s->en = vm_xrealloc(s->en, n * sizeof *s->en);
    s->displays = vm_xrealloc(s->displays, n * sizeof *s->displays);
    vm_buf f = {0};
    vm_buf_putc(&f, '~');
    vm_buf_append(&f, name, len);
    s->features[c] = vm_buf_detach(&f);
    s->zh[c] = s->en[c] = s->displays[c] = NULL;
    return c;
}

static int valid_concept(const char *s, size_t len) {
    if (len == 0 || len > 64) return 0;
    for (size_t i = 0; i < len; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_')) return 0;
    return 1;
}

/* Parses one data row "concept TAB lang TAB term". */
static int add_row(vm_seeds *s, char *line, const char *path, unsigned long lineno, vm_error *err) {
    char *t1 = strchr(line, '\t');
    char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t2 || strchr(t2 + 1, '\t')) return vm_fail(err, "%s: line %lu: expected 3 fields", path, lineno);
    *t1 = *t2 = '\0';
    const char *concept = line, *lang = t1 + 1;
    char *term = t2 + 1;
    size_t tlen = strlen(term);
    if (!valid_concept(concept, strlen(concept)))
        return vm_fail(err, "%s: line %lu: concept must be snake_case", path, lineno);
    if (strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0)
        return vm_fail(err, "%s: line %lu: lang must be zh or en", path, lineno);
    if (tlen == 0 || tlen > 64 || vm_utf8_invalid_count(term, tlen))
        return vm_fail(err, "%s: line %lu: bad term", path, lineno);
    for (size_t i = 0; i < tlen; i++) term[i] = (char)tolower((unsigned char)term[i]);
    long c = add_concept(s, concept, strlen(concept));
    int added;
    long id = vm_strmap_intern(s->terms, term, tlen, &added);
    if (!added) return vm_fail(err, "%s: line %lu: term listed twice", path, lineno);
    s->term_concept = vm_xrealloc(s->term_concept, (size_t)(id + 1) * sizeof *s->term_concept);
    s->term_concept[id] = c;
    char **first = lang[0] == 'z' ? &s->zh[c] : &s->en[c];
    if (!*first) *first = vm_xstrdup(term);
    return 0;
}

static void make_displays(vm_seeds *s) {
    size_t n = vm_strmap_size(s->concepts);
    for (size_t c = 0; c < n; c++) {
        vm_buf d = {0};
        if (s->zh[c]) vm_buf_puts(&d, s->zh[c]);
        if (s->zh[c] && s->en[c]) vm_buf_putc(&d, '/');
        if (s->en[c]) vm_buf_puts(&d, s->en[c]);
        s->displays[c] = vm_buf_detach(&d);
    }
}

static int read_rows(vm_seeds *s, vm_linereader *lr, const char *path, vm_error *err) {
    const char *line;
    size_t len;
    unsigned long lineno = 0;
    int header = 0, r;
    vm_buf row = {0};
    while ((r = vm_linereader_next(lr, &line, &len, err)) == 1) {
        lineno++;
        if (len && line[len - 1] == '\r') len--;
        if (len == 0 || line[0] == '#') continue;
        vm_buf_reset(&row);
        vm_buf_append(&row, line, len);
        if (!header) {
            header = 1;
            if (strcmp(row.data, "concept\tlang\tterm") != 0) {
                vm_buf_free(&row);
                return vm_fail(err, "%s: line %lu: expected header concept, lang, term", path, lineno);
            }
            continue;
        }
        if (add_row(s, row.data, path, lineno, err) != 0) {
            vm_buf_free(&row);
            return -1;
        }
    }
    vm_buf_free(&row);
    return r < 0 ? -1 : 0;
}

vm_seeds *vm_seeds_load(const char *path, vm_error *err) {
    vm_instream *in = vm_instream_open(path, err);
    if (!in) return NULL;
    vm_linereader *lr = vm_linereader_new(in);
    vm_seeds *s = vm_seeds_empty();
    int rc = read_rows(s, lr, path, err);
    vm_linereader_free(lr);
    vm_instream_close(in);
    if (rc != 0) {
        vm_seeds_free(s);
        return NULL;
    }
    make_displays(s);
    return s;
}

const char *vm_seeds_feature(const vm_seeds *s, const char *term, size_t len) {
    long id = vm_strmap_find(s->terms, term, len);
    return id < 0 ? NULL : s->features[s->term_concept[id]];
}

const char *vm_seeds_display(const vm_seeds *s, const char *feature) {
    if (feature[0] != '~') return NULL;
    long c = vm_strmap_find(s->concepts, feature + 1, strlen(feature + 1));
    return c < 0 ? NULL : s->displays[c];
}

void vm_seeds_words(const vm_seeds *s, const char *feature, const char **zh, const char **en) {
    long c = feature[0] == '~' ? vm_strmap_find(s->concepts, feature + 1, strlen(feature + 1)) : -1;
    *zh = c < 0 ? NULL : s->zh[c];
    *en = c < 0 ? NULL : s->en[c];
}
