/*
 * test_jsonl.c - the JSON Lines parser: columns from keys, value kinds,
 * string escapes and surrogates, rejects (nested, invalid, duplicate,
 * NUL) that do not stop the stream.
 */
#include "ingest_check.h"
#include "common/buf.h"

static void test_values(void) {
    const char *text =
        "{\"id\": \"1\", \"n\": 12.5e-1, \"ok\": true, \"note\": null}\r\n"
        "  \t\r\n"
        "{\"id\":\"2\",\"n\":-0,\"ok\":false,\"note\":\"x\"}\n"
        "{\"ok\":true,\"id\":\"3\"}\n"
        "{}\n"
        "{\"id\":\"4\",\"extra\":\"new\"}";
    vm_reader *r = open_text(text, "v.jsonl", NULL, 0);
    CHECK(r != NULL);
    if (!r) return;
    CHECK_STR(vm_reader_format(r), "jsonl");
    /* All keys of the first 64 KiB are known at open, in order of first
     * appearance. */
    CHECK(vm_reader_ncols(r) == 5);
    CHECK_STR(vm_reader_colname(r, 0), "id");
    CHECK_STR(vm_reader_colname(r, 3), "note");
    CHECK_STR(vm_reader_colname(r, 4), "extra");
    vm_record rec;
    CHECK(next_is(r, &rec, 5, "1", "12.5e-1", "true", NULL, NULL));
    CHECK(next_is(r, &rec, 5, "2", "-0", "false", "x", NULL));
    CHECK(rec.row == 2 && rec.line == 3);
    CHECK(next_is(r, &rec, 5, "3", NULL, "true", NULL, NULL));
    CHECK(next_is(r, &rec, 5, NULL, NULL, NULL, NULL, NULL));
    CHECK(next_is(r, &rec, 5, "4", NULL, NULL, NULL, "new"));
    CHECK(at_end(r));
    CHECK(vm_reader_blank_lines(r) == 1);
    vm_reader_close(r);
}

static void test_strings(void) {
    const char *text =
        "{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"}\n"
        "{\"s\":\"\\u00e9\\u4E2D\\ud83d\\ude00\"}\n"
        "{\"s\":\"lone \\ud83d x\"}\n"
        "{\"s\":\"low \\ude00 y\"}\n"
        "{\"s\":\"high high \\ud83d\\ud83d\\ude00\"}\n"
        "{\"s\":\"raw \xE4\xB8\xAD \xFF bytes\"}\n"
        "{\"\\u0073\":\"escaped key\"}\n";
    vm_reader *r = open_text(text, "s.jsonl", NULL, 0);
    CHECK(r != NULL);
    if (!r) return;
    CHECK(vm_reader_ncols(r) == 1);
    vm_record rec;
    CHECK(next_is(r, &rec, 1, "q\" b\\ s/ \b\f\n\r\t"));
    CHECK(next_is(r, &rec, 1, "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80"));
    CHECK(next_is(r, &rec, 1, "lone \xEF\xBF\xBD x"));
    CHECK(next_is(r, &rec, 1, "low \xEF\xBF\xBD y"));
    CHECK(next_is(r, &rec, 1, "high high \xEF\xBF\xBD\xF0\x9F\x98\x80"));
    CHECK(next_is(r, &rec, 1, "raw \xE4\xB8\xAD \xFF bytes"));
    CHECK(next_is(r, &rec, 1, "escaped key"));
    CHECK(at_end(r));
    vm_reader_close(r);
}

