/*
 * test_report_keys.c - LMDB key encoding (report/keys.h): byte order of
 * encoded keys must follow run order, rank order and numeric topic order.
 */
#include "check.h"
#include "report/keys.h"

#include <string.h>

static int keycmp(const vm_buf *a, const vm_buf *b) {
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    return c ? c : (a->len < b->len ? -1 : a->len > b->len);
}

static void test_run_ids(void) {
    CHECK(vm_key_run_id_ok("2026-11-07"));
    CHECK(vm_key_run_id_ok("20261107-0200"));
    CHECK(vm_key_run_id_ok("run_1.a:b"));
    CHECK(!vm_key_run_id_ok(""));
    CHECK(!vm_key_run_id_ok("a b"));
    CHECK(!vm_key_run_id_ok("../x"));
    CHECK(!vm_key_run_id_ok("a\n"));
    char long_id[80];
    memset(long_id, 'a', sizeof long_id - 1);
    long_id[79] = '\0';
    CHECK(!vm_key_run_id_ok(long_id));
    long_id[64] = '\0';
    CHECK(vm_key_run_id_ok(long_id));
}

static void test_topic_part(void) {
    vm_buf k = {0};
    vm_key_topic_part(&k, "T7");
    CHECK_STR(k.data, "T000000000007");
    vm_buf_reset(&k);
    vm_key_topic_part(&k, "12");
    CHECK_STR(k.data, "000000000012");
    vm_buf_reset(&k);
    vm_key_topic_part(&k, "T007");
    CHECK_STR(k.data, "T000000000007");
    vm_buf_reset(&k);
    vm_key_topic_part(&k, "T0");
    CHECK_STR(k.data, "T000000000000");
    vm_buf_reset(&k);
    vm_key_topic_part(&k, "delivery-late");
    CHECK_STR(k.data, "delivery-late");
    vm_buf_reset(&k);
    vm_key_topic_part(&k, "T1a");
    CHECK_STR(k.data, "T1a");
    vm_buf_reset(&k);
    vm_key_topic_part(&k, "T1234567890123");
    CHECK_STR(k.data, "T1234567890123");
    vm_buf_free(&k);
}

static void test_order(void) {
    vm_buf a = {0}, b = {0};
    /* topics T2 < T10 (numeric) */
    vm_key_run_topic(&a, "2026-11-07", "T2");
    vm_key_run_topic(&b, "2026-11-07", "T10");
    CHECK(keycmp(&a, &b) < 0);
    /* ranks 2 < 10 */
    vm_buf_reset(&a);
    vm_buf_reset(&b);
    vm_key_run_num(&a, "r", 2);
    vm_key_run_num(&b, "r", 10);
    CHECK(keycmp(&a, &b) < 0);
    CHECK(a.len == 8 && memcmp(a.data, "r\0" "000002", 8) == 0);
    /* all keys of run "a" sort before those of run "a-b" and "ab" */
    vm_buf_reset(&a);
    vm_buf_reset(&b);
    vm_key_run_num(&a, "a", 999999);
    vm_key_run_num(&b, "a-b", 1);
    CHECK(keycmp(&a, &b) < 0);
    vm_buf_reset(&b);
    vm_key_run_num(&b, "ab", 0);
    CHECK(keycmp(&a, &b) < 0);
    /* topic history in run order */
    vm_buf_reset(&a);
    vm_buf_reset(&b);
    vm_key_topic_run(&a, "T3", "2026-11-06");
    vm_key_topic_run(&b, "T3", "2026-11-07");
    CHECK(keycmp(&a, &b) < 0);
    vm_buf_reset(&b);
    vm_key_topic_prefix(&b, "T3");
    CHECK(a.len > b.len && memcmp(a.data, b.data, b.len) == 0);
    vm_buf_free(&a);
    vm_buf_free(&b);
}

static void test_fields(void) {
    vm_buf k = {0};
    vm_key_run_dim(&k, "2026-11-07", "group", "S001");
    const char *f;
    size_t n = vm_key_field(k.data, k.len, 0, &f);
    CHECK(n == 10 && memcmp(f, "2026-11-07", 10) == 0);
    n = vm_key_field(k.data, k.len, 1, &f);
    CHECK(n == 5 && memcmp(f, "group", 5) == 0);
    n = vm_key_field(k.data, k.len, 2, &f);
    CHECK(n == 4 && memcmp(f, "S001", 4) == 0);
    CHECK(vm_key_field(k.data, k.len, 3, &f) == (size_t)-1);
    /* a long name is cut at a character boundary, within LMDB's limit */
    char name[1200] = "";
    for (int i = 0; i < 399; i++) strcat(name, "店");
    vm_buf_reset(&k);
    vm_key_run_dim(&k, "run", "group", name);
    CHECK(k.len <= 511);
    n = vm_key_field(k.data, k.len, 2, &f);
    CHECK(n <= VM_KEY_NAME_MAX && n % 3 == 0);
    vm_buf_free(&k);
}

int main(void) {
    test_run_ids();
    test_topic_part();
    test_order();
    test_fields();
    return check_done();
}
