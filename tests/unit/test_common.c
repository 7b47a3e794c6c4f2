/*
 * test_common.c - unit tests for pipeline/common: buffers, the interning
 * map, TSV escaping, JSON writing, SHA-256, atomic gzip outputs read back
 * through vm_instream, and the ordered pipeline at several thread counts.
 */
#include "check.h"
#include "common/buf.h"
#include "common/hash.h"
#include "common/instream.h"
#include "common/json.h"
#include "common/mem.h"
#include "common/outfile.h"
#include "common/pipeline.h"
#include "common/sha256.h"
#include "common/strmap.h"
#include "common/tsv.h"
#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static void test_buf(void) {
    vm_buf b = {0};
    vm_buf_puts(&b, "ab");
    vm_buf_printf(&b, "%d", 42);
    vm_buf_put_u64(&b, 18446744073709551615ULL);
    vm_buf_put_utf8(&b, 0x4E2D);
    vm_buf_put_utf8(&b, 0x1F600);
    CHECK_STR(b.data, "ab4218446744073709551615中😀");
    vm_buf_truncate(&b, 2);
    CHECK_STR(b.data, "ab");
    char *s = vm_buf_detach(&b);
    CHECK_STR(s, "ab");
    CHECK(b.data == NULL && b.len == 0);
    free(s);
}

static void test_strmap(void) {
    vm_strmap *m = vm_strmap_new();
    char key[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        CHECK(vm_strmap_intern(m, key, (size_t)n, NULL) == i);
    }
    int added = 1;
    CHECK(vm_strmap_intern(m, "k17", 3, &added) == 17 && added == 0);
    CHECK(vm_strmap_find(m, "k4999", 5) == 4999);
    CHECK(vm_strmap_find(m, "nope", 4) == -1);
    size_t len;
    CHECK_STR(vm_strmap_key(m, 123, &len), "k123");
    CHECK(len == 4 && vm_strmap_size(m) == 5000);
    char big[70000];
    memset(big, 'x', sizeof big);
    long id = vm_strmap_intern(m, big, sizeof big, NULL);
    CHECK(vm_strmap_find(m, big, sizeof big) == id);
    CHECK_STR(vm_strmap_key(m, 0, NULL), "k0");
    vm_strmap_free(m);
}

static void test_tsv_escape(void) {
    const char raw[] = "a\tb\nc\rd\\e";
    vm_buf b = {0};
    vm_tsv_escape(&b, raw, strlen(raw));
    CHECK_STR(b.data, "a\\tb\\nc\\rd\\\\e");
    size_t n = vm_tsv_unescape(b.data, b.len);
    CHECK(n == strlen(raw) && memcmp(b.data, raw, n) == 0);
    vm_buf_free(&b);
}

static void test_json(void) {
    vm_buf b = {0};
    vm_json j;
    vm_json_init(&j, &b, 0);
    vm_json_obj_begin(&j);
    vm_json_key(&j, "s");
    vm_json_str(&j, "<a href=\"x\">\n");
    vm_json_key(&j, "n");
    vm_json_num(&j, -0.0001, 3);
    vm_json_key(&j, "a");
    vm_json_arr_begin(&j);
    vm_json_int(&j, 1);
    vm_json_bool(&j, 0);
    vm_json_null(&j);
    vm_json_arr_end(&j);
    vm_json_key(&j, "e");
    vm_json_obj_begin(&j);
    vm_json_obj_end(&j);
    vm_json_key(&j, "r");
    vm_json_raw(&j, "{\"k\":[2]}", 9);
    vm_json_key(&j, "z");
    vm_json_int(&j, 3);
    vm_json_obj_end(&j);
    CHECK_STR(b.data, "{\"s\":\"\\u003ca href=\\\"x\\\"\\u003e\\n\",\"n\":0.000,\"a\":[1,false,null],\"e\":{},"
                      "\"r\":{\"k\":[2]},\"z\":3}");
    vm_buf_free(&b);
}

