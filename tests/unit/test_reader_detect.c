/*
 * test_reader_detect.c - the reader's front end: format detection,
 * encoding sniffing and transcoding (GB18030, Big5, UTF-16, stray bytes),
 * gzip input and the truncated-gzip error, opening files and failures.
 */
#include "ingest_check.h"
#include "common/buf.h"
#include "common/outfile.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <unistd.h>

static const char *format_of(const char *text, const char *name, const char *format) {
    static char got[16];
    vm_reader *r = open_text(text, name, format, 0);
    snprintf(got, sizeof got, "%s", r ? vm_reader_format(r) : "(failed)");
    vm_reader_close(r);
    return got;
}

static void test_detection(void) {
    CHECK_STR(format_of("{\"a\":1}\n", "x.csv", NULL), "jsonl");
    CHECK_STR(format_of("\xEF\xBB\xBF  \n{\"a\":1}\n", "x.txt", NULL), "jsonl");
    CHECK_STR(format_of("a\tb,c\td\n", "x.csv", NULL), "tsv");
    CHECK_STR(format_of("a,b\tc,d\n", "x.tsv", NULL), "csv");
    CHECK_STR(format_of("a,b\tc\n", "x.tsv", NULL), "tsv");      /* a tie: the extension decides */
    CHECK_STR(format_of("a,b\tc\n", "x.TSV.gz", NULL), "tsv");
    CHECK_STR(format_of("a,b\tc\n", "x.txt", NULL), "csv");
    CHECK_STR(format_of("text\nhello\n", "dir.v2/export", NULL), "csv");
    CHECK_STR(format_of("text\nhello\n", "x.jsonl", NULL), "jsonl");
    CHECK_STR(format_of("a\tb\n", "x.tsv", "csv"), "csv");
    vm_error err;
    vm_reader_opts o = {NULL, "xml", 0};
    CHECK(vm_reader_open_mem("a\n", 2, "f.xml", &o, &err) == NULL);
    CHECK(strstr(err.msg, "f.xml: unknown format 'xml'") != NULL);
    vm_reader_opts e = {"no-such-encoding", NULL, 0};
    CHECK(vm_reader_open_mem("a\n", 2, "f.csv", &e, &err) == NULL);
    CHECK(strstr(err.msg, "f.csv: unknown encoding 'no-such-encoding'") != NULL);
    CHECK(vm_reader_open("/nonexistent/dir/in.csv", NULL, &err) == NULL);
    CHECK(strstr(err.msg, "/nonexistent/dir/in.csv") != NULL);
}

/* Converts UTF-8 text to another encoding with iconv. */
static int convert(const char *to, const vm_buf *in, vm_buf *out) {
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1) return -1;
    vm_buf_reset(out);
    vm_buf_grow(out, in->len * 4 + 16);
    char *ip = in->data, *op = out->data;
    size_t il = in->len, ol = out->cap - 1;
    size_t rc = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    if (rc == (size_t)-1) return -1;
    out->len = (size_t)(op - out->data);
    out->data[out->len] = '\0';
    return 0;
}

/* Reads every record of both readers and counts differences. */
static int differences(vm_reader *a, vm_reader *b, int *records) {
    vm_record ra, rb;
    vm_error err;
    int diff = 0, ca, cb;
    *records = 0;
    while ((ca = vm_reader_next(a, &ra, &err)) == 1 && (cb = vm_reader_next(b, &rb, &err)) == 1) {
        (*records)++;
        if (ra.nfields != rb.nfields || (ra.reject == NULL) != (rb.reject == NULL)) {
            diff++;
            continue;
        }
        for (size_t i = 0; i < ra.nfields; i++)
            diff += ra.lens[i] != rb.lens[i] || memcmp(ra.fields[i], rb.fields[i], ra.lens[i]) != 0;
    }
    return diff + (ca == 1) + (vm_reader_next(b, &rb, &err) == 1);
}

/* A Chinese export large enough to span several transcoder chunks. */
static void make_chinese(vm_buf *b, int rows) {
    static const char *const texts[] = {
        "送餐太慢了，等了一个多小时，饭菜都凉了！",
        "服務態度很好，下次還會再來。",
        "味道不错 😊 but the delivery was late, 差评",
        "包装破损，汤洒了一地。。。客服电话打不通",
    };
    vm_buf_puts(b, "\xEF\xBB\xBFid,店铺,评论\r\n");
    for (int i = 0; i < rows; i++)
        vm_buf_printf(b, "%d,门店%03d,\"%s\"\r\n", i, i % 40, texts[i % 4]);
}

