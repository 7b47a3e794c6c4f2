/*
 * rundata.c - loading topics and assignments, and the tally cells (see
 * rundata.h).
 */
#include "report/rundata.h"
#include "report/keys.h"
#include "report/tsvrows.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/tsv.h"

#include <stdlib.h>
#include <string.h>

void vm_rundata_init(vm_rundata *rd) {
    memset(rd, 0, sizeof *rd);
    rd->topic_ids = vm_strmap_new();
    rd->groups = vm_strmap_new();
    rd->channels = vm_strmap_new();
    rd->days = vm_strmap_new();
    rd->cells = vm_strmap_new();
    rd->assign = vm_strmap_new();
    rd->wanted = vm_strmap_new();
}

void vm_rundata_free(vm_rundata *rd) {
    for (size_t i = 0; i < rd->ntopics; i++) {
        vm_topic_info *t = &rd->topics[i];
        free(t->id);
        free(t->status);
        free(t->label);
        free(t->aspect);
        free(t->keywords);
        for (size_t k = 0; k < t->nexemplars; k++) free(t->exemplars[k]);
    }
    free(rd->topics);
    for (size_t i = 0; i < vm_strmap_size(rd->wanted); i++) free(rd->wanted_text[i]);
    free(rd->wanted_text);
    free(rd->day_order);
    free(rd->cellv);
    free(rd->assign_topic);
    vm_strmap_free(rd->topic_ids);
    vm_strmap_free(rd->groups);
    vm_strmap_free(rd->channels);
    vm_strmap_free(rd->days);
    vm_strmap_free(rd->cells);
    vm_strmap_free(rd->assign);
    vm_strmap_free(rd->wanted);
    memset(rd, 0, sizeof *rd);
}

size_t vm_rundata_topic_intern(vm_rundata *rd, const char *id) {
    int added;
    long i = vm_strmap_intern(rd->topic_ids, id, strlen(id), &added);
    if (added) {
        rd->topics = vm_xrealloc(rd->topics, (size_t)(i + 1) * sizeof *rd->topics);
        vm_topic_info *t = &rd->topics[i];
        memset(t, 0, sizeof *t);
        t->id = vm_xstrdup(id);
        t->status = vm_xstrdup("");
        t->label = vm_xstrdup("");
        t->aspect = vm_xstrdup("");
        t->keywords = vm_xstrdup("");
        t->size = -1;
        rd->ntopics = (size_t)i + 1;
    }
    return (size_t)i;
}

static char *field_dup(const vm_tsvfile *t, int col) {
    if (col < 0) return vm_xstrdup("");
    size_t len;
    const char *f = vm_tsvfile_field(t, col, &len);
    return vm_xstrndup(f, len);
}

/* The first aspect category of "cat:pol;cat2:pol" (a leading '@' dropped). */
static char *first_aspect(const vm_tsvfile *t, int col) {
    char *a = field_dup(t, col);
    a[strcspn(a, ";:")] = '\0';
    if (a[0] == '@') memmove(a, a + 1, strlen(a));
    return a;
}

static void want_exemplar(vm_rundata *rd, const char *id, size_t len) {
    int added;
    long slot = vm_strmap_intern(rd->wanted, id, len, &added);
    if (added) {
        rd->wanted_text = vm_xrealloc(rd->wanted_text, (size_t)(slot + 1) * sizeof *rd->wanted_text);
        rd->wanted_text[slot] = NULL;
    }
}

static void set_exemplars(vm_rundata *rd, vm_topic_info *t, const char *list) {
    const char *p = list;
    while (*p && t->nexemplars < VM_MAX_EXEMPLARS) {
        size_t n = strcspn(p, ";");
        if (n > 0) {
            t->exemplars[t->nexemplars++] = vm_xstrndup(p, n);
            want_exemplar(rd, p, n);
        }
        p += n;
        if (*p == ';') p++;
    }
}

typedef struct topic_cols {
    int topic, status, label, aspect, keywords, size, exemplars;
} topic_cols;

