/*
 * test_lexicon_tools.c - the helpers the lexicon verbs share
 * (extract/lexicon_tools.h) and the manifest path reader of run/runinfo.h.
 */
#include "check.h"
#include "extract/lexicon_tools.h"
#include "report/keys.h"
#include "run/runinfo.h"

#include <stdlib.h>
#include <string.h>

static const char *weight(double w) {
    static vm_buf b;
    vm_buf_reset(&b);
    vm_lexicon_weight_text(&b, w);
    return b.data;
}

static void test_weights(void) {
    CHECK_STR(weight(1), "1");
    CHECK_STR(weight(-1.5), "-1.5");
    CHECK_STR(weight(0.25), "0.25");
    CHECK_STR(weight(-0.004), "0");
    CHECK_STR(weight(1.2000001), "1.2");
    CHECK_STR(weight(-2), "-2");
}

static void test_terms(void) {
    CHECK(vm_lexicon_term_problem("好吃", strlen("好吃")) == NULL);
    CHECK(vm_lexicon_term_problem("not worth it", 12) == NULL);
    CHECK(vm_lexicon_term_problem("one two three four five", 23) != NULL);
    CHECK(vm_lexicon_term_problem("a\tb", 3) != NULL);
    CHECK(vm_lexicon_term_problem("a\\b", 3) != NULL);
    CHECK(vm_lexicon_term_problem("#tag", 4) != NULL);
    CHECK(vm_lexicon_term_problem(" x", 2) != NULL);
    CHECK(vm_lexicon_term_problem("", 0) != NULL);
    CHECK(vm_lexicon_term_problem("\xff\xfe", 2) != NULL);
    CHECK(vm_lexicon_term_problem("很 好 的 一 天 啊", strlen("很 好 的 一 天 啊")) == NULL);  /* Han: no word limit */
}

static void test_json_path(void) {
    const char *j = "{\"a\": {\"b\": {\"c\": \"x\\u0041\"}, \"n\": 3}, \"s\": \"t\"}";
    const char *k1[] = {"a", "b", "c", NULL}, *k2[] = {"a", "n", NULL}, *k3[] = {"a", "z", NULL};
    char *s = vm_json_path_str(j, strlen(j), k1);
    CHECK_STR(s, "xA");
    free(s);
    size_t n;
    const char *v = vm_json_path(j, strlen(j), k2, &n);
    CHECK(v && n == 1 && *v == '3');
    CHECK(vm_json_path(j, strlen(j), k3, &n) == NULL);
    CHECK(vm_json_path_str(j, strlen(j), k2) == NULL);  /* a number is no string */
}

static void test_record(void) {
    const char *rec = "{\"run_id\": \"R+1\", \"variant_of\": \"R\", \"manifest\": {\"report\": {\"run_id\": \"R+1\", "
                      "\"variant_of\": \"R\", \"options\": {\"db\": \"/x\", \"top\": 5}}, \"extract\": {\"options\": "
                      "{\"lexicons\": \"/l\", \"models\": \"/m\", \"no_dict\": true}, \"dictionary\": null}, "
                      "\"cluster\": {\"inputs\": {\"model\": {\"source\": \"db\", \"path\": \"/x\", \"sha256\": \"ab\"}, "
                      "\"features\": {\"path\": \"/nonexistent-dir/features.tsv.gz\"}}, \"options\": {\"seed\": 1}}}}";
    vm_runinfo ri = {0};
    vm_error err;
    CHECK(vm_runinfo_from_record(&ri, rec, strlen(rec), &err) == 0);
    CHECK_STR(ri.run_id, "R+1");
    CHECK_STR(ri.variant_of, "R");
    CHECK_STR(ri.db, "/x");
    CHECK_STR(ri.lexicons, "/l");
    CHECK(ri.no_dict && ri.dict == NULL && ri.have_extract);
    CHECK_STR(ri.model_source, "db");
    CHECK_STR(ri.model_sha256, "ab");
    CHECK(ri.dir == NULL);  /* the directory is gone */
    CHECK(ri.cluster_options.len > 0 && ri.report_options.len > 0);
    vm_runinfo_free(&ri);
    CHECK(vm_runinfo_from_record(&ri, "{\"run_id\": \"R\"}", 15, &err) != 0);
    vm_runinfo_free(&ri);
    CHECK(vm_key_run_id_ok("2026-11-07+0a1b2c3d"));
}

int main(void) {
    test_weights();
    test_terms();
    test_json_path();
    test_record();
    return check_done();
}
