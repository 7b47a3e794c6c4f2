/*
 * test_cluster_merge.c - merges are recorded: two old topics with the
 * same profile that both receive complaints are merged (the younger into
 * the older, lineage on both, every complaint on the older id), and the
 * model written afterwards (with more distinct words than a topic keeps)
 * is read back by the next run.
 */
#include "check.h"
#include "cluster_fixture.h"
#include "cluster/model.h"

/* A model of run 1 whose topics T1 and T2 both hold alpha's 15 words. */
static void write_twin_model(const char *path) {
    vm_buf b = {0};
    vm_buf_puts(&b, "vocmine-topic-model\t1\nrun\t1\nnext_topic\t3\ndocs\t100\n");
    for (int w = 0; w < 15; w++) vm_buf_printf(&b, "term\talphaw%02d\t40\n", w);
    for (int t = 1; t <= 2; t++) {
        vm_buf_printf(&b, "topic\tT%d\tactive\t1\t1\t50\t300\talpha\t\ttwin%d\t\n", t, t);
        for (int w = 0; w < 15; w++) vm_buf_printf(&b, "w\talphaw%02d\t20\n", w);
    }
    vm_write_file_atomic(path, b.data, b.len, NULL);
    vm_buf_free(&b);
}

/* 1000 alpha complaints, each also with 3 words of a 400-word pool (so
 * the topics see more distinct words than they keep, while alpha's words
 * dominate their profiles). */
static void write_alpha_features(const char *dir) {
    vm_buf t = {0}, gz = {0};
    vm_buf_puts(&t, "id\ttime\tepoch\tgroup\tchannel\trating\tlang\tdup_of\tnear_dup_of\tscore\tpolarity\tseverity\t"
                    "emphasis\taspects\tkeywords\ttokens\tdisplay\n");
    for (int n = 0; n < 1000; n++) {
        vm_buf_printf(&t, "a%d\t\t\t\t\t1\ten\t\t\t-0.5\tnegative\tnone\t0\t\t\t", n);
        for (int w = 0; w < 6; w++) vm_buf_printf(&t, "alphaw%02u ", fixture_next(15));
        for (int w = 0; w < 3; w++) vm_buf_printf(&t, "extra%03u ", fixture_next(400));
        vm_buf_puts(&t, "\tx\n");
    }
    vm_gzip_member(t.data, t.len, 1, &gz);
    char path[4096];
    snprintf(path, sizeof path, "%s/features.tsv.gz", dir);
    vm_write_file_atomic(path, gz.data, gz.len, NULL);
    vm_buf_free(&t);
    vm_buf_free(&gz);
}

int main(void) {
    char dir[] = "/tmp/vm_cluster_m_XXXXXX";
    make_dir(dir);
    char model[4096], next[4096];
    snprintf(model, sizeof model, "%s/twins.tsv", dir);
    snprintf(next, sizeof next, "%s/topic_model.tsv.gz", dir);
    write_twin_model(model);
    write_alpha_features(dir);

    const char *const warm[] = {"--model", model, NULL};
    CHECK(run_cluster(dir, warm) == 0);
    fixture_table asg, status, lineage;
    CHECK(read_table(dir, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    CHECK(read_table(dir, "topics.tsv.gz", "topic", "status", &status) == 0);
    CHECK(read_table(dir, "topics.tsv.gz", "topic", "lineage", &lineage) == 0);
    CHECK_STR(table_get(&status, "T1"), "active");
    CHECK_STR(table_get(&status, "T2"), "merged");
    CHECK_STR(table_get(&lineage, "T1"), "absorbed=T2@2");
    CHECK_STR(table_get(&lineage, "T2"), "merged_into=T1@2");
    size_t on_t1 = 0;
    for (size_t i = 0; i < asg.n; i++) on_t1 += strcmp(asg.vals[i], "T1") == 0;
    CHECK(asg.n == 1000 && on_t1 == 1000);
    table_free(&asg);
    table_free(&status);
    table_free(&lineage);

    /* the model holds more than VM_MODEL_TOPIC_TERMS words: the next run
     * must read it back, and the merged topic never takes complaints */
    FILE *f = fopen(next, "rb");
    vm_buf raw = {0};
    char chunk[4096];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0) vm_buf_append(&raw, chunk, n);
    if (f) fclose(f);
    vm_error err;
    vm_topic_model *m = vm_topic_model_parse(raw.data, raw.len, next, &err);
    CHECK(m != NULL);
    if (!m) fprintf(stderr, "%s\n", err.msg);
    for (size_t i = 0; m && i < m->ntopics; i++) CHECK(m->topics[i].nterms == VM_MODEL_TOPIC_TERMS);
    vm_topic_model_free(m);
    vm_buf_free(&raw);

    char again[4096];
    snprintf(again, sizeof again, "%s/previous.tsv.gz", dir);
    rename(next, again);
    const char *const third[] = {"--model", again, NULL};
    CHECK(run_cluster(dir, third) == 0);
    CHECK(read_table(dir, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    on_t1 = 0;
    for (size_t i = 0; i < asg.n; i++) on_t1 += strcmp(asg.vals[i], "T1") == 0;
    CHECK(on_t1 == 1000);
    table_free(&asg);
    remove_dir(dir);
    return check_done();
}