static void load_topic_row(vm_rundata *rd, vm_tsvfile *tf, const topic_cols *c, const char *path) {
    size_t len;
    const char *id = vm_tsvfile_field(tf, c->topic, &len);
    if (!vm_key_topic_id_ok(id) || strlen(id) != len) {
        vm_log_warn("%s: row %llu: topic id empty or longer than %d bytes, row skipped", path,
                    (unsigned long long)vm_tsvfile_line(tf), VM_TOPIC_ID_MAX);
        rd->bad_topic_rows++;
        return;
    }
    size_t before = rd->ntopics;
    size_t i = vm_rundata_topic_intern(rd, id);
    vm_topic_info *t = &rd->topics[i];
    if (i < before && t->listed) {
        vm_log_warn("%s: row %llu: topic %s listed twice, later row skipped", path,
                    (unsigned long long)vm_tsvfile_line(tf), id);
        rd->bad_topic_rows++;
        return;
    }
    t->listed = 1;
    free(t->status);
    free(t->label);
    free(t->aspect);
    free(t->keywords);
    t->status = field_dup(tf, c->status);
    t->label = field_dup(tf, c->label);
    t->aspect = first_aspect(tf, c->aspect);
    t->keywords = field_dup(tf, c->keywords);
    if (c->size >= 0) {
        char *end;
        const char *s = vm_tsvfile_field(tf, c->size, NULL);
        long v = strtol(s, &end, 10);
        t->size = (*s && !*end) ? v : -1;
    }
    if (c->exemplars >= 0) set_exemplars(rd, t, vm_tsvfile_field(tf, c->exemplars, NULL));
}

