/*
 * test_cluster_label.c - topic names (cluster/label.h): junk never shows,
 * near-duplicates (a concept and a word holding it, an English word and
 * its inflection) show once, a bare stem gives way to its word, terms held by too few documents stay out,
 * the dominant aspect's word comes first, and keywords follow the same
 * rules.
 */
#include "check.h"
#include "lexdir.h"

#include "cluster/label.h"
#include "common/outfile.h"
#include "normalize/fold.h"

#include <stdlib.h>
#include <string.h>

static vm_topic_model *m;

static void add(vm_topic *t, const char *term, uint64_t count, uint64_t df) {
    uint32_t id = vm_topic_model_term(m, term, strlen(term));
    m->df[id] = df;
    t->terms = realloc(t->terms, (t->nterms + 1) * sizeof *t->terms);
    t->terms[t->nterms++] = (vm_topic_term){id, count};
}

/* 100 of 1000 complaints: cold food, burgers, a phone number, "please",
 * half of them about delivery. */
static vm_topic *cold_topic(void) {
    vm_topic *t = vm_topic_model_add(m, 1);
    t->docs = 100;
    add(t, "<PHONE>", 80, 100);
    add(t, "请", 70, 100);
    add(t, "~cold", 60, 80);
    add(t, "@delivery", 50, 120);
    add(t, "burger", 40, 60);
    add(t, "凉透了", 30, 30);
    add(t, "burgers", 15, 30);
    add(t, "soggy", 20, 20);
    add(t, "overpric", 18, 20);
    add(t, "overpriced", 17, 19);
    add(t, "配送", 15, 100);
    add(t, "12", 15, 20);
    return t;
}

/* 5 complaints: "pucks" is held by one only. */
static vm_topic *small_topic(void) {
    vm_topic *t = vm_topic_model_add(m, 2);
    t->docs = 5;
    add(t, "steak", 4, 200);
    add(t, "meat", 3, 150);
    add(t, "pucks", 1, 1);
    return t;
}

static void test_names(const vm_labeler *L) {
    vm_topic *t = cold_topic();
    vm_topic_name(L, m, t);
    CHECK_STR(t->aspect, "delivery");
    CHECK_STR(t->label, "配送, 凉/cold, burger");
    vm_buf kw = {0};
    vm_topic_keywords(L, m, t, 10, ";", &kw);
    CHECK_STR(kw.data, "凉/cold;burger;soggy;overpriced;配送");
    vm_buf_free(&kw);

    t = small_topic();
    vm_topic_name(L, m, t);
    CHECK_STR(t->aspect, "");
    CHECK_STR(t->label, "steak, meat");
}

/* Without a lexicon: stopwords show, no aspect word is known. */
static void test_no_lexicon(const vm_seeds *seeds) {
    vm_labeler L = {.seeds = seeds, .lx = NULL};
    vm_topic *t = &m->topics[0];
    vm_topic_name(&L, m, t);
    CHECK_STR(t->aspect, "delivery");
    CHECK_STR(t->label, "请, 凉/cold, burger");
}

int main(void) {
    static const lexfile over[] = {{"stopwords.zh.tsv", "term\n的\n了\n请\n"}, {NULL, NULL}};
    char *dir = lexdir_make(over);
    char seeds_path[4096];
    snprintf(seeds_path, sizeof seeds_path, "%s/seeds.tsv", dir);
    const char *seeds_text = "concept\tlang\tterm\ncold\tzh\t凉\ncold\ten\tcold\n";
    vm_error err;
    vm_folder *folder = vm_folder_new(&err);
    vm_lexicon *lx = folder ? vm_lexicon_load(dir, folder, NULL, &err) : NULL;
    vm_write_file_atomic(seeds_path, seeds_text, strlen(seeds_text), NULL);
    vm_seeds *seeds = lx ? vm_seeds_load(seeds_path, &err) : NULL;
    unlink(seeds_path);
    if (!seeds || !lx) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return 1;
    }
    m = vm_topic_model_new();
    m->docs = 1000;
    vm_labeler L = {.seeds = seeds, .lx = lx};
    test_names(&L);
    test_no_lexicon(seeds);
    vm_topic_model_free(m);
    vm_lexicon_free(lx);
    vm_folder_free(folder);
    vm_seeds_free(seeds);
    lexdir_remove(dir);
    return check_done();
}
