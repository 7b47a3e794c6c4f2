/*
 * test_csv.c - the CSV parser: quoting, line endings, BOM, header
 * trimming, rejects and resynchronisation, records that span the
 * reader's window.
 */
#include "ingest_check.h"
#include "common/buf.h"
#include "common/sha256.h"

#include <stdlib.h>

static void test_quoting(void) {
    const char *text =
        "\xEF\xBB\xBF id , \"text\"\t,n \r\n"
        "1,\"a, b\",x\r\n"
        "2,\"say \"\"hi\"\"\",\"\"\r\n"
        "3,\"two\r\nlines\nand LF\",\r\n"
        "4,ab\"c,\"q\"tail\r\n"
        "5, spaced ,\"\"\"\"\r\n";
    vm_reader *r = open_text(text, "q.csv", NULL, 0);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_STR(vm_reader_format(r), "csv");
    CHECK(vm_reader_ncols(r) == 3);
    CHECK_STR(vm_reader_colname(r, 0), "id");
    CHECK_STR(vm_reader_colname(r, 1), "\"text\"");   /* quotes inside an unquoted header field are literal */
    CHECK_STR(vm_reader_colname(r, 2), "n");
    vm_record rec;
    CHECK(next_is(r, &rec, 3, "1", "a, b", "x"));
    CHECK(rec.row == 1 && rec.line == 2);
    CHECK(next_is(r, &rec, 3, "2", "say \"hi\"", ""));
    CHECK(rec.row == 2 && rec.line == 3);
    CHECK(next_is(r, &rec, 3, "3", "two\r\nlines\nand LF", ""));
    CHECK(rec.line == 4);
    CHECK(next_is(r, &rec, 3, "4", "ab\"c", "qtail"));
    CHECK(rec.line == 7);
    CHECK(rec.raw_len == strlen("4,ab\"c,\"q\"tail") && memcmp(rec.raw, "4,ab\"c", 6) == 0);
    CHECK(next_is(r, &rec, 3, "5", " spaced ", "\""));
    CHECK(at_end(r));
    CHECK(vm_reader_bytes(r) == strlen(text));
    vm_reader_close(r);
}

/* The same records with LF, CRLF, no final newline, and blank lines. */
static void test_line_endings(void) {
    const char *texts[] = {
        "a,b\n1,\"x\ny\"\n2,z\n",
        "a,b\r\n1,\"x\ny\"\r\n2,z\r\n",
        "a,b\r\n1,\"x\ny\"\r\n2,z",
        "\n\na,b\n\r\n1,\"x\ny\"\n\n\n2,z\n\n",
        "a,b\n1,\"x\ny\"\n2,z\r",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        vm_reader *r = open_text(texts[i], "le.csv", NULL, 0);
        CHECK(r != NULL);
        if (!r) continue;
        vm_record rec;
        CHECK(next_is(r, &rec, 2, "1", "x\ny"));
        CHECK(next_is(r, &rec, 2, "2", "z"));
        CHECK(rec.row == 2);
        CHECK(at_end(r));
        CHECK(vm_reader_blank_lines(r) == (i == 3 ? 6u : 0u));
        vm_reader_close(r);
    }
    /* Line numbers count blank lines and embedded line breaks. */
    vm_reader *r = open_text(texts[3], "le.csv", NULL, 0);
    vm_record rec;
    CHECK(r && next_is(r, &rec, 2, "1", "x\ny") && rec.line == 5);
    CHECK(r && next_is(r, &rec, 2, "2", "z") && rec.line == 9);
    vm_reader_close(r);
}