static void test_gb18030(void) {
    vm_buf utf8 = {0}, gb = {0};
    make_chinese(&utf8, 3000);
    CHECK(convert("GB18030", &utf8, &gb) == 0);
    vm_error err;
    CHECK(vm_reader_open_mem(gb.data, gb.len, "in.csv", NULL, &err) == NULL);
    CHECK(strstr(err.msg, "in.csv: input is not UTF-8 (it looks like GB18030/GBK); rerun with --encoding gb18030") !=
          NULL);
    vm_reader_opts o = {"gb18030", NULL, 0};
    vm_reader *a = vm_reader_open_mem(utf8.data, utf8.len, "utf8.csv", NULL, &err);
    vm_reader *b = vm_reader_open_mem(gb.data, gb.len, "in.csv", &o, &err);
    CHECK(a && b);
    if (a && b) {
        CHECK(vm_reader_ncols(b) == 3);
        CHECK_STR(vm_reader_colname(b, 1), "店铺");
        int records;
        CHECK(differences(a, b, &records) == 0);
        CHECK(records == 3000);
        CHECK(vm_reader_transcode_errors(b) == 0);
        CHECK(vm_reader_raw_bytes(b) == gb.len);
        CHECK(vm_reader_bytes(b) == utf8.len);
    }
    vm_reader_close(a);
    vm_reader_close(b);

    /* Bytes that are not GB18030 become U+FFFD and are counted. */
    vm_buf_reset(&utf8);
    vm_buf_puts(&utf8, "a,b\n1,好\n");
    CHECK(convert("GB18030", &utf8, &gb) == 0);
    vm_buf_puts(&gb, "2,\xFF\xFFx\n3,\x81");
    b = vm_reader_open_mem(gb.data, gb.len, "bad.csv", &o, &err);
    vm_record rec;
    CHECK(b && next_is(b, &rec, 2, "1", "好"));
    CHECK(b && next_is(b, &rec, 2, "2", "\xEF\xBF\xBD\xEF\xBF\xBDx"));
    CHECK(b && next_is(b, &rec, 2, "3", "\xEF\xBF\xBD"));
    CHECK(b && vm_reader_transcode_errors(b) == 3);
    vm_reader_close(b);
    vm_buf_free(&utf8);
    vm_buf_free(&gb);
}

static void test_big5_and_utf16(void) {
    vm_buf utf8 = {0}, other = {0};
    vm_buf_puts(&utf8, "編號,評論\n");
    for (int i = 0; i < 200; i++) vm_buf_printf(&utf8, "%d,服務態度很好，價格也實惠，下次還會再來。\n", i);
    vm_error err;
    vm_record rec;
    CHECK(convert("BIG5", &utf8, &other) == 0);
    CHECK(vm_reader_open_mem(other.data, other.len, "tw.csv", NULL, &err) == NULL);
    CHECK(strstr(err.msg, "tw.csv: input is not UTF-8 (it looks like Big5); rerun with --encoding big5") != NULL);
    vm_reader_opts o = {"big5", NULL, 0};
    vm_reader *r = vm_reader_open_mem(other.data, other.len, "tw.csv", &o, &err);
    CHECK(r && vm_reader_ncols(r) == 2 && next_is(r, &rec, 2, "0", "服務態度很好，價格也實惠，下次還會再來。"));
    vm_reader_close(r);

    CHECK(convert("UTF-16LE", &utf8, &other) == 0);
    CHECK(vm_reader_open_mem(other.data, other.len, "w.csv", NULL, &err) == NULL);
    CHECK(strstr(err.msg, "(it looks like UTF-16LE); rerun with --encoding utf-16le") != NULL);
    vm_reader_opts u = {"UTF-16LE", NULL, 0};
    r = vm_reader_open_mem(other.data, other.len, "w.csv", &u, &err);
    CHECK(r && next_is(r, &rec, 2, "0", "服務態度很好，價格也實惠，下次還會再來。"));
    vm_reader_close(r);
    vm_buf_free(&utf8);
    vm_buf_free(&other);
}

/* A UTF-8 export with a few stray bytes opens and passes them through;
 * "utf-8" given explicitly skips the sniffing. */
