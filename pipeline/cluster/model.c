/*
 * model.c - the topic model in memory, its canonical writer and its
 * strict parser (format in model.h).
 *
 * Invariants: df has at least vm_strmap_size(vocab) slots once
 * vm_topic_model_sync_df ran; every vm_topic_term.term is a vocabulary
 * id; topic numbers are unique. The parser checks all of that (and the
 * count bounds documented in model.h) so the sampler can trust a model.
 */
#include "cluster/model.h"
#include "common/instream.h"
#include "common/mem.h"
#include "common/tsv.h"
#include "common/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE_BYTES (1u << 20)
#define MAX_FIELDS 12

static const char *const status_names[] = {"new", "active", "dormant", "merged"};

const char *vm_topic_status_name(int status) {
    return status >= 0 && status <= VM_TOPIC_MERGED ? status_names[status] : "?";
}

/* Returns the status for a name, or -1. */
static int status_parse(const char *s) {
    for (int i = 0; i <= VM_TOPIC_MERGED; i++)
        if (strcmp(s, status_names[i]) == 0) return i;
    return -1;
}

vm_topic_model *vm_topic_model_new(void) {
    vm_topic_model *m = vm_xcalloc(1, sizeof *m);
    m->vocab = vm_strmap_new();
    m->next_topic = 1;
    return m;
}

static void topic_free(vm_topic *t) {
    free(t->terms);
    free(t->label);
    free(t->aspect);
    free(t->exemplars);
    free(t->lineage);
}

void vm_topic_model_free(vm_topic_model *m) {
    if (!m) return;
    for (size_t i = 0; i < m->ntopics; i++) topic_free(&m->topics[i]);
    free(m->topics);
    free(m->df);
    vm_strmap_free(m->vocab);
    free(m);
}

void vm_topic_model_sync_df(vm_topic_model *m) {
    size_t need = vm_strmap_size(m->vocab);
    if (need <= m->df_cap) return;
    size_t cap = m->df_cap ? m->df_cap : 1024;
    while (cap < need) cap *= 2;
    m->df = vm_xrealloc(m->df, cap * sizeof *m->df);
    memset(m->df + m->df_cap, 0, (cap - m->df_cap) * sizeof *m->df);
    m->df_cap = cap;
}

uint32_t vm_topic_model_term(vm_topic_model *m, const char *term, size_t len) {
    long id = vm_strmap_intern(m->vocab, term, len, NULL);
    vm_topic_model_sync_df(m);
    return (uint32_t)id;
}

void vm_topic_set_str(char **field, const char *s) {
    free(*field);
    *field = vm_xstrdup(s);
}

vm_topic *vm_topic_model_add(vm_topic_model *m, uint32_t num) {
    if (m->ntopics == m->topics_cap) {
        m->topics_cap = m->topics_cap ? m->topics_cap * 2 : 16;
        m->topics = vm_xrealloc(m->topics, m->topics_cap * sizeof *m->topics);
    }
    vm_topic *t = &m->topics[m->ntopics++];
    memset(t, 0, sizeof *t);
    t->num = num;
    t->label = vm_xstrdup("");
    t->aspect = vm_xstrdup("");
    t->exemplars = vm_xstrdup("");
    t->lineage = vm_xstrdup("");
    return t;
}

long vm_topic_model_find(const vm_topic_model *m, uint32_t num) {
    for (size_t i = 0; i < m->ntopics; i++)
        if (m->topics[i].num == num) return (long)i;
    return -1;
}

/* ---- writer ---- */

