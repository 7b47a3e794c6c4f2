/*
 * test_report_jsonget.c - reading stored JSON back (report/jsonget.h).
 */
#include "check.h"
#include "report/jsonget.h"

#include <string.h>

#define J(s) (s), strlen(s)

int main(void) {
    const char *doc = "{ \"a\": 1, \"nested\": {\"comments\": 99, \"x\": [1, {\"y\": \"}\"}]},"
                      " \"comments\": 12, \"share\": -0.125e1, \"s\": \"q\\\"\\u00e9\\ud83d\\ude00\\n\","
                      " \"n\": null, \"t\": true }";
    double v = 0;
    CHECK(vm_jsonget_valid(J(doc)));
    CHECK(vm_jsonget_num(J(doc), "comments", &v) == 0 && v == 12);  /* top level, not the nested one */
    CHECK(vm_jsonget_num(J(doc), "share", &v) == 0 && v == -1.25);
    CHECK(vm_jsonget_num(J(doc), "s", &v) == -1);
    CHECK(vm_jsonget_num(J(doc), "missing", &v) == -1);
    vm_buf s = {0};
    CHECK(vm_jsonget_str(J(doc), "s", &s) == 0);
    CHECK_STR(s.data, "q\"\xC3\xA9\xF0\x9F\x98\x80\n");
    vm_buf_reset(&s);
    CHECK(vm_jsonget_str(J(doc), "n", &s) == -1);
    size_t len;
    const char *raw = vm_jsonget_raw(J(doc), "t", &len);
    CHECK(raw && len == 4 && memcmp(raw, "true", 4) == 0);
    raw = vm_jsonget_raw(J(doc), "nested", &len);
    CHECK(raw && raw[0] == '{' && raw[len - 1] == '}');

    /* arrays */
    const char *arr = "[1, \"two\", {\"3\": [3]}, []]";
    size_t pos = 0;
    const char *e;
    size_t elen;
    int n = 0;
    while (vm_jsonget_array_next(J(arr), &pos, &e, &elen) == 1) n++;
    CHECK(n == 4);
    pos = 0;
    CHECK(vm_jsonget_array_next(J("[]"), &pos, &e, &elen) == 0);

    /* malformed and hostile input */
    CHECK(!vm_jsonget_valid(J("{\"a\": }")));
    CHECK(!vm_jsonget_valid(J("{\"a\": 1,}")));
    CHECK(!vm_jsonget_valid(J("{\"a\": 1} x")));
    CHECK(!vm_jsonget_valid(J("\"unterminated")));
    CHECK(!vm_jsonget_valid(J("01x")));
    CHECK(!vm_jsonget_valid(J("\"ctl\x01\"")));
    CHECK(!vm_jsonget_valid(J("")));
    char deep[400];
    memset(deep, '[', 200);
    memset(deep + 200, ']', 200);
    CHECK(!vm_jsonget_valid(deep, 400)); /* deeper than the limit: refused, not a crash */
    CHECK(vm_jsonget_valid(deep + 150, 100));
    CHECK(vm_jsonget_num(J("[1]"), "a", &v) == -1);
    CHECK(vm_jsonget_num(J("{\"a\": 1"), "b", &v) == -1);
    vm_buf_free(&s);
    return check_done();
}