static void test_sha256(void) {
    char hex[65];
    vm_sha256_hex("abc", 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    vm_sha256_hex("", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    /* 1,000,000 x 'a' fed in odd-sized pieces. */
    vm_sha256 c;
    uint8_t d[32];
    char chunk[997];
    memset(chunk, 'a', sizeof chunk);
    vm_sha256_init(&c);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof chunk ? left : sizeof chunk;
        vm_sha256_update(&c, chunk, n);
        left -= n;
    }
    vm_sha256_final(&c, d);
    vm_sha256_to_hex(d, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_hash_stable(void) {
    CHECK(vm_hash64("hello", 5, 0) == vm_hash64("hello", 5, 0));
    CHECK(vm_hash64("hello", 5, 0) != vm_hash64("hellp", 5, 0));
    CHECK(vm_hash64("", 0, 0) != vm_hash64("", 0, 1));
}

static void test_utf8(void) {
    size_t adv;
    CHECK(vm_utf8_decode("\xe4\xb8\xad", 3, &adv) == 0x4E2D && adv == 3);
    CHECK(vm_utf8_decode("\xe4\xb8", 2, &adv) == -1 && adv == 1);
    CHECK(vm_utf8_decode("\xc0\xaf", 2, &adv) == -1);             /* overlong */
    CHECK(vm_utf8_decode("\xed\xa0\x80", 3, &adv) == -1);         /* surrogate */
    CHECK(vm_utf8_decode("\xf4\x90\x80\x80", 4, &adv) == -1);     /* > U+10FFFF */
    CHECK(vm_utf8_invalid_count("a\xffz\xe4\xb8\xad\x80", 7) == 2);
}

/* The inline decoder and the slow one agree on every three-byte input
 * (every lead byte, so the fast paths and their exits are all covered),
 * also when the input is cut short. */
static void test_utf8_fast_path(void) {
    long bad = 0;
    for (unsigned a = 0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++)
            for (unsigned c = 0; c < 256; c++) {
                char s[3] = {(char)a, (char)b, (char)c};
                for (size_t len = 1; len <= 3; len++) {
                    size_t fa = 0, sa = 0;
                    bad += vm_utf8_decode(s, len, &fa) != vm_utf8_decode_slow(s, len, &sa) || fa != sa;
                }
            }
    CHECK(bad == 0);
}

/* Writes a gzip file in two ways (buffered writes and a pre-compressed
 * member), reads it back through vm_instream, and checks abort leaves
 * nothing under the final name. */
static void test_outfile_gzip(void) {
    char dir[] = "/tmp/vm_test_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/out.gz", dir);
    vm_error err;
    vm_outfile *o = vm_outfile_open(path, VM_OUT_GZIP, &err);
    CHECK(o != NULL);
    CHECK(access(path, F_OK) != 0);
    vm_outfile_puts(o, "header\n", &err);
    vm_buf member = {0};
    vm_gzip_member("row 1\nrow 2\n", 12, VM_GZIP_LEVEL, &member);
    CHECK(vm_outfile_write_member(o, &member, "row 1\nrow 2\n", 12, &err) == 0);
    CHECK(vm_outfile_commit(o, &err) == 0);
    vm_instream *in = vm_instream_open(path, &err);
    CHECK(in != NULL && vm_instream_is_gzip(in));
    char got[64];
    size_t total = 0;
    long n;
    while ((n = vm_instream_read(in, got + total, sizeof got - 1 - total, &err)) > 0) total += (size_t)n;
    got[total] = '\0';
    CHECK(n == 0);
    CHECK_STR(got, "header\nrow 1\nrow 2\n");
    vm_instream_close(in);

    snprintf(path, sizeof path, "%s/aborted.gz", dir);
    o = vm_outfile_open(path, VM_OUT_GZIP, &err);
    vm_outfile_puts(o, "partial", &err);
    vm_outfile_abort(o);
    CHECK(access(path, F_OK) != 0);

    /* A truncated gzip stream is an error that names the file. */
    snprintf(path, sizeof path, "%s/cut.gz", dir);
    vm_buf_reset(&member);
    char text[4000];
    for (size_t i = 0; i < sizeof text; i++) text[i] = (char)('a' + (i * 7919) % 26);
    vm_gzip_member(text, sizeof text, 6, &member);
    CHECK(vm_write_file_atomic(path, member.data, member.len / 2, &err) == 0);
    in = vm_instream_open(path, &err);
    while ((n = vm_instream_read(in, got, sizeof got, &err)) > 0) {}
    CHECK(n < 0 && strstr(err.msg, "cut.gz: truncated gzip") != NULL);
    vm_instream_close(in);
    vm_buf_free(&member);
    snprintf(path, sizeof path, "rm -r %s", dir);
    CHECK(system(path) == 0);
}

/* Reads a whole stream in odd-sized pieces; returns the byte count or -1. */
static long read_all(vm_instream *in, vm_buf *got, vm_error *err) {
    char piece[1000];
    long n;
    while ((n = vm_instream_read(in, piece, sizeof piece, err)) > 0) vm_buf_append(got, piece, (size_t)n);
    return n < 0 ? -1 : (long)got->len;
}

/* Writes the members, reads the file back through vm_instream and checks
 * the bytes and the digest; returns whether the stream read without error. */
static int members_round_trip(const char *path, const vm_buf *want, const vm_buf *file) {
    vm_error err;
    CHECK(vm_write_file_atomic(path, file->data, file->len, &err) == 0);
    vm_instream *in = vm_instream_open(path, &err);
    CHECK(in != NULL);
    vm_buf got = {0};
    long n = read_all(in, &got, &err);
    if (n >= 0) {
        CHECK(got.len == want->len && memcmp(got.data, want->data, got.len) == 0);
        char hex[65], direct[65];
        vm_instream_sha256(in, hex);
        CHECK(vm_sha256_file(path, direct) == 0);
        CHECK_STR(hex, direct);
    }
    vm_instream_close(in);
    vm_buf_free(&got);
    return n >= 0;
}

static void add_member(vm_buf *want, vm_buf *file, const char *data, size_t len) {
    vm_buf_append(want, data, len);
    vm_gzip_member(data, len, VM_GZIP_LEVEL, file);
}

/* Gzip members that do not fit the whole-member decoder (more compressed
 * bytes than its window, more decoded bytes than its limit) are read
 * through the streaming inflate from there on; bytes and digest stay right, and trailing
 * garbage is still an error. */
static void test_instream_members(void) {
    char dir[] = "/tmp/vm_test_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/m.gz", dir);
    size_t big = 6u << 20;
    char *noise = vm_xmalloc(big);
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < big; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        noise[i] = (char)x;
    }
    vm_buf want = {0}, file = {0};
    add_member(&want, &file, "first\n", 6);
    add_member(&want, &file, "", 0);
    add_member(&want, &file, noise, big);            /* ~6 MB compressed */
    add_member(&want, &file, "after\n", 6);
    CHECK(members_round_trip(path, &want, &file));

    vm_buf_reset(&want);
    vm_buf_reset(&file);
    size_t huge = 40u << 20;
    char *zeros = vm_xcalloc(huge, 1);
    add_member(&want, &file, "first\n", 6);
    add_member(&want, &file, zeros, huge);           /* tiny compressed, 40 MB decoded */
    add_member(&want, &file, "after\n", 6);
    CHECK(members_round_trip(path, &want, &file));

    vm_buf_reset(&want);
    vm_buf_reset(&file);
    add_member(&want, &file, "first\n", 6);
    vm_buf_puts(&file, "not gzip");
    CHECK(!members_round_trip(path, &want, &file));

    free(noise);
    free(zeros);
    vm_buf_free(&want);
    vm_buf_free(&file);
    snprintf(path, sizeof path, "rm -r %s", dir);
    CHECK(system(path) == 0);
}