int vm_rundata_load_topics(vm_rundata *rd, const char *path, vm_error *err) {
    vm_tsvfile *tf = vm_tsvfile_open(path, err);
    if (!tf) return -1;
    topic_cols c = {vm_tsvfile_need(tf, "topic", err), vm_tsvfile_col(tf, "status"), vm_tsvfile_col(tf, "label"),
                    vm_tsvfile_col(tf, "aspect"), vm_tsvfile_col(tf, "keywords"), vm_tsvfile_col(tf, "size"),
                    vm_tsvfile_col(tf, "exemplars")};
    int rc = c.topic < 0 ? -1 : 0;
    while (rc == 0) {
        int r = vm_tsvrows_next(tf, path, &rd->bad_topic_rows, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        load_topic_row(rd, tf, &c, path);
    }
    vm_tsvfile_close(tf);
    return rc;
}

int vm_rundata_load_assignments(vm_rundata *rd, const char *path, vm_error *err) {
    vm_tsvfile *tf = vm_tsvfile_open(path, err);
    if (!tf) return -1;
    int cid = vm_tsvfile_need(tf, "id", err);
    int ctopic = cid < 0 ? -1 : vm_tsvfile_need(tf, "topic", err);
    int rc = ctopic < 0 ? -1 : 0;
    while (rc == 0) {
        int r = vm_tsvrows_next(tf, path, &rd->bad_assignment_rows, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        size_t idlen, tlen;
        const char *id = vm_tsvfile_field(tf, cid, &idlen);
        const char *topic = vm_tsvfile_field(tf, ctopic, &tlen);
        if (tlen == 0) continue; /* explicitly unassigned */
        if (idlen == 0 || !vm_key_topic_id_ok(topic) || strlen(topic) != tlen) {
            vm_log_warn("%s: row %llu: empty id or bad topic id, row skipped", path,
                        (unsigned long long)vm_tsvfile_line(tf));
            rd->bad_assignment_rows++;
            continue;
        }
        size_t before = rd->ntopics;
        size_t ti = vm_rundata_topic_intern(rd, topic);
        if (rd->ntopics > before) {
            rd->unknown_topics++;
            vm_log_warn("%s: row %llu: topic %s is not in topics.tsv; reported without a label", path,
                        (unsigned long long)vm_tsvfile_line(tf), topic);
        }
        int added;
        long slot = vm_strmap_intern(rd->assign, id, idlen, &added);
        if (!added) {
            vm_log_warn("%s: row %llu: comment id assigned twice, first assignment kept", path,
                        (unsigned long long)vm_tsvfile_line(tf));
            rd->bad_assignment_rows++;
            continue;
        }
        if ((size_t)slot >= rd->assigncap) {
            rd->assigncap = rd->assigncap ? rd->assigncap * 2 : 1024;
            rd->assign_topic = vm_xrealloc(rd->assign_topic, rd->assigncap * sizeof *rd->assign_topic);
        }
        rd->assign_topic[slot] = (uint32_t)ti;
    }
    vm_tsvfile_close(tf);
    return rc;
}

long vm_rundata_topic_of(const vm_rundata *rd, const char *id, size_t len) {
    long slot = vm_strmap_find(rd->assign, id, len);
    return slot < 0 ? -1 : (long)rd->assign_topic[slot];
}

static void pack_key(unsigned char key[16], int kind, uint32_t a, uint32_t b, uint32_t day) {
    uint32_t v[4] = {(uint32_t)kind, a, b, day};
    memcpy(key, v, sizeof v);
}

vm_tally *vm_rundata_cell(vm_rundata *rd, int kind, uint32_t a, uint32_t b, uint32_t day) {
    unsigned char key[16];
    pack_key(key, kind, a, b, day);
    int added;
    long i = vm_strmap_intern(rd->cells, (const char *)key, sizeof key, &added);
    if (added) {
        if ((size_t)i >= rd->cellcap) {
            rd->cellcap = rd->cellcap ? rd->cellcap * 2 : 256;
            rd->cellv = vm_xrealloc(rd->cellv, rd->cellcap * sizeof *rd->cellv);
        }
        memset(&rd->cellv[i], 0, sizeof rd->cellv[i]);
    }
    return &rd->cellv[i];
}

const vm_tally *vm_rundata_find(const vm_rundata *rd, int kind, uint32_t a, uint32_t b, uint32_t day) {
    unsigned char key[16];
    pack_key(key, kind, a, b, day);
    long i = vm_strmap_find(rd->cells, (const char *)key, sizeof key);
    return i < 0 ? NULL : &rd->cellv[i];
}

void vm_rundata_cell_key(const vm_rundata *rd, size_t i, int *kind, uint32_t *a, uint32_t *b, uint32_t *day) {
    uint32_t v[4];
    memcpy(v, vm_strmap_key(rd->cells, (long)i, NULL), sizeof v);
    *kind = (int)v[0];
    *a = v[1];
    *b = v[2];
    *day = v[3];
}

size_t vm_rundata_ncells(const vm_rundata *rd) { return vm_strmap_size(rd->cells); }

static const vm_strmap *sort_days_map;

static int cmp_day(const void *x, const void *y) {
    const char *a = vm_strmap_key(sort_days_map, (long)*(const uint32_t *)x, NULL);
    const char *b = vm_strmap_key(sort_days_map, (long)*(const uint32_t *)y, NULL);
    return strcmp(a, b);
}

void vm_rundata_finish(vm_rundata *rd) {
    rd->ndays = vm_strmap_size(rd->days);
    rd->day_order = vm_xrealloc(rd->day_order, (rd->ndays + 1) * sizeof *rd->day_order);
    for (size_t i = 0; i < rd->ndays; i++) rd->day_order[i] = (uint32_t)i;
    sort_days_map = rd->days;
    qsort(rd->day_order, rd->ndays, sizeof *rd->day_order, cmp_day);
    sort_days_map = NULL;
}

const char *vm_rundata_day(const vm_rundata *rd, uint32_t day) { return vm_strmap_key(rd->days, (long)day, NULL); }

const char *vm_rundata_name(const vm_rundata *rd, int kind, uint32_t index) {
    switch (kind) {
    case VM_CELL_GROUP: return vm_strmap_key(rd->groups, (long)index, NULL);
    case VM_CELL_CHANNEL: return vm_strmap_key(rd->channels, (long)index, NULL);
    default: return rd->topics[index].id;
    }
}

double vm_tally_mean_score(const vm_tally *s) { return s->comments ? s->score_sum / (double)s->comments : 0; }

double vm_tally_complaint_rate(const vm_tally *s) {
    return s->comments ? (double)s->complaints / (double)s->comments : 0;
}

void vm_tally_add(vm_tally *into, const vm_tally *s) {
    into->comments += s->comments;
    into->complaints += s->complaints;
    into->negative += s->negative;
    for (int i = 0; i < VM_SEV_COUNT; i++) into->sev[i] += s->sev[i];
    into->score_sum += s->score_sum;
    into->neg_sum += s->neg_sum;
}
