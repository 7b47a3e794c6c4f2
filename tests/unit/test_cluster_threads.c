/*
 * test_cluster_threads.c - identical output bytes for any --threads and
 * for a rerun with the same seed, with a sampler that sees only part of
 * the documents.
 */
#include "check.h"
#include "cluster_fixture.h"

#define DOCS 300

static int same_file(const char *a, const char *b, const char *name) {
    vm_buf x = {0}, y = {0};
    fixture_read(a, name, &x);
    fixture_read(b, name, &y);
    int same = x.len > 0 && x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
    if (!same) fprintf(stderr, "%s differs between %s and %s\n", name, a, b);
    vm_buf_free(&x);
    vm_buf_free(&y);
    return same;
}

int main(void) {
    char one[] = "/tmp/vm_cluster_t1_XXXXXX", many[] = "/tmp/vm_cluster_t3_XXXXXX";
    make_dir(one);
    make_dir(many);
    static const int groups[] = {0, 1, 2, 3, 4};
    /* more documents than one assignment chunk, so threads really split it */
    write_features(one, "d", groups, 5, DOCS * 4);
    fixture_rng = 12345;
    write_features(many, "d", groups, 5, DOCS * 4);
    CHECK(same_file(one, many, "features.tsv.gz"));

    const char *const t1[] = {"--threads", "1", "--sample", "600", NULL};
    const char *const t3[] = {"--threads", "3", "--sample", "600", NULL};
    CHECK(run_cluster(one, t1) == 0);
    CHECK(run_cluster(many, t3) == 0);
    CHECK(same_file(one, many, "assignments.tsv.gz"));
    CHECK(same_file(one, many, "topics.tsv.gz"));
    CHECK(same_file(one, many, "topic_model.tsv.gz"));

    /* every group is found although the sampler saw only 600 of 6000 */
    fixture_table asg;
    CHECK(read_table(many, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    for (int g = 0; g < 5; g++) {
        double share;
        majority_topic(&asg, "d", g, DOCS, &share);
        CHECK(share >= 0.95);
    }
    table_free(&asg);

    /* rerun: same bytes again */
    CHECK(run_cluster(many, t1) == 0);
    CHECK(same_file(one, many, "assignments.tsv.gz"));

    remove_dir(one);
    remove_dir(many);
    return check_done();
}
