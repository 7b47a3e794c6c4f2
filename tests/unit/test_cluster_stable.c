/*
 * test_cluster_stable.c - topic ids across runs: complaints of a known
 * topic go back to its id, an unseen group gets a fresh id (never one
 * used before), a topic absent from a run stays as dormant with its id,
 * and --retrain maps rebuilt topics onto the old ids.
 *
 * Night 1 holds groups alpha, bravo, charlie; night 2 holds alpha, bravo
 * and the new group delta (see cluster_fixture.h).
 */
#include "check.h"
#include "cluster_fixture.h"
#include "cluster/model.h"

#define DOCS 80

typedef struct night1 {
    char alpha[32], bravo[32], charlie[32];
    int max_id;
} night1;

static void check_night1(const char *dir, night1 *n1) {
    fixture_table asg, st;
    CHECK(read_table(dir, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    CHECK(read_table(dir, "topics.tsv.gz", "topic", "status", &st) == 0);
    double share;
    snprintf(n1->alpha, sizeof n1->alpha, "%s", majority_topic(&asg, "n1", 0, DOCS, &share));
    CHECK(share >= 0.95);
    snprintf(n1->bravo, sizeof n1->bravo, "%s", majority_topic(&asg, "n1", 1, DOCS, &share));
    CHECK(share >= 0.95);
    snprintf(n1->charlie, sizeof n1->charlie, "%s", majority_topic(&asg, "n1", 2, DOCS, &share));
    CHECK(share >= 0.95);
    CHECK(strcmp(n1->alpha, n1->bravo) != 0 && strcmp(n1->alpha, n1->charlie) != 0 &&
          strcmp(n1->bravo, n1->charlie) != 0);
    /* only complaints are assigned: the positive row and the duplicate are not */
    CHECK(table_get(&asg, "n1-happy") == NULL && table_get(&asg, "n1-dup") == NULL);
    n1->max_id = 0;
    for (size_t i = 0; i < st.n; i++) {
        CHECK_STR(st.vals[i], "new");
        int num = topic_number(vm_strmap_key(st.keys, (long)i, NULL));
        if (num > n1->max_id) n1->max_id = num;
    }
    table_free(&asg);
    table_free(&st);
}

/* Night 2 after night 1; retrain says whether --retrain was given. */
static void check_night2(const char *dir, const night1 *n1, int retrain) {
    fixture_table asg, st;
    CHECK(read_table(dir, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    CHECK(read_table(dir, "topics.tsv.gz", "topic", "status", &st) == 0);
    double share;
    CHECK_STR(majority_topic(&asg, "n2", 0, DOCS, &share), n1->alpha);
    CHECK(share >= 0.95);
    CHECK_STR(majority_topic(&asg, "n2", 1, DOCS, &share), n1->bravo);
    CHECK(share >= 0.95);
    const char *delta = majority_topic(&asg, "n2", 3, DOCS, &share);
    CHECK(share >= 0.95);
    CHECK(topic_number(delta) > n1->max_id);
    CHECK_STR(table_get(&st, delta), "new");
    CHECK_STR(table_get(&st, n1->alpha), "active");
    CHECK_STR(table_get(&st, n1->bravo), "active");
    CHECK_STR(table_get(&st, n1->charlie), "dormant");
    /* no id is used twice: every topic row is distinct by construction of
     * the map, so count rows against the highest number */
    int max = 0;
    for (size_t i = 0; i < st.n; i++) {
        int num = topic_number(vm_strmap_key(st.keys, (long)i, NULL));
        if (num > max) max = num;
    }
    CHECK(vm_strmap_size(st.keys) == st.n);
    CHECK(max >= (int)st.n);
    if (retrain) CHECK(topic_number(delta) == n1->max_id + 1);
    table_free(&asg);
    table_free(&st);
}

/* The model a run wrote, read back as topic -> status via topics.tsv and
 * checked for the dormant topic keeping its statistics. */
static void check_model_keeps_dormant(const char *dir, const char *charlie) {
    char path[4096];
    snprintf(path, sizeof path, "%s/topic_model.tsv.gz", dir);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f) return;
    vm_buf raw = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) vm_buf_append(&raw, chunk, n);
    fclose(f);
    vm_error err;
    vm_topic_model *m = vm_topic_model_parse(raw.data, raw.len, path, &err);
    CHECK(m != NULL);
    if (m) {
        long i = vm_topic_model_find(m, (uint32_t)topic_number(charlie));
        CHECK(i >= 0);
        if (i >= 0) {
            CHECK(m->topics[i].status == VM_TOPIC_DORMANT);
            CHECK(m->topics[i].docs >= DOCS * 95 / 100 && m->topics[i].nterms > 0);
            CHECK(m->topics[i].created_run == 1 && m->topics[i].last_run == 1);
        }
        CHECK(m->run == 2);
    }
    vm_topic_model_free(m);
    vm_buf_free(&raw);
}

int main(void) {
    char d1[] = "/tmp/vm_cluster_n1_XXXXXX", d2[] = "/tmp/vm_cluster_n2_XXXXXX", d3[] = "/tmp/vm_cluster_n3_XXXXXX";
    make_dir(d1);
    make_dir(d2);
    make_dir(d3);
    static const int g1[] = {0, 1, 2}, g2[] = {0, 1, 3};
    write_features(d1, "n1", g1, 3, DOCS);
    write_features(d2, "n2", g2, 3, DOCS);
    write_features(d3, "n2", g2, 3, DOCS);

    CHECK(run_cluster(d1, NULL) == 0);
    night1 n1;
    check_night1(d1, &n1);

    char model[4096];
    snprintf(model, sizeof model, "%s/topic_model.tsv.gz", d1);
    const char *const warm[] = {"--model", model, NULL};
    CHECK(run_cluster(d2, warm) == 0);
    check_night2(d2, &n1, 0);
    check_model_keeps_dormant(d2, n1.charlie);

    const char *const retrain[] = {"--model", model, "--retrain", NULL};
    CHECK(run_cluster(d3, retrain) == 0);
    check_night2(d3, &n1, 1);
    check_model_keeps_dormant(d3, n1.charlie);

    /* a missing model file is an error, not a cold start */
    const char *const missing[] = {"--model", "/nonexistent/model.tsv.gz", NULL};
    CHECK(run_cluster(d2, missing) == 1);

    remove_dir(d1);
    remove_dir(d2);
    remove_dir(d3);
    return check_done();
}