static void test_rejects(void) {
    static const char text[] =
        "a,b,c\n"
        "1,2\n"
        "1,2,3,4\n"
        "ok,1,2\n"
        "nul,x\0y,z\n"
        "after,nul,ok\n"
        "last,\"open quote,\n"
        "never closed\n";
    size_t len = sizeof text - 1;
    vm_error err;
    vm_reader *r = vm_reader_open_mem(text, len, "bad.csv", NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    vm_record rec;
    CHECK(next_rejected(r, &rec, "2 fields, header has 3"));
    CHECK(rec.row == 1 && rec.nfields == 3 && rec.raw_len == 3 && memcmp(rec.raw, "1,2", 3) == 0);
    CHECK(rec.present[0] && rec.present[1] && !rec.present[2]);
    CHECK(next_rejected(r, &rec, "4 fields, header has 3"));
    CHECK(next_is(r, &rec, 3, "ok", "1", "2"));
    CHECK(next_rejected(r, &rec, "NUL byte in record"));
    CHECK(rec.row == 4);
    CHECK(next_is(r, &rec, 3, "after", "nul", "ok"));
    CHECK(next_rejected(r, &rec, "unterminated quoted field at end of file"));
    CHECK(rec.row == 6 && rec.line == 7);
    CHECK(at_end(r));
    vm_reader_close(r);
}

/* An unbalanced quote costs at most max_record bytes: parsing resumes at
 * the first line start past the limit. */
static void test_resync(void) {
    vm_buf b = {0};
    vm_buf_puts(&b, "id,text\n1,ok\n2,\"broken\n");
    for (int i = 0; i < 20; i++) vm_buf_printf(&b, "%d,line %d\n", 3 + i, i);
    vm_reader *r = open_text(b.data, "sync.csv", NULL, 64);
    CHECK(r != NULL);
    if (!r) return;
    vm_record rec;
    CHECK(next_is(r, &rec, 2, "1", "ok"));
    CHECK(next_rejected(r, &rec, "record longer than 64 bytes (unbalanced quote?)"));
    CHECK(rec.row == 2 && rec.line == 3);
    CHECK(rec.raw_len > 0 && memcmp(rec.raw, "2,\"broken", 9) == 0);
    /* Record 2 starts at byte 13, so the limit is byte 77, which starts
     * "9,line 6" on line 10: the next record. */
    CHECK(next_is(r, &rec, 2, "9", "line 6"));
    CHECK(rec.row == 3 && rec.line == 10);
    int more = 0;
    while (vm_reader_next(r, &rec, &(vm_error){0}) == 1) more += rec.reject == NULL;
    CHECK(more == 13);
    vm_reader_close(r);

    /* A long line without quotes is rejected without the quote hint. */
    vm_buf_reset(&b);
    vm_buf_puts(&b, "id,text\n1,");
    for (int i = 0; i < 100; i++) vm_buf_putc(&b, 'x');
    vm_buf_puts(&b, "\n2,short\n");
    r = open_text(b.data, "long.csv", NULL, 64);
    CHECK(r && next_rejected(r, &rec, "record longer than 64 bytes"));
    CHECK(r && strstr(rec.reject, "quote") == NULL);
    CHECK(r && next_is(r, &rec, 2, "2", "short") && rec.line == 3);
    vm_reader_close(r);
    vm_buf_free(&b);
}

static void test_header_only_and_empty(void) {
    vm_reader *r = open_text("a,b\r\n", "h.csv", NULL, 0);
    CHECK(r && vm_reader_ncols(r) == 2 && at_end(r));
    vm_reader_close(r);
    vm_error err;
    CHECK(vm_reader_open_mem("", 0, "empty.csv", NULL, &err) == NULL);
    CHECK(strstr(err.msg, "empty.csv") && strstr(err.msg, "empty file"));
    vm_reader_opts o = {NULL, "csv", 0};
    CHECK(vm_reader_open_mem("a,\"b\n", 5, "hdr.csv", &o, &err) == NULL);
    CHECK(strstr(err.msg, "hdr.csv") && strstr(err.msg, "bad header"));
}

/* Many records with quoted multi-line fields, far more than one window,
 * so records cross every read boundary. */
static void test_big(void) {
    vm_buf b = {0};
    vm_buf_puts(&b, "n,text,tail\r\n");
    const int rows = 60000;
    for (int i = 0; i < rows; i++) {
        if (i % 3 == 0) vm_buf_printf(&b, "%d,\"v%d, \"\"q\"\"\r\nnext\",t\r\n", i, i);
        else vm_buf_printf(&b, "%d,plain %d,t\r\n", i, i);
    }
    vm_reader *r = open_text(b.data, "big.csv", NULL, 0);
    CHECK(r != NULL);
    if (!r) return;
    vm_record rec;
    char want[64];
    int bad = 0, n = 0;
    while (vm_reader_next(r, &rec, &(vm_error){0}) == 1) {
        int i = n++;
        if (i % 3 == 0) snprintf(want, sizeof want, "v%d, \"q\"\r\nnext", i);
        else snprintf(want, sizeof want, "plain %d", i);
        if (rec.reject || rec.nfields != 3 || strcmp(rec.fields[1], want) != 0 || strcmp(rec.fields[2], "t") != 0 ||
            rec.row != (uint64_t)i + 1)
            bad++;
    }
    CHECK(n == rows);
    CHECK(bad == 0);
    CHECK(vm_reader_bytes(r) == b.len && vm_reader_raw_bytes(r) == b.len);
    char hex[65], want_hex[65];
    vm_reader_sha256(r, hex);
    vm_sha256_hex(b.data, b.len, want_hex);
    CHECK_STR(hex, want_hex);
    vm_reader_close(r);
    vm_buf_free(&b);
}

int main(void) {
    test_quoting();
    test_line_endings();
    test_rejects();
    test_resync();
    test_header_only_and_empty();
    test_big();
    return check_done();
}
