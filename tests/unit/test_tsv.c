/*
 * test_tsv.c - the TSV parser: COPY escapes, \N nulls, CR stripping,
 * blank lines, field-count and NUL rejects, over-long lines.
 */
#include "ingest_check.h"
#include "common/buf.h"

static void test_escapes(void) {
    const char *text =
        " id \tcomment\tnote\r\n"
        "1\ta\\tb\\nc\\rd\\\\e\tplain\r\n"
        "2\t\\N\t\\x\\\"q\\\r\n"
        "\r\n"
        "3\t\t\n"
        "4\tx\\\\N\t\\\\\n";
    vm_reader *r = open_text(text, "e.tsv", NULL, 0);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_STR(vm_reader_format(r), "tsv");
    CHECK(vm_reader_ncols(r) == 3);
    CHECK_STR(vm_reader_colname(r, 0), "id");
    CHECK_STR(vm_reader_colname(r, 2), "note");
    vm_record rec;
    CHECK(next_is(r, &rec, 3, "1", "a\tb\nc\rd\\e", "plain"));
    CHECK(rec.line == 2);
    /* \N is null; other escapes keep the next character; a lone trailing
     * backslash stays. */
    CHECK(next_is(r, &rec, 3, "2", NULL, "x\"q\\"));
    CHECK(next_is(r, &rec, 3, "3", "", ""));
    CHECK(rec.row == 3 && rec.line == 5);
    CHECK(next_is(r, &rec, 3, "4", "x\\N", "\\"));
    CHECK(at_end(r));
    CHECK(vm_reader_blank_lines(r) == 1);
    vm_reader_close(r);
}

static void test_rejects(void) {
    static const char text[] =
        "a\tb\n"
        "1\n"
        "1\t2\t3\n"
        "x\0y\tz\n"
        "ok\tyes\n"
        "0123456789012345678901234567890123456789\t0123456789012345678901234567890\n"
        "last\tno newline";
    vm_error err;
    vm_reader_opts o = {NULL, NULL, 64};
    vm_reader *r = vm_reader_open_mem(text, sizeof text - 1, "bad.tsv", &o, &err);
    CHECK(r != NULL);
    if (!r) return;
    vm_record rec;
    CHECK(next_rejected(r, &rec, "1 fields, header has 2"));
    CHECK(rec.nfields == 2 && rec.present[0] && !rec.present[1]);
    CHECK(next_rejected(r, &rec, "3 fields, header has 2"));
    CHECK(next_rejected(r, &rec, "NUL byte in record"));
    CHECK(rec.raw_len == 5 && memcmp(rec.raw, "x\0y\tz", 5) == 0);
    CHECK(next_is(r, &rec, 2, "ok", "yes"));
    CHECK(next_rejected(r, &rec, "record longer than 64 bytes"));
    CHECK(rec.row == 5 && rec.line == 6);
    CHECK(next_is(r, &rec, 2, "last", "no newline"));
    CHECK(rec.row == 6 && rec.line == 7);
    CHECK(at_end(r));
    vm_reader_close(r);
}

/* Over-long lines far beyond one read chunk are skipped in bounded memory
 * and the records around them survive. */
static void test_long_lines(void) {
    vm_buf b = {0};
    vm_buf_puts(&b, "k\tv\n");
    for (int i = 0; i < 5; i++) {
        vm_buf_printf(&b, "%d\t", i);
        for (int j = 0; j < 300000; j++) vm_buf_putc(&b, (char)('a' + j % 26));
        vm_buf_printf(&b, "\nok%d\tfine\n", i);
    }
    vm_reader *r = open_text(b.data, "long.tsv", NULL, 100000);
    CHECK(r != NULL);
    if (!r) return;
    vm_record rec;
    char want[16];
    for (int i = 0; i < 5; i++) {
        CHECK(next_rejected(r, &rec, "record longer than 100000 bytes"));
        CHECK(rec.raw_len == VM_READER_RAW_KEEP);
        snprintf(want, sizeof want, "ok%d", i);
        CHECK(next_is(r, &rec, 2, want, "fine"));
        CHECK(rec.line == (uint64_t)(3 + 2 * i));
    }
    CHECK(at_end(r));
    vm_reader_close(r);
    vm_buf_free(&b);
}

static void test_header(void) {
    vm_error err;
    vm_reader_opts o = {NULL, "tsv", 0};
    CHECK(vm_reader_open_mem("\n\r\n", 3, "blank.tsv", &o, &err) == NULL);
    CHECK(strstr(err.msg, "blank.tsv: empty file") != NULL);
    vm_reader *r = open_text("\n\nx\ty\n1\t2\n", "late.tsv", NULL, 0);
    vm_record rec;
    CHECK(r && vm_reader_ncols(r) == 2 && next_is(r, &rec, 2, "1", "2") && rec.line == 4);
    CHECK(r && vm_reader_blank_lines(r) == 2);
    vm_reader_close(r);
}

int main(void) {
    test_escapes();
    test_rejects();
    test_long_lines();
    test_header();
    return check_done();
}
