/*
 * test_cluster_model.c - the topic model text format: write -> parse ->
 * write gives identical bytes (plain and gzip), fields that need escaping
 * survive, and malformed models are rejected with a line number.
 */
#include "check.h"

#include "cluster/model.h"
#include "common/buf.h"
#include "common/outfile.h"

#include <stdlib.h>
#include <string.h>

static void add_term(vm_topic *t, uint32_t term, uint64_t count) {
    t->terms = realloc(t->terms, (t->nterms + 1) * sizeof *t->terms);
    t->terms[t->nterms++] = (vm_topic_term){term, count};
}

/* A model with awkward strings, every status and unsorted terms. */
static vm_topic_model *sample_model(void) {
    vm_topic_model *m = vm_topic_model_new();
    m->run = 7;
    m->next_topic = 12;
    m->docs = 500;
    uint32_t late = vm_topic_model_term(m, "~late", 5);
    uint32_t tab = vm_topic_model_term(m, "a\tb\\c\nd", 7);
    uint32_t han = vm_topic_model_term(m, "配送", strlen("配送"));
    uint32_t asp = vm_topic_model_term(m, "@delivery", 9);
    uint32_t unused = vm_topic_model_term(m, "unused", 6);
    m->df[late] = 90;
    m->df[tab] = 3;
    m->df[han] = 80;
    m->df[asp] = 70;
    m->df[unused] = 1;

    vm_topic *t = vm_topic_model_add(m, 9);
    t->status = VM_TOPIC_ACTIVE;
    t->created_run = 2;
    t->last_run = 7;
    t->docs = 60;
    t->words = 300;
    add_term(t, han, 40);
    add_term(t, late, 55);
    add_term(t, asp, 40);
    vm_topic_set_str(&t->label, "配送/delivery, 慢/late");
    vm_topic_set_str(&t->aspect, "delivery");
    vm_topic_set_str(&t->exemplars, "C1;C\t2;C3");
    vm_topic_set_str(&t->lineage, "split_from=T3@2;absorbed=T4@5");

    t = vm_topic_model_add(m, 3);
    t->status = VM_TOPIC_DORMANT;
    t->created_run = 1;
    t->last_run = 4;
    t->docs = 10;
    t->words = 20;
    add_term(t, tab, 3);

    t = vm_topic_model_add(m, 4);
    t->status = VM_TOPIC_MERGED;
    t->created_run = 1;
    t->last_run = 5;
    vm_topic_set_str(&t->lineage, "merged_into=T9@5");

    t = vm_topic_model_add(m, 11);
    t->status = VM_TOPIC_NEW;
    t->created_run = t->last_run = 7;
    t->docs = 5;
    t->words = 12;
    add_term(t, late, 5);
    return m;
}

static void test_round_trip(void) {
    vm_topic_model *m = sample_model();
    vm_buf first = {0}, second = {0}, third = {0};
    vm_topic_model_write(m, &first);
    vm_error err;
    vm_topic_model *p = vm_topic_model_parse(first.data, first.len, "first", &err);
    CHECK(p != NULL);
    if (!p) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    vm_topic_model_write(p, &second);
    CHECK(first.len == second.len && memcmp(first.data, second.data, first.len) == 0);
    CHECK(p->run == 7 && p->next_topic == 12 && p->docs == 500);
    CHECK(p->ntopics == 4);
    long i9 = vm_topic_model_find(p, 9);
    CHECK(i9 >= 0);
    if (i9 >= 0) {
        vm_topic *t = &p->topics[i9];
        CHECK_STR(t->exemplars, "C1;C\t2;C3");
        CHECK_STR(t->label, "配送/delivery, 慢/late");
        CHECK_STR(t->lineage, "split_from=T3@2;absorbed=T4@5");
        CHECK(t->status == VM_TOPIC_ACTIVE && t->docs == 60 && t->words == 300 && t->nterms == 3);
        /* canonical order: count descending, then term bytes */
        CHECK_STR(vm_strmap_key(p->vocab, t->terms[0].term, NULL), "~late");
        CHECK_STR(vm_strmap_key(p->vocab, t->terms[1].term, NULL), "@delivery");
    }
    long i4 = vm_topic_model_find(p, 4);
    CHECK(i4 >= 0 && p->topics[i4].status == VM_TOPIC_MERGED);
    /* terms no topic uses are not written */
    CHECK(vm_strmap_find(p->vocab, "unused", 6) < 0);
    long tab = vm_strmap_find(p->vocab, "a\tb\\c\nd", 7);
    CHECK(tab >= 0 && p->df[tab] == 3);
    /* the text escapes TAB, backslash and newline */
    CHECK(strstr(first.data, "term\ta\\tb\\\\c\\nd\t3\n") != NULL);
    /* topics are written by number */
    CHECK(strstr(first.data, "topic\tT3\t") < strstr(first.data, "topic\tT4\t"));

    /* gzip input parses to the same model */
    vm_gzip_member(first.data, first.len, 6, &third);
    vm_topic_model *g = vm_topic_model_parse(third.data, third.len, "gz", &err);
    CHECK(g != NULL);
    vm_buf_reset(&second);
    if (g) vm_topic_model_write(g, &second);
    CHECK(first.len == second.len && memcmp(first.data, second.data, first.len) == 0);

    vm_topic_model_free(g);
    vm_topic_model_free(p);
    vm_topic_model_free(m);
    vm_buf_free(&first);
    vm_buf_free(&second);
    vm_buf_free(&third);
}

