/*
 * test_cluster_seeds.c - the bilingual seed list: the shipped list maps
 * Chinese and English words of one concept to one feature with a readable
 * display form, a malformed list is rejected with its line, and Chinese
 * and English complaints about late delivery share a topic while refund
 * complaints get their own.
 */
#include "check.h"
#include "cluster_fixture.h"
#include "cluster/seeds.h"

static void test_shipped_list(void) {
    const char *src = getenv("VM_SRC");
    char path[4096];
    snprintf(path, sizeof path, "%s/models/topic_seeds.tsv", src ? src : VM_SOURCE_DIR);
    vm_error err;
    vm_seeds *s = vm_seeds_load(path, &err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    CHECK_STR(vm_seeds_feature(s, "慢", strlen("慢")), "~late");
    CHECK_STR(vm_seeds_feature(s, "slow", 4), "~late");
    CHECK_STR(vm_seeds_feature(s, "delay", 5), "~late");
    CHECK_STR(vm_seeds_feature(s, "配送", strlen("配送")), "~delivery");
    CHECK_STR(vm_seeds_feature(s, "deliveri", 8), "~delivery");
    CHECK(vm_seeds_feature(s, "apple", 5) == NULL);
    CHECK_STR(vm_seeds_display(s, "~late"), "慢/late");
    CHECK_STR(vm_seeds_display(s, "~delivery"), "配送/delivery");
    CHECK(vm_seeds_display(s, "late") == NULL);
    CHECK(vm_seeds_display(s, "~nothing") == NULL);
    vm_seeds_free(s);
}

static void expect_bad_list(const char *text, const char *what) {
    char path[] = "/tmp/vm_seeds_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    vm_error err = {{0}};
    vm_seeds *s = vm_seeds_load(path, &err);
    CHECK(s == NULL && strstr(err.msg, what) != NULL);
    if (s || !strstr(err.msg, what)) fprintf(stderr, "message '%s' lacks '%s'\n", err.msg, what);
    vm_seeds_free(s);
    unlink(path);
}

static void test_bad_lists(void) {
    expect_bad_list("# c\nconcept\tterm\n", "line 2: expected header");
    expect_bad_list("concept\tlang\tterm\nlate\tfr\tlent\n", "line 2: lang must be zh or en");
    expect_bad_list("concept\tlang\tterm\nLate\ten\tslow\n", "snake_case");
    expect_bad_list("concept\tlang\tterm\nlate\ten\tslow\nslow_ish\ten\tslow\n", "line 3: term listed twice");
    expect_bad_list("concept\tlang\tterm\nlate\ten\n", "expected 3 fields");
}

/* 60 late-delivery complaints in Chinese, 60 in English, 60 refund
 * complaints in Chinese; the two languages share no word, only concepts. */
static void test_languages_share_a_topic(void) {
    char dir[] = "/tmp/vm_cluster_s_XXXXXX";
    make_dir(dir);
    static const char *const zh[] = {"送餐", "太慢", "等了", "小时", "外卖", "配送", "骑手", "迟到", "饭菜", "凉了"};
    static const char *const en[] = {"delivery", "slow", "late", "waited", "hours", "courier", "driver",
                                     "cold", "order", "forever"};
    static const char *const refund[] = {"退款", "申请", "到账", "审核", "拖延", "退钱", "款项", "一周", "催促",
                                         "处理"};
    static const char *const *const groups[] = {zh, en, refund};
    static const char *const names[] = {"zh", "en", "refund"};
    vm_buf t = {0}, gz = {0};
    vm_buf_puts(&t, "id\ttime\tepoch\tgroup\tchannel\trating\tlang\tdup_of\tnear_dup_of\tscore\tpolarity\tseverity\t"
                    "emphasis\taspects\tkeywords\ttokens\tdisplay\n");
    for (int n = 0; n < 60; n++)
        for (int g = 0; g < 3; g++) {
            vm_buf_printf(&t, "%s-%d\t\t\t\t\t1\tzh-Hans\t\t\t-0.6\tnegative\tnone\t0\t\t\t", names[g], n);
            for (int w = 0; w < 4; w++) vm_buf_printf(&t, "%s%s", w ? " " : "", groups[g][fixture_next(10)]);
            vm_buf_puts(&t, "\tx\n");
        }
    vm_gzip_member(t.data, t.len, 1, &gz);
    char path[4096];
    snprintf(path, sizeof path, "%s/features.tsv.gz", dir);
    vm_write_file_atomic(path, gz.data, gz.len, NULL);
    const char *src = getenv("VM_SRC");
    char models[4096];
    snprintf(models, sizeof models, "%s/models", src ? src : VM_SOURCE_DIR);
    const char *const args[] = {"--models", models, NULL};
    CHECK(run_cluster(dir, args) == 0);
    fixture_table asg;
    CHECK(read_table(dir, "assignments.tsv.gz", "id", "topic", &asg) == 0);
    int same = 0, apart = 0;
    char id[64];
    for (int n = 0; n < 60; n++) {
        snprintf(id, sizeof id, "zh-%d", n);
        const char *a = table_get(&asg, id);
        snprintf(id, sizeof id, "en-%d", n);
        const char *b = table_get(&asg, id);
        snprintf(id, sizeof id, "refund-%d", n);
        const char *c = table_get(&asg, id);
        same += a && b && *a && strcmp(a, b) == 0;
        apart += a && c && *c && strcmp(a, c) != 0;
    }
    CHECK(same >= 55);
    CHECK(apart >= 55);
    if (same < 55 || apart < 55) fprintf(stderr, "same %d, apart %d of 60\n", same, apart);
    table_free(&asg);
    vm_buf_free(&t);
    vm_buf_free(&gz);
    remove_dir(dir);
}

int main(void) {
    test_shipped_list();
    test_bad_lists();
    test_languages_share_a_topic();
    return check_done();
}
