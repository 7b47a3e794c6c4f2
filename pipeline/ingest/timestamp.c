/*
 * timestamp.c - timestamp parsing and normalization (see timestamp.h).
 *
 * Every accepted form is first parsed into tparts, validated (calendar,
 * clock and zone ranges), then printed and converted the same way, so all
 * forms agree. The proleptic Gregorian calendar is used throughout; the
 * day count is the usual era-based civil-date arithmetic.
 */
#include "ingest/timestamp.h"

#include <string.h>
#include <strings.h>

typedef struct tparts {
    int year, month, day, hour, min, sec;
    int zone;        /* 0 = none (naive), 1 = "Z", 2 = numeric offset */
    int zone_min;    /* offset east of UTC in minutes when zone == 2 */
} tparts;

enum { ZONE_NONE = 0, ZONE_Z = 1, ZONE_OFFSET = 2 };

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads min..max digits at *p into *v; 0 or -1. */
static int read_digits(const char **p, const char *e, int min, int max, int *v) {
    int n = 0, x = 0;
    while (n < max && *p + n < e && is_digit((*p)[n])) x = x * 10 + ((*p)[n++] - '0');
    if (n < min) return -1;
    *p += n;
    *v = x;
    return 0;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d. */
static int64_t days_from_civil(int y, int m, int d) {
    int64_t yy = y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The UTC calendar date and clock of Unix seconds t (t >= 0). */
static void civil_from_epoch(int64_t t, tparts *tp) {
    int64_t z = t / 86400, secs = t % 86400;
    z += 719468;
    int64_t era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    tp->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    tp->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    tp->year = (int)(yoe + era * 400 + (tp->month <= 2));
    tp->hour = (int)(secs / 3600);
    tp->min = (int)(secs / 60 % 60);
    tp->sec = (int)(secs % 60);
    tp->zone = ZONE_Z;
    tp->zone_min = 0;
}

static int valid(const tparts *t) {
    if (t->year < 1 || t->year > 9999 || t->month < 1 || t->month > 12) return 0;
    if (t->day < 1 || t->day > days_in_month(t->year, t->month)) return 0;
    if (t->hour > 23 || t->min > 59 || t->sec > 59) return 0;
    return t->zone != ZONE_OFFSET || (t->zone_min > -24 * 60 && t->zone_min < 24 * 60);
}

static void put2(char *o, int v) {
    o[0] = (char)('0' + v / 10);
    o[1] = (char)('0' + v % 10);
}

/* Validates, appends the normalized text and sets *epoch; 0 or -1. */
static int finish(const tparts *t, vm_buf *out, int64_t *epoch) {
    if (!valid(t)) return -1;
    char s[32];
    put2(s, t->year / 100);
    put2(s + 2, t->year % 100);
    s[4] = '-';
    put2(s + 5, t->month);
    s[7] = '-';
    put2(s + 8, t->day);
    s[10] = 'T';
    put2(s + 11, t->hour);
    s[13] = ':';
    put2(s + 14, t->min);
    s[16] = ':';
    put2(s + 17, t->sec);
    size_t n = 19;
    if (t->zone == ZONE_Z) {
        s[n++] = 'Z';
    } else if (t->zone == ZONE_OFFSET) {
        int m = t->zone_min < 0 ? -t->zone_min : t->zone_min;
        s[n++] = t->zone_min < 0 ? '-' : '+';
        put2(s + n, m / 60);
        s[n + 2] = ':';
        put2(s + n + 3, m % 60);
        n += 5;
    }
    vm_buf_append(out, s, n);
    int64_t offset = t->zone == ZONE_OFFSET ? (int64_t)t->zone_min * 60 : 0;
    *epoch = days_from_civil(t->year, t->month, t->day) * 86400 + t->hour * 3600 + t->min * 60 + t->sec - offset;
    return 0;
}

/* Z, UTC, GMT, or +HH:MM, +HHMM, +HH (or '-'); 0 or -1. */
static int parse_zone(const char **pp, const char *e, tparts *t) {
    const char *p = *pp;
    if (p < e && (*p == 'Z' || *p == 'z')) {
        t->zone = ZONE_Z;
        *pp = p + 1;
        return 0;
    }
    if (e - p >= 3 && (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0)) {
        t->zone = ZONE_Z;
        *pp = p + 3;
        return 0;
    }
    if (p == e || (*p != '+' && *p != '-')) return -1;
    int sign = *p++ == '-' ? -1 : 1, hh, mm = 0;
    if (read_digits(&p, e, 2, 2, &hh) < 0) return -1;
    if (p < e && *p == ':') {
        p++;
        if (read_digits(&p, e, 2, 2, &mm) < 0) return -1;
    } else if (e - p >= 2 && is_digit(p[0]) && is_digit(p[1])) {
        read_digits(&p, e, 2, 2, &mm);
    }
    if (mm > 59) return -1;
    t->zone = ZONE_OFFSET;
    t->zone_min = sign * (hh * 60 + mm);
    *pp = p;
    return 0;
}

static int two(const char *p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

/* "2026-11-01T05:23:11+08:00" exactly: the shape exports use most. */
static int fast_iso(const char *s, size_t len, vm_buf *out, int64_t *epoch) {
    static const char shape[] = "dddd-dd-ddTdd:dd:dd+dd:dd";
    if (len != 25 || (s[19] != '+' && s[19] != '-')) return -1;
    for (size_t i = 0; i < 25; i++)
        if (shape[i] == 'd' ? !is_digit(s[i]) : i != 19 && s[i] != shape[i]) return -1;
    if (two(s + 23) > 59) return -1;
    tparts t = {two(s) * 100 + two(s + 2), two(s + 5), two(s + 8), two(s + 11), two(s + 14), two(s + 17),
                ZONE_OFFSET, (s[19] == '-' ? -1 : 1) * (two(s + 20) * 60 + two(s + 23))};
    return finish(&t, out, epoch);
}

/* ISO 8601 and its common variants (see timestamp.h); 0 or -1. */
static int parse_iso(const char *p, const char *e, tparts *t) {
    if (read_digits(&p, e, 4, 4, &t->year) < 0 || p == e || (*p != '-' && *p != '/')) return -1;
    char sep = *p++;
    if (read_digits(&p, e, 1, 2, &t->month) < 0 || p == e || *p++ != sep) return -1;
    if (read_digits(&p, e, 1, 2, &t->day) < 0) return -1;
    if (p == e) return 0;
    if (*p == 'T' || *p == 't') p++;
    else if (*p == ' ') while (p < e && *p == ' ') p++;
    else return -1;
    if (read_digits(&p, e, 1, 2, &t->hour) < 0 || p == e || *p++ != ':') return -1;
    if (read_digits(&p, e, 2, 2, &t->min) < 0) return -1;
    if (p < e && *p == ':') {
        p++;
        if (read_digits(&p, e, 2, 2, &t->sec) < 0) return -1;
        if (p < e && (*p == '.' || *p == ',')) {
            p++;
            if (p == e || !is_digit(*p)) return -1;
            while (p < e && is_digit(*p)) p++;
        }
    }
    while (p < e && *p == ' ') p++;
    if (p == e) return 0;
    if (parse_zone(&p, e, t) < 0) return -1;
    return p == e ? 0 : -1;
}

/* 9-10 digits: seconds; 12-13 digits: milliseconds. */
static int parse_epoch(const char *p, const char *e, tparts *t) {
    size_t n = (size_t)(e - p);
    if (!(n == 9 || n == 10 || n == 12 || n == 13)) return -1;
    int64_t v = 0;
    for (const char *c = p; c < e; c++) {
        if (!is_digit(*c)) return -1;
        v = v * 10 + (*c - '0');
    }
    civil_from_epoch(n >= 12 ? v / 1000 : v, t);
    return 0;
}

/* ---- strptime-style formats ---- */

typedef struct fstate {
    tparts t;
    int have_year, have_month, have_day;
    int hour12, pm;          /* hour12: 0 = %I not used; pm: -1 none, 0 AM, 1 PM */
    int have_epoch;
    int64_t epoch;
} fstate;

static const char *const month_names[12] = {"january", "february", "march", "april", "may", "june", "july",
                                            "august", "september", "october", "november", "december"};
static const char *const day_names[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday"};

/* Matches a full English name or its three-letter abbreviation; returns
 * the index or -1. */
static int match_name(const char **pp, const char *e, const char *const *names, int count) {
    for (int i = 0; i < count; i++) {
        size_t n = strlen(names[i]);
        if ((size_t)(e - *pp) >= n && strncasecmp(*pp, names[i], n) == 0) {
            *pp += n;
            return i;
        }
    }
    for (int i = 0; i < count; i++) {
        if (e - *pp >= 3 && strncasecmp(*pp, names[i], 3) == 0) {
            *pp += 3;
            return i;
        }
    }
    return -1;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int parse_format(const char **pp, const char *e, const char *fmt, fstate *f);

/* One % directive; 0 or -1. */
static int directive(const char **pp, const char *e, char d, fstate *f) {
    const char *p = *pp;
    int v = 0, rc = 0;
    switch (d) {
    case 'Y': rc = read_digits(&p, e, 4, 4, &f->t.year); f->have_year = 1; break;
    case 'y':
        rc = read_digits(&p, e, 2, 2, &v);
        f->t.year = v < 69 ? 2000 + v : 1900 + v;
        f->have_year = 1;
        break;
    case 'm': rc = read_digits(&p, e, 1, 2, &f->t.month); f->have_month = 1; break;
    case 'e': if (p < e && *p == ' ') p++; /* fall through */
    case 'd': rc = read_digits(&p, e, 1, 2, &f->t.day); f->have_day = 1; break;
    case 'H': rc = read_digits(&p, e, 1, 2, &f->t.hour); break;
    case 'I':
        rc = read_digits(&p, e, 1, 2, &f->hour12);
        if (rc == 0 && (f->hour12 < 1 || f->hour12 > 12)) rc = -1;
        break;
    case 'p':
        if (e - p >= 2 && (p[0] == 'A' || p[0] == 'a' || p[0] == 'P' || p[0] == 'p') && (p[1] == 'M' || p[1] == 'm')) {
            f->pm = p[0] == 'P' || p[0] == 'p';
            p += 2;
        } else {
            rc = -1;
        }
        break;
    case 'M': rc = read_digits(&p, e, 1, 2, &f->t.min); break;
    case 'S': rc = read_digits(&p, e, 1, 2, &f->t.sec); break;
    case 'f': rc = read_digits(&p, e, 1, 9, &v); break;
    case 'b': case 'h': case 'B':
        v = match_name(&p, e, month_names, 12);
        f->t.month = v + 1;
        f->have_month = 1;
        rc = v < 0 ? -1 : 0;
        break;
    case 'a': case 'A': rc = match_name(&p, e, day_names, 7) < 0 ? -1 : 0; break;
    case 'z': rc = parse_zone(&p, e, &f->t); break;
    case 's': {
        int n = 0;
        int64_t x = 0;
        while (p < e && is_digit(*p) && n < 12) {
            x = x * 10 + (*p++ - '0');
            n++;
        }
        rc = n ? 0 : -1;
        f->epoch = x;
        f->have_epoch = 1;
        break;
    }
    case 'T': rc = parse_format(&p, e, "%H:%M:%S", f); break;
    case 'F': rc = parse_format(&p, e, "%Y-%m-%d", f); break;
    case 'R': rc = parse_format(&p, e, "%H:%M", f); break;
    case 'n': case 't': while (p < e && is_space(*p)) p++; break;
    case '%':
        if (p < e && *p == '%') p++;
        else rc = -1;
        break;
    default: rc = -1;
    }
    *pp = p;
    return rc;
}

static int parse_format(const char **pp, const char *e, const char *fmt, fstate *f) {
    for (const char *c = fmt; *c; c++) {
        if (is_space(*c)) {
            while (*pp < e && is_space(**pp)) (*pp)++;
        } else if (*c == '%' && c[1]) {
            if (directive(pp, e, *++c, f) < 0) return -1;
        } else if (*pp < e && **pp == *c) {
            (*pp)++;
        } else {
            return -1;
        }
    }
    return 0;
}

static int parse_with_format(const char *p, const char *e, const char *fmt, tparts *t) {
    fstate f;
    memset(&f, 0, sizeof f);
    f.pm = -1;
    if (parse_format(&p, e, fmt, &f) < 0 || p != e) return -1;
    if (f.have_epoch) {
        civil_from_epoch(f.epoch, t);
        return 0;
    }
    if (!f.have_year || !f.have_month || !f.have_day) return -1;
    if (f.hour12) f.t.hour = f.hour12 % 12 + (f.pm == 1 ? 12 : 0);
    else if (f.pm >= 0) return -1;
    *t = f.t;
    return 0;
}

int vm_time_parse(const char *s, size_t len, const char *fmt, vm_buf *out, int64_t *epoch) {
    if (!fmt && fast_iso(s, len, out, epoch) == 0) return 0;
    const char *p = s, *e = s + len;
    while (p < e && is_space(*p)) p++;
    while (e > p && is_space(e[-1])) e--;
    tparts t;
    memset(&t, 0, sizeof t);
    int rc = fmt ? parse_with_format(p, e, fmt, &t)
                 : (p < e && is_digit(*p) && parse_epoch(p, e, &t) == 0) ? 0 : parse_iso(p, e, &t);
    return rc == 0 ? finish(&t, out, epoch) : -1;
}