/* Data past 1 GiB goes into further members (ISA-L counts in 32 bits);
 * the file still reads back as the same bytes. */
static void test_gzip_past_1gib(void) {
    size_t len = ((size_t)1 << 30) + 3;
    unsigned char *data = vm_xcalloc(len, 1);
    data[len - 1] = 'z';
    vm_buf gz = {0};
    vm_gzip_member(data, len, VM_GZIP_LEVEL, &gz);
    free(data);
    char dir[] = "/tmp/vm_test_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/big.gz", dir);
    vm_error err;
    CHECK(vm_write_file_atomic(path, gz.data, gz.len, &err) == 0);
    vm_buf_free(&gz);
    vm_instream *in = vm_instream_open(path, &err);
    CHECK(in != NULL);
    size_t total = 0, nonzero = 0, piece = 1 << 20;
    unsigned char *got = vm_xmalloc(piece), last = 0;
    long n;
    while ((n = vm_instream_read(in, got, piece, &err)) > 0) {
        for (long i = 0; i < n; i++) nonzero += got[i] != 0;
        last = got[n - 1];
        total += (size_t)n;
    }
    CHECK(n == 0);
    CHECK(total == len && nonzero == 1 && last == 'z');
    vm_instream_close(in);
    free(got);
    snprintf(path, sizeof path, "rm -r %s", dir);
    CHECK(system(path) == 0);
}

/* Reads a gzip file made of the given bytes through vm_instream; returns
 * the byte count or -1 (the error in err). */
static long read_bytes(const char *path, const vm_buf *file, vm_buf *got, vm_error *err) {
    CHECK(vm_write_file_atomic(path, file->data, file->len, err) == 0);
    vm_instream *in = vm_instream_open(path, err);
    CHECK(in != NULL);
    long n = read_all(in, got, err);
    vm_instream_close(in);
    return n;
}