static void test_stray_bytes(void) {
    vm_buf b = {0};
    vm_buf_puts(&b, "id,text\n");
    for (int i = 0; i < 500; i++)
        vm_buf_printf(&b, "%d,送餐太慢了%s等了一个小时\n", i, i % 50 == 0 ? "\xFF" : i % 50 == 1 ? "\xE4\xB8" : "");
    vm_error err;
    vm_reader *r = vm_reader_open_mem(b.data, b.len, "stray.csv", NULL, &err);
    CHECK(r != NULL);
    vm_record rec;
    CHECK(r && next_is(r, &rec, 2, "0", "送餐太慢了\xFF等了一个小时"));
    CHECK(r && next_is(r, &rec, 2, "1", "送餐太慢了\xE4\xB8等了一个小时"));
    vm_reader_close(r);

    /* Mostly invalid and not a known legacy encoding: read as bytes. */
    vm_buf_reset(&b);
    vm_buf_puts(&b, "id,text\n");
    for (int i = 0; i < 100; i++) vm_buf_printf(&b, "%d,\xFF\xFE\xFD\x80\n", i);
    r = vm_reader_open_mem(b.data, b.len, "junk.csv", NULL, &err);
    CHECK(r && next_is(r, &rec, 2, "0", "\xFF\xFE\xFD\x80"));
    vm_reader_close(r);

    /* The GB18030 sniffer does not run when UTF-8 is declared. */
    vm_buf utf8 = {0}, gb = {0};
    make_chinese(&utf8, 100);
    CHECK(convert("GB18030", &utf8, &gb) == 0);
    vm_reader_opts o = {"UTF-8", NULL, 0};
    r = vm_reader_open_mem(gb.data, gb.len, "declared.csv", &o, &err);
    CHECK(r != NULL);
    vm_reader_close(r);
    vm_buf_free(&utf8);
    vm_buf_free(&gb);
    vm_buf_free(&b);
}

static void test_gzip(void) {
    vm_buf plain = {0}, gz = {0};
    make_chinese(&plain, 20000);
    vm_gzip_member(plain.data, plain.len / 2, 6, &gz);
    vm_gzip_member(plain.data + plain.len / 2, plain.len - plain.len / 2, 6, &gz);   /* two members */
    vm_error err;
    vm_reader *a = vm_reader_open_mem(plain.data, plain.len, "in.csv", NULL, &err);
    vm_reader *b = vm_reader_open_mem(gz.data, gz.len, "in.csv.gz", NULL, &err);
    CHECK(a && b);
    if (a && b) {
        int records;
        CHECK(differences(a, b, &records) == 0);
        CHECK(records == 20000);
        CHECK(vm_reader_raw_bytes(b) == gz.len);
        CHECK(vm_reader_bytes(b) == plain.len);
    }
    vm_reader_close(a);
    vm_reader_close(b);

    /* Truncated: the error names the file and how far it got, whether it
     * shows at open (small file) or while reading (large file). */
    for (int big = 0; big < 2; big++) {
        vm_buf_reset(&gz);
        size_t n = big ? plain.len : 2000;
        vm_gzip_member(plain.data, n, 6, &gz);
        vm_reader *r = vm_reader_open_mem(gz.data, gz.len * 2 / 3, "trunc.csv.gz", NULL, &err);
        CHECK(big ? r != NULL : r == NULL);
        if (r) {
            vm_record rec;
            int rc;
            uint64_t rows = 0;
            while ((rc = vm_reader_next(r, &rec, &err)) == 1) rows++;
            CHECK(rc == -1);
            CHECK(rows > 0 && rows < 20000);
        }
        CHECK(strstr(err.msg, "trunc.csv.gz") != NULL);
        CHECK(strstr(err.msg, "truncated gzip stream") != NULL);
        CHECK(strstr(err.msg, "bytes decompressed") != NULL);
        vm_reader_close(r);
    }
    vm_buf_free(&plain);
    vm_buf_free(&gz);
}

/* Opening a real file by path, gzip-compressed. */
static void test_file(void) {
    char path[] = "/tmp/vm_reader_testXXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    vm_buf plain = {0}, gz = {0};
    vm_buf_puts(&plain, "id\ttext\n1\thello\n");
    vm_gzip_member(plain.data, plain.len, 6, &gz);
    CHECK(write(fd, gz.data, gz.len) == (ssize_t)gz.len);
    close(fd);
    vm_error err;
    vm_reader *r = vm_reader_open(path, NULL, &err);
    CHECK(r != NULL);
    vm_record rec;
    CHECK(r && strcmp(vm_reader_format(r), "tsv") == 0 && next_is(r, &rec, 2, "1", "hello") && at_end(r));
    vm_reader_close(r);
    unlink(path);
    vm_buf_free(&plain);
    vm_buf_free(&gz);
}

int main(void) {
    test_detection();
    test_gb18030();
    test_big5_and_utf16();
    test_stray_bytes();
    test_gzip();
    test_file();
    return check_done();
}
