/*
 * test_report_csv.c - RFC 4180 quoting and the formula guard
 * (report/csv.h).
 */
#include "check.h"
#include "report/csv.h"

static const char *cell(vm_buf *b, const char *s) {
    vm_buf_reset(b);
    vm_csv_cell_str(b, s);
    return b->data ? b->data : "";
}

int main(void) {
    vm_buf b = {0};
    CHECK_STR(cell(&b, "plain"), "plain");
    CHECK_STR(cell(&b, ""), "");
    CHECK_STR(cell(&b, "a,b"), "\"a,b\"");
    CHECK_STR(cell(&b, "say \"hi\""), "\"say \"\"hi\"\"\"");
    CHECK_STR(cell(&b, "line\nbreak"), "\"line\nbreak\"");
    CHECK_STR(cell(&b, "cr\rhere"), "\"cr\rhere\"");
    CHECK_STR(cell(&b, "送餐太慢了，等了"), "送餐太慢了，等了");

    /* formula guard */
    CHECK_STR(cell(&b, "=1+1"), "'=1+1");
    CHECK_STR(cell(&b, "+SUM(A1:A9)"), "'+SUM(A1:A9)");
    CHECK_STR(cell(&b, "-2+3"), "'-2+3");
    CHECK_STR(cell(&b, "@cmd"), "'@cmd");
    CHECK_STR(cell(&b, "\tx"), "'\tx");
    CHECK_STR(cell(&b, "=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK_STR(cell(&b, "=cmd|' /C calc'!A0,"), "\"'=cmd|' /C calc'!A0,\"");
    CHECK_STR(cell(&b, "\rX"), "\"'\rX\"");
    /* numbers are not formulas */
    CHECK_STR(cell(&b, "-0.500"), "-0.500");
    CHECK_STR(cell(&b, "+3"), "+3");
    CHECK_STR(cell(&b, "-12"), "-12");
    CHECK_STR(cell(&b, "-"), "'-");
    CHECK_STR(cell(&b, "-.5"), "-.5");
    CHECK_STR(cell(&b, "-1e5"), "'-1e5");
    CHECK_STR(cell(&b, "a=1"), "a=1");
    CHECK(vm_csv_needs_guard("=x", 2) && !vm_csv_needs_guard("x=", 2) && !vm_csv_needs_guard("", 0));

    const char *names[] = {"id", "a,b", "c"};
    vm_buf_reset(&b);
    vm_csv_header(&b, names, 3);
    CHECK_STR(b.data, "id,\"a,b\",c\r\n");
    vm_buf_free(&b);
    return check_done();
}