/* A member rebuilt from one of ours (10-byte header, deflate data, CRC-32
 * and length): with flags added to its header, a header CRC (right or
 * wrong) when FHCRC is set, and its trailer damaged on request. */
static void variant(const vm_buf *ours, uint8_t flags, int hcrc_ok, int bad_crc, int bad_len, vm_buf *out) {
    vm_buf_reset(out);
    unsigned char head[10];
    memcpy(head, ours->data, 10);
    head[3] = flags;
    vm_buf_append(out, head, 10);
    if (flags & 0x02) {
        uint32_t crc = (uint32_t)crc32(0, head, 10);
        unsigned char hc[2] = {(unsigned char)(crc & 0xFF), (unsigned char)((crc >> 8) & 0xFF)};
        if (!hcrc_ok) hc[0] ^= 1;
        vm_buf_append(out, hc, 2);
    }
    size_t body = ours->len - 18;
    vm_buf_append(out, ours->data + 10, body);
    unsigned char tail[8];
    memcpy(tail, ours->data + 10 + body, 8);
    if (bad_crc) tail[0] ^= 1;
    if (bad_len) tail[4] ^= 1;
    vm_buf_append(out, tail, 8);
}

/* What RFC 1952 asks a reader to check, whichever decoder reads the
 * member: the header CRC when present, reserved flags, the trailer's
 * CRC-32 and length. Members with a header CRC go to the streaming
 * inflate; so does everything after it. */
static void test_instream_checks(void) {
    char dir[] = "/tmp/vm_test_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/c.gz", dir);
    static const char text[] = "row 1\nrow 2\n";
    vm_buf ours = {0}, file = {0}, got = {0}, one = {0};
    vm_gzip_member(text, sizeof text - 1, VM_GZIP_LEVEL, &ours);
    vm_error err;
    struct { uint8_t flags; int hcrc_ok, bad_crc, bad_len; const char *error; } cases[] = {
        {0x02, 1, 0, 0, NULL},
        {0x02, 0, 0, 0, "incorrect check value"},
        {0x20, 1, 0, 0, "unknown header flags set"},
        {0x80, 1, 0, 0, "unknown header flags set"},
        {0x00, 1, 1, 0, "incorrect"},
        {0x00, 1, 0, 1, "incorrect"},
        {0x02, 1, 1, 0, "incorrect check value"},
        {0x02, 1, 0, 1, "incorrect check value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int after = 0; after < 2; after++) {  /* alone, and after a member needing the stream */
            vm_buf_reset(&file);
            vm_buf_reset(&got);
            if (after) {
                variant(&ours, 0x02, 1, 0, 0, &one);
                vm_buf_append(&file, one.data, one.len);
            }
            variant(&ours, cases[i].flags, cases[i].hcrc_ok, cases[i].bad_crc, cases[i].bad_len, &one);
            vm_buf_append(&file, one.data, one.len);
            long n = read_bytes(path, &file, &got, &err);
            if (!cases[i].error) {
                CHECK(n == (long)(sizeof text - 1) * (after + 1));
            } else {
                CHECK(n < 0);
                CHECK(n < 0 && strstr(err.msg, "c.gz: ") != NULL && strstr(err.msg, cases[i].error) != NULL);
            }
        }
    }
    vm_buf_free(&ours);
    vm_buf_free(&file);
    vm_buf_free(&got);
    vm_buf_free(&one);
    snprintf(path, sizeof path, "rm -r %s", dir);
    CHECK(system(path) == 0);
}

/* Batch reading of a stage TSV file: whole records in chunks, split
 * later; a short record keeps its field count for the caller to report;
 * an absent column reads as ""; a column asked for twice is unescaped
 * once; columns not asked for stay as they are in the file. */
