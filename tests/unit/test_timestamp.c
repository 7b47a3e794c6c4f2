/*
 * test_timestamp.c - timestamp parsing: accepted forms and their
 * normalized text, epoch values (checked against libc's timegm over a
 * range of dates), invalid dates and clock times, explicit formats.
 */
#include "check.h"
#include "common/buf.h"
#include "ingest/timestamp.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Parses s (with fmt) and checks the text and, unless want_epoch is
 * INT64_MIN, the epoch. */
static void expect(const char *s, const char *fmt, const char *want, int64_t want_epoch) {
    vm_buf out = {0};
    vm_buf_puts(&out, "prefix:");
    int64_t epoch = -1;
    int rc = vm_time_parse(s, strlen(s), fmt, &out, &epoch);
    CHECK(rc == 0);
    if (rc != 0) fprintf(stderr, "    could not parse \"%s\"\n", s);
    CHECK(strncmp(out.data, "prefix:", 7) == 0);
    CHECK_STR(out.data + 7, want);
    if (want_epoch != INT64_MIN && epoch != want_epoch) {
        CHECK(epoch == want_epoch);
        fprintf(stderr, "    \"%s\": epoch %lld, want %lld\n", s, (long long)epoch, (long long)want_epoch);
    }
    vm_buf_free(&out);
}

static void expect_invalid(const char *s, const char *fmt) {
    vm_buf out = {0};
    vm_buf_puts(&out, "keep");
    int64_t epoch = 42;
    int rc = vm_time_parse(s, strlen(s), fmt, &out, &epoch);
    CHECK(rc == -1);
    if (rc != -1) fprintf(stderr, "    \"%s\" was accepted as \"%s\"\n", s, out.data);
    CHECK_STR(out.data, "keep");
    CHECK(epoch == 42);
    vm_buf_free(&out);
}

static void test_iso(void) {
    expect("2026-11-01T05:23:11+08:00", NULL, "2026-11-01T05:23:11+08:00", 1793481791);
    expect("2026-11-01 05:23:11+08:00", NULL, "2026-11-01T05:23:11+08:00", 1793481791);
    expect("2026-10-31T21:23:11Z", NULL, "2026-10-31T21:23:11Z", 1793481791);
    expect("2026-10-31t21:23:11z", NULL, "2026-10-31T21:23:11Z", 1793481791);
    expect("2026-11-01T05:23:11.123456+0800", NULL, "2026-11-01T05:23:11+08:00", 1793481791);
    expect("2026-11-01T05:23:11,5+08", NULL, "2026-11-01T05:23:11+08:00", 1793481791);
    expect("2000-02-29T12:00:00-05:30", NULL, "2000-02-29T12:00:00-05:30", 951845400);
    expect("1970-01-01T00:00:00+00:00", NULL, "1970-01-01T00:00:00+00:00", 0);
    expect("  2024-02-29  ", NULL, "2024-02-29T00:00:00", 1709164800);
    expect("2024-02-29 7:05", NULL, "2024-02-29T07:05:00", 1709164800 + 7 * 3600 + 5 * 60);
    expect("2024/2/9 23:59:59", NULL, "2024-02-09T23:59:59", INT64_MIN);
    expect("2024-02-29 00:00:00 UTC", NULL, "2024-02-29T00:00:00Z", 1709164800);
    expect("2024-02-29 08:00:00 +08:00", NULL, "2024-02-29T08:00:00+08:00", 1709164800);
}

static void test_epoch(void) {
    expect("1700000000", NULL, "2023-11-14T22:13:20Z", 1700000000);
    expect("1700000000123", NULL, "2023-11-14T22:13:20Z", 1700000000);
    expect("999999999", NULL, "2001-09-09T01:46:39Z", 999999999);
    expect("951782400000", NULL, "2000-02-29T00:00:00Z", 951782400);
    expect_invalid("17000000001", NULL);   /* 11 digits: neither seconds nor milliseconds */
    expect_invalid("12345678", NULL);
}

static void test_invalid(void) {
    const char *bad[] = {
        "", "   ", "2026-13-01", "2026-00-10", "2026-02-30", "2025-02-29", "1900-02-29", "2026-04-31",
        "2026-11-01T25:00:00", "2026-11-01T24:00:00", "2026-11-01T12:60:00", "2026-11-01T12:00:60",
        "2026-11-01T12:00:00+08:60", "2026-11-01T12:00:00+", "2026-11-01T12", "2026-11-01T", "2026-11",
        "2026-11/01", "26-11-01", "2026-11-01T12:00:00 junk", "2026-11-01T12:00:00.Z", "yesterday",
        "0000-01-01", "2026-11-01T05:23:11+08:0", "2026-11-01T05:23:11+8:00",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) expect_invalid(bad[i], NULL);
    expect("2000-02-29", NULL, "2000-02-29T00:00:00", 951782400);   /* 2000 is a leap year */
}

static void test_formats(void) {
    expect("01/11/2026 05:23", "%d/%m/%Y %H:%M", "2026-11-01T05:23:00", INT64_MIN);
    expect("Nov 1, 2026 5:23:11 PM", "%b %d, %Y %I:%M:%S %p", "2026-11-01T17:23:11", INT64_MIN);
    expect("Sunday, 1 November 2026 12:05 am", "%A, %d %B %Y %I:%M %p", "2026-11-01T00:05:00", INT64_MIN);
    expect("2026-11-01T05:23:11.5 +0800", "%FT%T.%f %z", "2026-11-01T05:23:11+08:00", 1793481791);
    expect("26-11-01", "%y-%m-%d", "2026-11-01T00:00:00", INT64_MIN);
    expect("1793481791", "%s", "2026-10-31T21:23:11Z", 1793481791);
    expect("100%-2026/11/01", "100%%-%Y/%m/%d", "2026-11-01T00:00:00", INT64_MIN);
    expect_invalid("2026-11-01 05:23:11", "%d/%m/%Y %H:%M");
    expect_invalid("05:23", "%H:%M");                       /* no date */
    expect_invalid("01/11/2026 05:23 extra", "%d/%m/%Y %H:%M");
    expect_invalid("13:00 PM 2026-11-01", "%I:%M %p %F");
    expect_invalid("2026-11-01", "%Y-%m-%d %Q");
}

/* The epoch of every 37th day from 1901 to 2200 agrees with timegm. */
static void test_against_timegm(void) {
    int bad = 0;
    for (time_t t = -2177452800; t < 7258118400; t += 37 * 86400 + 3671) {
        struct tm tm;
        gmtime_r(&t, &tm);
        char s[64];
        snprintf(s, sizeof s, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                 tm.tm_hour, tm.tm_min, tm.tm_sec);
        vm_buf out = {0};
        int64_t epoch;
        if (vm_time_parse(s, strlen(s), NULL, &out, &epoch) != 0 || epoch != (int64_t)t) bad++;
        vm_buf_free(&out);
    }
    CHECK(bad == 0);
}

int main(void) {
    test_iso();
    test_epoch();
    test_invalid();
    test_formats();
    test_against_timegm();
    return check_done();
}