/* Parses text that must fail; checks the message mentions `what`. */
static void expect_bad(const char *text, const char *what) {
    vm_error err = {{0}};
    vm_topic_model *m = vm_topic_model_parse(text, strlen(text), "bad.tsv", &err);
    CHECK(m == NULL);
    if (m) {
        fprintf(stderr, "accepted: %s\n", text);
        vm_topic_model_free(m);
        return;
    }
    int ok = strstr(err.msg, what) != NULL && strncmp(err.msg, "bad.tsv: ", 9) == 0;
    CHECK(ok);
    if (!ok) fprintf(stderr, "message '%s' lacks '%s'\n", err.msg, what);
}

#define HEAD "vocmine-topic-model\t1\nrun\t2\nnext_topic\t5\ndocs\t10\n"

static void test_rejects(void) {
    expect_bad("", "empty");
    expect_bad("hello\t1\n", "line 1: not a vocmine topic model");
    expect_bad("vocmine-topic-model\t2\n", "unsupported");
    expect_bad(HEAD "term\tx\t3\nterm\tx\t4\n", "line 6: duplicate term");
    expect_bad(HEAD "w\tx\t1\n", "before any topic");
    expect_bad(HEAD "term\tx\t3\ntopic\tT1\tactive\t1\t2\t2\t4\t\t\t\t\nw\ty\t1\n", "not in the vocabulary");
    expect_bad(HEAD "term\tx\t3\ntopic\tT1\tactive\t1\t2\t2\t4\t\t\t\t\nw\tx\t3\n", "bad number");
    expect_bad(HEAD "term\tx\t3\ntopic\tT1\tactive\t1\t2\t2\t4\t\t\t\t\nw\tx\t1\nw\tx\t1\n", "repeated");
    expect_bad(HEAD "term\tx\t3\ntopic\tT1\tactive\t1\t2\t2\t1\t\t\t\t\nw\tx\t2\n", "exceed");
    expect_bad(HEAD "topic\tT5\tactive\t1\t2\t0\t0\t\t\t\t\n", "not below next_topic");
    expect_bad(HEAD "topic\tT1\tactive\t1\t3\t0\t0\t\t\t\t\n", "after the model's last run");
    expect_bad(HEAD "topic\tT1\tactive\t2\t1\t0\t0\t\t\t\t\n", "created run after last run");
    expect_bad(HEAD "topic\tT1\tbusy\t1\t2\t0\t0\t\t\t\t\n", "status");
    expect_bad(HEAD "topic\tT1\tactive\t1\t2\t0\t0\t\t\t\t\ntopic\tT01\tactive\t1\t2\t0\t0\t\t\t\t\n",
               "duplicate topic id");
    expect_bad(HEAD "topic\tX1\tactive\t1\t2\t0\t0\t\t\t\t\n", "bad topic id");
    expect_bad(HEAD "topic\tT1\tactive\t1\t2\t0\t0\t\t\t\n", "wrong number of fields");
    expect_bad(HEAD "run\t3\n", "repeated record");
    expect_bad(HEAD "term\tx\t11\n", "df exceeds docs");
    expect_bad(HEAD "term\tx\t-1\n", "bad number");
    expect_bad(HEAD "term\tx\t99999999999999999999999\n", "bad number");
    expect_bad(HEAD "colour\tblue\n", "unknown record kind");
    expect_bad("vocmine-topic-model\t1\nrun\t2\n", "missing");
    expect_bad(HEAD "topic\tT1\tactive\t1\t2\t0\t0\t\t\t\t\nterm\tx\t1\n", "after the first topic");
    expect_bad(HEAD "term\t\xff\t1\n", "UTF-8");
}

static void test_empty_model(void) {
    vm_topic_model *m = vm_topic_model_new();
    vm_buf b = {0};
    vm_topic_model_write(m, &b);
    CHECK_STR(b.data, "vocmine-topic-model\t1\nrun\t0\nnext_topic\t1\ndocs\t0\n");
    vm_error err;
    vm_topic_model *p = vm_topic_model_parse(b.data, b.len, "empty", &err);
    CHECK(p != NULL && p->ntopics == 0 && p->next_topic == 1);
    vm_topic_model_free(p);
    vm_topic_model_free(m);
    vm_buf_free(&b);
}

int main(void) {
    test_round_trip();
    test_rejects();
    test_empty_model();
    return check_done();
}
