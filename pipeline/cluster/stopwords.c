/*
 * stopwords.c - the stopword set (see stopwords.h). ASCII letters are
 * lower-cased on loading, as match text is.
 */
#include "cluster/stopwords.h"
#include "common/buf.h"
#include "common/instream.h"
#include "common/mem.h"
#include "common/strmap.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct vm_stopwords {
    vm_strmap *terms;
};

vm_stopwords *vm_stopwords_new(void) {
    vm_stopwords *s = vm_xcalloc(1, sizeof *s);
    s->terms = vm_strmap_new();
    return s;
}

void vm_stopwords_free(vm_stopwords *s) {
    if (!s) return;
    vm_strmap_free(s->terms);
    free(s);
}

static int read_lines(vm_stopwords *s, vm_linereader *lr, const char *path, vm_error *err) {
    const char *line;
    size_t len;
    unsigned long lineno = 0;
    int header = 0, r;
    vm_buf term = {0};
    while ((r = vm_linereader_next(lr, &line, &len, err)) == 1) {
        lineno++;
        size_t n = strcspn(line, "\t\r");
        if (n > len) n = len;
        if (len == 0 || line[0] == '#') continue;
        if (!header) {
            header = 1;
            if (n != 4 || memcmp(line, "term", 4) != 0) {
                vm_buf_free(&term);
                return vm_fail(err, "%s: line %lu: expected a header starting with 'term'", path, lineno);
            }
            continue;
        }
        if (n == 0) continue;
        vm_buf_reset(&term);
        for (size_t i = 0; i < n; i++) vm_buf_putc(&term, (char)tolower((unsigned char)line[i]));
        vm_strmap_intern(s->terms, term.data, term.len, NULL);
    }
    vm_buf_free(&term);
    return r < 0 ? -1 : 0;
}

int vm_stopwords_add_file(vm_stopwords *s, const char *path, vm_error *err) {
    vm_instream *in = vm_instream_open(path, err);
    if (!in) return -1;
    vm_linereader *lr = vm_linereader_new(in);
    int rc = read_lines(s, lr, path, err);
    vm_linereader_free(lr);
    vm_instream_close(in);
    return rc;
}

int vm_stopwords_has(const vm_stopwords *s, const char *term, size_t len) {
    return vm_strmap_find(s->terms, term, len) >= 0;
}

size_t vm_stopwords_count(const vm_stopwords *s) { return vm_strmap_size(s->terms); }