int vm_topic_model_term_cmp(const vm_topic_model *m, uint32_t a, uint32_t b) {
    size_t la, lb;
    const char *ka = vm_strmap_key(m->vocab, a, &la);
    const char *kb = vm_strmap_key(m->vocab, b, &lb);
    int c = memcmp(ka, kb, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

static int cmp_ids(const void *a, const void *b, void *m) {
    return vm_topic_model_term_cmp(m, *(const uint32_t *)a, *(const uint32_t *)b);
}

static int cmp_topic_terms(const void *a, const void *b, void *m) {
    const vm_topic_term *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return vm_topic_model_term_cmp(m, x->term, y->term);
}

void vm_topic_terms_sort(const vm_topic_model *m, vm_topic_term *terms, size_t n) {
    qsort_r(terms, n, sizeof *terms, cmp_topic_terms, (void *)m);
}

static int cmp_topic_ptrs(const void *a, const void *b) {
    const vm_topic *x = *(const vm_topic *const *)a, *y = *(const vm_topic *const *)b;
    return (x->num > y->num) - (x->num < y->num);
}

static void put_field(vm_buf *out, const char *s) {
    vm_buf_putc(out, '\t');
    vm_tsv_escape(out, s, strlen(s));
}

static void put_num(vm_buf *out, uint64_t v) {
    vm_buf_putc(out, '\t');
    vm_buf_put_u64(out, v);
}

static void write_topic(const vm_topic_model *m, const vm_topic *t, vm_buf *out) {
    vm_buf_printf(out, "topic\tT%u\t%s", t->num, vm_topic_status_name(t->status));
    put_num(out, t->created_run);
    put_num(out, t->last_run);
    put_num(out, t->docs);
    put_num(out, t->words);
    put_field(out, t->label);
    put_field(out, t->aspect);
    put_field(out, t->exemplars);
    put_field(out, t->lineage);
    vm_buf_putc(out, '\n');
    vm_topic_term *terms = vm_xmalloc((t->nterms + 1) * sizeof *terms);
    if (t->nterms) memcpy(terms, t->terms, t->nterms * sizeof *terms);
    vm_topic_terms_sort(m, terms, t->nterms);
    for (uint32_t i = 0; i < t->nterms; i++) {
        size_t len;
        const char *key = vm_strmap_key(m->vocab, terms[i].term, &len);
        vm_buf_puts(out, "w\t");
        vm_tsv_escape(out, key, len);
        put_num(out, terms[i].count);
        vm_buf_putc(out, '\n');
    }
    free(terms);
}

void vm_topic_model_write(const vm_topic_model *m, vm_buf *out) {
    vm_buf_printf(out, "vocmine-topic-model\t%d\n", VM_MODEL_VERSION);
    vm_buf_printf(out, "run\t%u\nnext_topic\t%u\ndocs\t", m->run, m->next_topic);
    vm_buf_put_u64(out, m->docs);
    vm_buf_putc(out, '\n');

    size_t v = vm_strmap_size(m->vocab);
    unsigned char *used = vm_xcalloc(v + 1, 1);
    size_t nused = 0;
    for (size_t i = 0; i < m->ntopics; i++)
        for (uint32_t j = 0; j < m->topics[i].nterms; j++) {
            uint32_t id = m->topics[i].terms[j].term;
            nused += !used[id];
            used[id] = 1;
        }
    uint32_t *ids = vm_xmalloc((nused + 1) * sizeof *ids);
    size_t n = 0;
    for (size_t id = 0; id < v; id++)
        if (used[id]) ids[n++] = (uint32_t)id;
    qsort_r(ids, n, sizeof *ids, cmp_ids, (void *)m);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *key = vm_strmap_key(m->vocab, ids[i], &len);
        vm_buf_puts(out, "term\t");
        vm_tsv_escape(out, key, len);
        put_num(out, ids[i] < m->df_cap ? m->df[ids[i]] : 0);
        vm_buf_putc(out, '\n');
    }
    free(ids);
    free(used);

    const vm_topic **order = vm_xmalloc((m->ntopics + 1) * sizeof *order);
    for (size_t i = 0; i < m->ntopics; i++) order[i] = &m->topics[i];
    qsort(order, m->ntopics, sizeof *order, cmp_topic_ptrs);
    for (size_t i = 0; i < m->ntopics; i++) write_topic(m, order[i], out);
    free(order);
}

/* ---- parser ---- */

typedef struct parser {
    vm_topic_model *m;
    const char *name;
    uint64_t line;
    vm_buf row;
    char *field[MAX_FIELDS];
    size_t flen[MAX_FIELDS];
    int nfields;
    int seen_run, seen_next, seen_docs;
    long cur;                  /* index of the topic w lines belong to */
    unsigned char *in_topic;   /* per vocabulary id: already in cur topic */
    size_t in_topic_cap;
    uint64_t cur_sum;          /* sum of cur topic's counts */
    vm_strmap *nums;           /* topic numbers seen */
    vm_error *err;
} parser;

static int bad(parser *p, const char *reason) {
    return vm_fail(p->err, "%s: line %llu: %s", p->name, (unsigned long long)p->line, reason);
}

/* Splits p->row into unescaped fields; more than MAX_FIELDS is an error. */
static int split(parser *p) {
    char *s = p->row.data, *end = s + p->row.len;
    p->nfields = 0;
    for (;;) {
        char *tab = memchr(s, '\t', (size_t)(end - s));
        char *stop = tab ? tab : end;
        if (p->nfields == MAX_FIELDS) return bad(p, "too many fields");
        *stop = '\0';
        size_t n = vm_tsv_unescape(s, (size_t)(stop - s));
        if (memchr(s, '\0', n)) return bad(p, "NUL byte in a field");
        p->field[p->nfields] = s;
        p->flen[p->nfields++] = n;
        if (!tab) return 0;
        s = tab + 1;
    }
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out) {
    if (!*s || strlen(s) > 20) return -1;
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        unsigned d = (unsigned)(*s - '0');
        if (v > max / 10 || (v == max / 10 && d > max % 10)) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

static int need_fields(parser *p, int n) {
    return p->nfields == n ? 0 : bad(p, "wrong number of fields");
}

static int field_u64(parser *p, int i, uint64_t max, uint64_t *out) {
    if (parse_u64(p->field[i], max, out) != 0) return bad(p, "bad number");
    return 0;
}

static int parse_meta(parser *p, int *seen, uint64_t max, uint64_t *out) {
    if (need_fields(p, 2) != 0) return -1;
    if (*seen) return bad(p, "repeated record");
    *seen = 1;
    return field_u64(p, 1, max, out);
}

static int parse_term(parser *p) {
    if (need_fields(p, 3) != 0) return -1;
    size_t len = p->flen[1];
    if (len == 0 || len > VM_MODEL_MAX_TERM_BYTES) return bad(p, "term empty or too long");
    if (vm_utf8_invalid_count(p->field[1], len)) return bad(p, "term is not valid UTF-8");
    uint64_t df;
    if (field_u64(p, 2, UINT64_MAX, &df) != 0) return -1;
    if (vm_strmap_size(p->m->vocab) >= VM_MODEL_MAX_TERMS) return bad(p, "too many terms");
    int added;
    long id = vm_strmap_intern(p->m->vocab, p->field[1], len, &added);
    if (!added) return bad(p, "duplicate term");
    vm_topic_model_sync_df(p->m);
    p->m->df[id] = df;
    return 0;
}

static int parse_topic_num(const char *s, uint32_t *num) {
    uint64_t v;
    if (s[0] != 'T' || parse_u64(s + 1, UINT32_MAX - 1, &v) != 0 || v == 0) return -1;
    *num = (uint32_t)v;
    return 0;
}

/* Checks the count bounds of the topic whose w lines just ended. */
static int close_topic(parser *p) {
    if (p->cur < 0) return 0;
    vm_topic *t = &p->m->topics[p->cur];
    for (uint32_t i = 0; i < t->nterms; i++) p->in_topic[t->terms[i].term] = 0;
    if (p->cur_sum > t->words) return bad(p, "term counts exceed the topic's words");
    return 0;
}

static int parse_topic(parser *p) {
    if (need_fields(p, 11) != 0 || close_topic(p) != 0) return -1;
    uint32_t num;
    if (parse_topic_num(p->field[1], &num) != 0) return bad(p, "bad topic id");
    int status = status_parse(p->field[2]);
    if (status < 0) return bad(p, "bad topic status");
    uint64_t created, last, docs, words;
    if (field_u64(p, 3, UINT32_MAX, &created) || field_u64(p, 4, UINT32_MAX, &last) ||
        field_u64(p, 5, UINT64_MAX, &docs) || field_u64(p, 6, UINT64_MAX, &words))
        return -1;
    if (created > last) return bad(p, "created run after last run");
    if (p->m->ntopics >= VM_MODEL_MAX_TOPICS) return bad(p, "too many topics");
    char canon[16];
    int clen = snprintf(canon, sizeof canon, "T%u", num);
    int added;
    vm_strmap_intern(p->nums, canon, (size_t)clen, &added);
    if (!added) return bad(p, "duplicate topic id");
    for (int i = 7; i <= 10; i++)
        if (vm_utf8_invalid_count(p->field[i], p->flen[i])) return bad(p, "text field is not valid UTF-8");
    vm_topic *t = vm_topic_model_add(p->m, num);
    t->status = status;
    t->created_run = (uint32_t)created;
    t->last_run = (uint32_t)last;
    t->docs = docs;
    t->words = words;
    vm_topic_set_str(&t->label, p->field[7]);
    vm_topic_set_str(&t->aspect, p->field[8]);
    vm_topic_set_str(&t->exemplars, p->field[9]);
    vm_topic_set_str(&t->lineage, p->field[10]);
    p->cur = (long)p->m->ntopics - 1;
    p->cur_sum = 0;
    return 0;
}

static int parse_w(parser *p) {
    if (need_fields(p, 3) != 0) return -1;
    if (p->cur < 0) return bad(p, "term count before any topic");
    long id = vm_strmap_find(p->m->vocab, p->field[1], p->flen[1]);
    if (id < 0) return bad(p, "term not in the vocabulary");
    vm_topic *t = &p->m->topics[p->cur];
    uint64_t count;
    if (field_u64(p, 2, t->docs, &count) != 0) return -1;
    if (count == 0) return bad(p, "zero term count");
    if (t->nterms >= VM_MODEL_TOPIC_TERMS) return bad(p, "too many terms in one topic");
    if ((size_t)id >= p->in_topic_cap) {
        size_t cap = p->in_topic_cap ? p->in_topic_cap : 1024;
        while (cap <= (size_t)id) cap *= 2;
        p->in_topic = vm_xrealloc(p->in_topic, cap);
        memset(p->in_topic + p->in_topic_cap, 0, cap - p->in_topic_cap);
        p->in_topic_cap = cap;
    }
    if (p->in_topic[id]) return bad(p, "term repeated in a topic");
    p->in_topic[id] = 1;
    if (t->nterms % 16 == 0) t->terms = vm_xrealloc(t->terms, (t->nterms + 16) * sizeof *t->terms);
    t->terms[t->nterms++] = (vm_topic_term){(uint32_t)id, count};
    p->cur_sum += count;
    if (p->cur_sum < count) return bad(p, "term counts overflow");
    return 0;
}

static int parse_line(parser *p) {
    if (split(p) != 0) return -1;
    const char *kind = p->field[0];
    uint64_t v;
    if (strcmp(kind, "w") == 0) return parse_w(p);
    if (strcmp(kind, "term") == 0) {
        if (p->cur >= 0) return bad(p, "term record after the first topic");
        return parse_term(p);
    }
    if (strcmp(kind, "topic") == 0) return parse_topic(p);
    if (strcmp(kind, "run") == 0) {
        if (parse_meta(p, &p->seen_run, UINT32_MAX - 1, &v) != 0) return -1;
        p->m->run = (uint32_t)v;
        return 0;
    }
    if (strcmp(kind, "next_topic") == 0) {
        if (parse_meta(p, &p->seen_next, UINT32_MAX, &v) != 0) return -1;
        p->m->next_topic = (uint32_t)v;
        return 0;
    }
    if (strcmp(kind, "docs") == 0) return parse_meta(p, &p->seen_docs, UINT64_MAX, &p->m->docs);
    return bad(p, "unknown record kind");
}

static int parse_header(parser *p) {
    if (split(p) != 0) return -1;
    if (p->nfields != 2 || strcmp(p->field[0], "vocmine-topic-model") != 0)
        return bad(p, "not a vocmine topic model (bad first line)");
    uint64_t version;
    if (parse_u64(p->field[1], UINT32_MAX, &version) != 0 || version != VM_MODEL_VERSION)
        return bad(p, "unsupported topic model version");
    return 0;
}

/* Whole-model checks once every line is in. */
static int check_model(parser *p) {
    vm_topic_model *m = p->m;
    if (!p->seen_run || !p->seen_next || !p->seen_docs)
        return vm_fail(p->err, "%s: missing run, next_topic or docs record", p->name);
    if (m->next_topic == 0) return vm_fail(p->err, "%s: next_topic must be at least 1", p->name);
    for (size_t i = 0; i < vm_strmap_size(m->vocab); i++)
        if (m->df[i] > m->docs) return vm_fail(p->err, "%s: a term's df exceeds docs", p->name);
    for (size_t i = 0; i < m->ntopics; i++) {
        const vm_topic *t = &m->topics[i];
        if (t->num >= m->next_topic)
            return vm_fail(p->err, "%s: topic T%u is not below next_topic", p->name, t->num);
        if (t->last_run > m->run)
            return vm_fail(p->err, "%s: topic T%u was seen after the model's last run", p->name, t->num);
    }
    return 0;
}

static int parse_lines(parser *p, vm_linereader *lr) {
    const char *line;
    size_t len;
    int r;
    while ((r = vm_linereader_next(lr, &line, &len, p->err)) == 1) {
        p->line++;
        if (len > MAX_LINE_BYTES) return bad(p, "line too long");
        vm_buf_reset(&p->row);
        vm_buf_append(&p->row, line, len);
        if ((p->line == 1 ? parse_header(p) : parse_line(p)) != 0) return -1;
    }
    if (r < 0) return -1;
    if (p->line == 0) return vm_fail(p->err, "%s: empty topic model", p->name);
    if (close_topic(p) != 0) return -1;
    return check_model(p);
}

vm_topic_model *vm_topic_model_parse(const void *data, size_t len, const char *name, vm_error *err) {
    vm_instream *in = vm_instream_open_mem(data, len, name, err);
    if (!in) return NULL;
    vm_linereader *lr = vm_linereader_new(in);
    parser p = {.m = vm_topic_model_new(), .name = name, .cur = -1, .nums = vm_strmap_new(), .err = err};
    int rc = parse_lines(&p, lr);
    vm_linereader_free(lr);
    vm_instream_close(in);
    vm_buf_free(&p.row);
    free(p.in_topic);
    vm_strmap_free(p.nums);
    if (rc != 0) {
        vm_topic_model_free(p.m);
        return NULL;
    }
    return p.m;
}