static void test_rejects(void) {
    static const char text[] =
        "{\"id\":\"1\",\"text\":\"ok\"}\n"
        "{\"id\":\"2\",\"meta\":{\"a\":1},\"text\":\"x\"}\n"
        "{\"id\":\"3\",\"tags\":[1,2]}\n"
        "{\"id\":\"4\",}\n"
        "{\"id\":\"5\" \"text\":\"x\"}\n"
        "[1,2]\n"
        "{\"id\":\"7\",\"text\":\"x\"} trailing\n"
        "{\"id\":\"8\",\"id\":\"again\"}\n"
        "{\"id\":\"9\",\"text\":\"a\\u0000b\"}\n"
        "{\"id\":\"10\",\"text\":\"a\0b\"}\n"
        "{\"id\":\"11\",\"text\":\"unterminated}\n"
        "{\"id\":\"12\",\"text\":tru}\n"
        "{\"id\":\"13\",\"text\":01}\n"
        "{\"id\":\"14\",\"text\":\"bad \\q\"}\n"
        "{\"id\":\"15\",\"late\":\"new key after rejects\"}\n";
    vm_error err;
    vm_reader *r = vm_reader_open_mem(text, sizeof text - 1, "bad.jsonl", NULL, &err);
    CHECK(r != NULL);
    if (!r) return;
    /* Keys only seen in rejected records never become columns. */
    CHECK(vm_reader_ncols(r) == 3);
    CHECK_STR(vm_reader_colname(r, 2), "late");
    vm_record rec;
    CHECK(next_is(r, &rec, 3, "1", "ok", NULL));
    CHECK(next_rejected(r, &rec, "nested value for key \"meta\""));
    CHECK(rec.row == 2 && rec.line == 2 && rec.nfields == 3 && !rec.present[0]);
    CHECK(rec.raw_len == strlen("{\"id\":\"2\",\"meta\":{\"a\":1},\"text\":\"x\"}"));
    CHECK(next_rejected(r, &rec, "nested value for key \"tags\""));
    CHECK(next_rejected(r, &rec, "invalid JSON: expected a string key at column 11"));
    CHECK(next_rejected(r, &rec, "invalid JSON: expected ',' or '}' at column 11"));
    CHECK(next_rejected(r, &rec, "invalid JSON: expected '{' at column 1"));
    CHECK(next_rejected(r, &rec, "invalid JSON: text after the object at column 23"));
    CHECK(next_rejected(r, &rec, "duplicate key \"id\""));
    CHECK(next_rejected(r, &rec, "\\u0000 (NUL) in string at column 20"));
    CHECK(next_rejected(r, &rec, "NUL byte in record"));
    CHECK(next_rejected(r, &rec, "invalid JSON: unterminated string at column 19"));
    CHECK(next_rejected(r, &rec, "invalid JSON: bad literal at column 19"));
    CHECK(next_rejected(r, &rec, "invalid JSON: expected ',' or '}' at column 20"));
    CHECK(next_rejected(r, &rec, "invalid JSON: bad escape at column 24"));
    CHECK(next_is(r, &rec, 3, "15", NULL, "new key after rejects"));
    CHECK(rec.row == 15);
    CHECK(at_end(r));
    vm_reader_close(r);
}

/* A key first seen after the first 64 KiB appends a column when its
 * record is read; earlier records keep their smaller field count. */
static void test_late_columns(void) {
    vm_buf b = {0};
    for (int i = 0; i < 2000; i++) vm_buf_printf(&b, "{\"id\":\"%d\",\"text\":\"%060d\"}\n", i, i);
    vm_buf_puts(&b, "{\"text\":\"t\",\"late\":\"L\",\"id\":\"x\"}\n{\"id\":\"y\"}\n");
    vm_reader *r = open_text(b.data, "late.jsonl", NULL, 0);
    CHECK(r != NULL);
    if (!r) return;
    CHECK(vm_reader_ncols(r) == 2);
    vm_record rec;
    int rows = 0, bad = 0;
    while (rows < 2000 && vm_reader_next(r, &rec, &(vm_error){0}) == 1) {
        bad += rec.reject != NULL || rec.nfields != 2;
        rows++;
    }
    CHECK(rows == 2000 && bad == 0);
    CHECK(next_is(r, &rec, 3, "x", "t", "L"));
    CHECK(vm_reader_ncols(r) == 3);
    CHECK_STR(vm_reader_colname(r, 2), "late");
    CHECK(next_is(r, &rec, 3, "y", NULL, NULL));
    CHECK(at_end(r));
    vm_reader_close(r);
    vm_buf_free(&b);
}

static void test_too_many_keys(void) {
    vm_buf b = {0};
    vm_buf_putc(&b, '{');
    for (int i = 0; i <= VM_READER_MAX_COLUMNS; i++) vm_buf_printf(&b, "%s\"k%d\":1", i ? "," : "", i);
    vm_buf_puts(&b, "}\n{\"k1\":2}\n");
    vm_reader *r = open_text(b.data, "wide.jsonl", NULL, 0);
    CHECK(r != NULL);
    if (!r) return;
    vm_record rec;
    CHECK(next_rejected(r, &rec, "more than 10000 distinct keys"));
    CHECK(next_is(r, &rec, 1, "2"));
    vm_reader_close(r);
    vm_buf_free(&b);
}

int main(void) {
    test_values();
    test_strings();
    test_rejects();
    test_late_columns();
    test_too_many_keys();
    return check_done();
}
