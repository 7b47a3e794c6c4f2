/*
 * test_cluster_hostile.c - bad input: invalid UTF-8 and odd ids never
 * reach the model (the next run must still read it), a malformed row is
 * skipped and counted, a missing column or file, a truncated input or a
 * bad model fails with status 1 (usage errors 2), a run with no
 * complaint at all still writes valid outputs, and features past the
 * per-document cap are counted.
 */
#include "check.h"
#include "cluster_fixture.h"
#include "cluster/model.h"

#define HEADER                                                                                            \
    "id\ttime\tepoch\tgroup\tchannel\trating\tlang\tdup_of\tnear_dup_of\tscore\tpolarity\tseverity\t"    \
    "emphasis\taspects\tkeywords\ttokens\tdisplay\n"

static void write_gz(const char *dir, const char *name, const char *text, size_t len) {
    vm_buf gz = {0};
    vm_gzip_member(text, len, 1, &gz);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    vm_write_file_atomic(path, gz.data, gz.len, NULL);
    vm_buf_free(&gz);
}

static void test_hostile_rows(void) {
    char dir[] = "/tmp/vm_cluster_h_XXXXXX";
    make_dir(dir);
    vm_buf t = {0};
    vm_buf_puts(&t, HEADER);
    for (int i = 0; i < 30; i++)
        vm_buf_printf(&t, "ok%d\t\t\t\t\t1\ten\t\t\t-0.5\tnegative\tnone\t0\t\t\tkiwi%d mango%d papaya%d\tx\n", i,
                      i % 3, i % 4, i % 5);
    /* invalid UTF-8 in an id and a token, NUL-free; an id with ';' */
    for (int i = 0; i < 10; i++) {
        vm_buf_printf(&t, "bad\xff%d\t\t\t\t\t1\ten\t\t\t-0.5\tnegative\tnone\t0\t\t\tkiwi0 \xfe\xff mango1\tx\n", i);
        vm_buf_printf(&t, "semi;%d\t\t\t\t\t1\ten\t\t\t-0.5\tnegative\tnone\t0\t\tk\\tw\tkiwi0 mango1 papaya2\tx\n", i);
    }
    /* aspects: an invalid category, an empty one, one without polarity */
    vm_buf_puts(&t, "asp\t\t\t\t\t1\ten\t\t\t-0.5\tnegative\tnone\t0\tde\xffl:negative;:negative;x\tkiwi0\t"
                    "kiwi0 mango1\tx\n");
    /* a word longer than any feature, and a row with too few fields */
    vm_buf_puts(&t, "long\t\t\t\t\t1\ten\t\t\t-0.5\tnegative\tnone\t0\t\t\t");
    for (int i = 0; i < 100; i++) vm_buf_puts(&t, "ab");
    vm_buf_puts(&t, " kiwi0\tx\nshort\tonly\n");
    write_gz(dir, "features.tsv.gz", t.data, t.len);

    CHECK(run_cluster(dir, NULL) == 0);
    vm_buf manifest = {0}, model = {0};
    fixture_read(dir, "manifest.cluster.json", &manifest);
    CHECK(manifest.data && strstr(manifest.data, "\"bad_rows\": 1,") != NULL);
    CHECK(manifest.data && strstr(manifest.data, "\"clustered_rows\": 52,") != NULL);
    fixture_read(dir, "topic_model.tsv.gz", &model);
    vm_error err;
    vm_topic_model *m = vm_topic_model_parse(model.data, model.len, "model", &err);
    CHECK(m != NULL);
    if (!m) fprintf(stderr, "%s\n", err.msg);
    for (size_t i = 0; m && i < m->ntopics; i++) {
        CHECK(strstr(m->topics[i].exemplars, "bad") == NULL);
        CHECK(strstr(m->topics[i].exemplars, "semi") == NULL);
    }
    vm_topic_model_free(m);

    /* the next run reads that model back */
    char path[4096];
    snprintf(path, sizeof path, "%s/topic_model.tsv.gz", dir);
    char *copy = strdup(path);
    strcpy(path + strlen(path) - strlen("topic_model.tsv.gz"), "previous.tsv.gz");
    rename(copy, path);
    const char *const warm[] = {"--model", path, NULL};
    CHECK(run_cluster(dir, warm) == 0);
    fixture_table asg;
    CHECK(read_table(dir, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    CHECK(asg.n == 52);
    const char *semi = table_get(&asg, "semi;3");
    CHECK(semi && *semi);
    table_free(&asg);
    free(copy);
    vm_buf_free(&manifest);
    vm_buf_free(&model);
    vm_buf_free(&t);
    remove_dir(dir);
}

static void test_failures(void) {
    char dir[] = "/tmp/vm_cluster_f_XXXXXX";
    make_dir(dir);
    /* no features file */
    CHECK(run_cluster(dir, NULL) == 1);
    /* a missing column */
    const char *no_tokens = "id\tdup_of\tpolarity\tseverity\taspects\tkeywords\nx\t\tnegative\tnone\t\tkiwi\n";
    write_gz(dir, "features.tsv.gz", no_tokens, strlen(no_tokens));
    CHECK(run_cluster(dir, NULL) == 1);
    /* a truncated gzip stream */
    vm_buf gz = {0}, text = {0};
    vm_buf_puts(&text, HEADER);
    for (int i = 0; i < 2000; i++) vm_buf_printf(&text, "r%d\t\t\t\t\t1\ten\t\t\t-0.5\tnegative\tnone\t0\t\t\tw%d\tx\n", i, i);
    vm_gzip_member(text.data, text.len, 1, &gz);
    char path[4096];
    snprintf(path, sizeof path, "%s/features.tsv.gz", dir);
    vm_write_file_atomic(path, gz.data, gz.len / 2, NULL);
    CHECK(run_cluster(dir, NULL) == 1);
    /* a bad --model file */
    write_gz(dir, "features.tsv.gz", HEADER, strlen(HEADER));
    snprintf(path, sizeof path, "%s/bad_model.tsv", dir);
    vm_write_file_atomic(path, "not a model\n", 12, NULL);
    const char *const bad_model[] = {"--model", path, NULL};
    CHECK(run_cluster(dir, bad_model) == 1);
    /* usage errors */
    const char *const bad_opt[] = {"--threads", "zero", NULL};
    CHECK(run_cluster(dir, bad_opt) == 2);
    const char *const both[] = {"--model", path, "--db", dir, NULL};
    CHECK(run_cluster(dir, both) == 2);
    vm_buf_free(&gz);
    vm_buf_free(&text);
    remove_dir(dir);
}

static void test_no_complaints(void) {
    char dir[] = "/tmp/vm_cluster_e_XXXXXX";
    make_dir(dir);
    const char *text = HEADER "p1\t\t\t\t\t5\ten\t\t\t0.9\tpositive\tnone\t0\t\tgreat\tgreat food\tx\n";
    write_gz(dir, "features.tsv.gz", text, strlen(text));
    CHECK(run_cluster(dir, NULL) == 0);
    fixture_table asg, st;
    CHECK(read_table(dir, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    CHECK(asg.n == 0);
    CHECK(read_table(dir, "topics.tsv.gz", "topic", "status", &st) == 0);
    CHECK(st.n == 0);
    table_free(&asg);
    table_free(&st);
    /* --all takes it, but alone its words are rare (df 1): listed, unclustered */
    const char *const all[] = {"--all", NULL};
    CHECK(run_cluster(dir, all) == 0);
    CHECK(read_table(dir, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    CHECK(asg.n == 1 && asg.n && asg.vals[0][0] == '\0');
    table_free(&asg);
    remove_dir(dir);
}

/* A document keeps its first VM_DOC_MAX_FEATURES distinct features; the
 * others count every occurrence (a token repeated, a keyword that is also
 * a token) as capped, also when the same words come in the next batch. */
static void test_feature_cap(void) {
    char dir[] = "/tmp/vm_cluster_c_XXXXXX";
    make_dir(dir);
    vm_buf t = {0};
    vm_buf_puts(&t, HEADER);
    for (int row = 0; row < 3000; row++) {   /* more rows than one batch reads */
        vm_buf_printf(&t, "d%d\t\t\t\t\t1\ten\t\t\t-0.5\tnegative\tnone\t0\t\tzork69\t", row);
        for (int i = 0; i < 70; i++) vm_buf_printf(&t, "%szork%02d", i ? " " : "", i);
        for (int i = 65; i < 70; i++) vm_buf_printf(&t, " zork%02d", i);
        vm_buf_puts(&t, "\tx\n");
    }
    write_gz(dir, "features.tsv.gz", t.data, t.len);
    CHECK(run_cluster(dir, NULL) == 0);
    vm_buf manifest = {0};
    fixture_read(dir, "manifest.cluster.json", &manifest);
    /* per row: zork64 once, zork65..68 twice, zork69 three times */
    CHECK(manifest.data && strstr(manifest.data, "\"features_capped\": 36000,") != NULL);
    CHECK(manifest.data && strstr(manifest.data, "\"vocab_full\": 0,") != NULL);
    vm_buf_free(&manifest);
    vm_buf_free(&t);
    remove_dir(dir);
}

int main(void) {
    test_hostile_rows();
    test_failures();
    test_no_complaints();
    test_feature_cap();
    return check_done();
}
