/*
 * test_ingest_dump.c - prints what the ingest reader makes of export files,
 * for the e2e tests and benchmarks; with no file argument it runs a small
 * self-test (so ctest runs it too).
 *
 *   test_ingest_dump [--encoding E] [--format F] [--max N] [--bench] FILE...
 *
 * Output, per file: one line per record, "ROW<TAB>field<TAB>field…" with
 * the fields COPY-escaped and absent fields as \N, or
 * "ROW<TAB>!reject<TAB>reason" for a rejected record; then a line
 * "#columns<TAB>name…". Row numbers, values and columns do not depend on
 * the format, so the dumps of one export in CSV, TSV and JSONL compare
 * equal. --bench prints only MB/s of decoded input on stderr. A fatal
 * error prints the message and exits 1.
 */
#include "check.h"
#include "common/buf.h"
#include "common/tsv.h"
#include "ingest/reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void dump_record(const vm_record *rec, vm_buf *line) {
    vm_buf_reset(line);
    vm_buf_put_u64(line, rec->row);
    if (rec->reject) {
        vm_buf_puts(line, "\t!reject\t");
        vm_tsv_escape(line, rec->reject, strlen(rec->reject));
    } else {
        for (size_t i = 0; i < rec->nfields; i++) {
            vm_buf_putc(line, '\t');
            if (rec->present[i]) vm_tsv_escape(line, rec->fields[i], rec->lens[i]);
            else vm_buf_puts(line, "\\N");
        }
    }
    vm_buf_putc(line, '\n');
    fwrite(line->data, 1, line->len, stdout);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dump_file(const char *path, const vm_reader_opts *opts, int bench) {
    vm_error err;
    double t0 = now_seconds();
    vm_reader *r = vm_reader_open(path, opts, &err);
    if (!r) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    vm_record rec;
    vm_buf line = {0};
    uint64_t records = 0, rejects = 0;
    int rc;
    while ((rc = vm_reader_next(r, &rec, &err)) == 1) {
        records++;
        rejects += rec.reject != NULL;
        if (!bench) dump_record(&rec, &line);
    }
    if (rc < 0) {
        fprintf(stderr, "%s\n", err.msg);
        vm_reader_close(r);
        vm_buf_free(&line);
        return 1;
    }
    double secs = now_seconds() - t0;
    if (bench) {
        fprintf(stderr, "%s: %s, %llu records (%llu rejected), %.1f MB in %.3f s: %.0f MB/s\n", path,
                vm_reader_format(r), (unsigned long long)records, (unsigned long long)rejects,
                vm_reader_bytes(r) / 1e6, secs, vm_reader_bytes(r) / 1e6 / secs);
    } else {
        vm_buf_reset(&line);
        vm_buf_puts(&line, "#columns");
        for (size_t i = 0; i < vm_reader_ncols(r); i++) {
            vm_buf_putc(&line, '\t');
            vm_buf_puts(&line, vm_reader_colname(r, i));
        }
        vm_buf_putc(&line, '\n');
        fwrite(line.data, 1, line.len, stdout);
    }
    vm_reader_close(r);
    vm_buf_free(&line);
    return 0;
}

/* The self-test: one small export through every format. */
static void self_test(void) {
    static const char *const inputs[][2] = {
        {"t.csv", "\xEF\xBB\xBFid, text \r\n1,\"a, \"\"b\"\"\r\nc\"\r\n\r\n2,plain\r\n"},
        {"t.tsv", "id\ttext\n1\ta, \"b\"\\r\\nc\n\n2\tplain\n"},
        {"t.jsonl", "{\"id\":\"1\",\"text\":\"a, \\\"b\\\"\\r\\nc\"}\n\n{\"id\":\"2\",\"text\":\"plain\"}\n"},
    };
    for (size_t f = 0; f < 3; f++) {
        vm_error err;
        const char *data = inputs[f][1];
        vm_reader *r = vm_reader_open_mem(data, strlen(data), inputs[f][0], NULL, &err);
        CHECK(r != NULL);
        if (!r) continue;
        CHECK(vm_reader_ncols(r) == 2);
        CHECK_STR(vm_reader_colname(r, 0), "id");
        CHECK_STR(vm_reader_colname(r, 1), "text");
        vm_record rec;
        CHECK(vm_reader_next(r, &rec, &err) == 1);
        CHECK(rec.reject == NULL && rec.row == 1 && rec.nfields == 2);
        if (rec.nfields == 2) CHECK_STR(rec.fields[1], "a, \"b\"\r\nc");
        CHECK(vm_reader_next(r, &rec, &err) == 1);
        CHECK(rec.row == 2);
        if (rec.nfields == 2) CHECK_STR(rec.fields[1], "plain");
        CHECK(vm_reader_next(r, &rec, &err) == 0);
        CHECK(vm_reader_blank_lines(r) == 1);
        CHECK(vm_reader_bytes(r) == strlen(data));
        vm_reader_close(r);
    }
}

int main(int argc, char **argv) {
    vm_reader_opts opts = {0};
    int bench = 0, files = 0, status = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--encoding") == 0 && i + 1 < argc) opts.encoding = argv[++i];
        else if (strcmp(a, "--format") == 0 && i + 1 < argc) opts.format = argv[++i];
        else if (strcmp(a, "--max") == 0 && i + 1 < argc) opts.max_record_bytes = strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "--bench") == 0) bench = 1;
        else {
            files++;
            status |= dump_file(a, &opts, bench);
        }
    }
    if (files) return status;
    self_test();
    return check_done();
}