static void test_tsvfile_raw(void) {
    char dir[] = "/tmp/vm_test_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/f.tsv", dir);
    static const char text[] = "id\ttext\tn\nA\ta\\tb\t1\nB\tshort\nC\t\t3\nD\tx\\\\ty\t\\\\t\n";
    vm_error err;
    CHECK(vm_write_file_atomic(path, text, sizeof text - 1, &err) == 0);
    vm_tsvfile *t = vm_tsvfile_open(path, &err);
    CHECK(t != NULL);
    vm_buf chunk = {0};
    CHECK(vm_tsvfile_read_raw(t, &chunk, 1, 2, &err) == 1);        /* want 1 byte: one record */
    CHECK(vm_tsvfile_read_raw(t, &chunk, 1000, 2, &err) == 2);     /* at most 2 records */
    CHECK(vm_tsvfile_read_raw(t, &chunk, 1000, 2, &err) == 1);
    CHECK(vm_tsvfile_read_raw(t, &chunk, 1000, 2, &err) == 0);
    CHECK(vm_tsvfile_line(t) == 5);
    CHECK_STR(chunk.data, "A\ta\\tb\t1\nB\tshort\nC\t\t3\nD\tx\\\\ty\t\\\\t\n");
    const int cols[] = {1, 0, -1, 1};
    uint32_t off[4], len[4];
    size_t at = 0, want_fields[] = {3, 2, 3, 3};
    const char *want_text[] = {"a\tb", "short", "", "x\\ty"};
    for (int r = 0; r < 4; r++) {
        size_t n = (size_t)(strchr(chunk.data + at, '\n') - (chunk.data + at));
        CHECK(vm_tsvfile_split_raw(t, chunk.data, at, n, cols, 4, off, len) == want_fields[r]);
        CHECK_STR(chunk.data + off[0], want_text[r]);
        CHECK(len[0] == strlen(want_text[r]));
        CHECK(off[3] == off[0] && len[3] == len[0]);
        CHECK(len[2] == 0 && chunk.data[off[2]] == '\0');
        if (r == 3) CHECK(memcmp(chunk.data + at + n - 3, "\\\\t", 3) == 0);   /* column n: not asked for */
        at += n + 1;
    }
    CHECK(vm_tsvfile_bad_record(t, 3, 2, &err) == -1 && strstr(err.msg, "f.tsv: line 3: 2 fields, header has 3"));
    vm_tsvfile_close(t);
    vm_buf_free(&chunk);
    snprintf(path, sizeof path, "rm -r %s", dir);
    CHECK(system(path) == 0);
}

/* Pipeline: the serial step must see batches in production order. */
typedef struct pctx {
    int next;      /* next batch number to produce */
    int limit;
    int expected;  /* next batch number the serial step must see */
    int order_ok;
    long sum;
} pctx;

static int p_produce(void *c, void **batch, vm_error *err) {
    (void)err;
    pctx *p = c;
    if (p->next == p->limit) { *batch = NULL; return 0; }
    int *b = malloc(2 * sizeof *b);
    b[0] = p->next++;
    b[1] = 0;
    *batch = b;
    return 0;
}

static int p_work(void *c, void *batch, vm_error *err) {
    (void)c; (void)err;
    int *b = batch;
    for (int i = 0; i < (b[0] % 7) * 1000; i++) b[1] += i & 1;  /* uneven work */
    return 0;
}

static int p_serial(void *c, void *batch, vm_error *err) {
    (void)err;
    pctx *p = c;
    int *b = batch;
    if (b[0] != p->expected++) p->order_ok = 0;
    p->sum += b[1];
    free(b);
    return 0;
}

/* The last step owns its batch, also when it fails. */
static int p_fail(void *c, void *batch, vm_error *err) {
    int *b = batch;
    if (b[0] == 50) {
        free(b);
        return vm_fail(err, "batch %d failed", 50);
    }
    return p_serial(c, batch, err);
}

static void p_discard(void *c, void *batch) { (void)c; free(batch); }

static void test_pipeline(void) {
    static const vm_step ok_steps[] = {{0, p_work}, {1, p_serial}};
    static const vm_step fail_steps[] = {{0, p_work}, {1, p_fail}};
    long sums[3];
    int threads[3] = {1, 2, 5};
    for (int t = 0; t < 3; t++) {
        pctx p = {0, 300, 0, 1, 0};
        vm_pipeline_spec spec = {p_produce, ok_steps, 2, p_discard, threads[t], 0};
        vm_error err;
        CHECK(vm_pipeline_run(&spec, &p, &err) == 0);
        CHECK(p.order_ok && p.expected == 300);
        sums[t] = p.sum;
    }
    CHECK(sums[0] == sums[1] && sums[1] == sums[2]);
    pctx p = {0, 300, 0, 1, 0};
    vm_pipeline_spec spec = {p_produce, fail_steps, 2, p_discard, 3, 0};
    vm_error err;
    CHECK(vm_pipeline_run(&spec, &p, &err) == -1);
    CHECK_STR(err.msg, "batch 50 failed");
}

int main(void) {
    test_buf();
    test_strmap();
    test_tsv_escape();
    test_json();
    test_sha256();
    test_hash_stable();
    test_utf8();
    test_utf8_fast_path();
    test_outfile_gzip();
    test_instream_members();
    test_instream_checks();
    test_gzip_past_1gib();
    test_tsvfile_raw();
    test_pipeline();
    return check_done();
}
