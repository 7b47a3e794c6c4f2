/*
 * pii.c - personal-data masking with PCRE2 (see pii.h and lexicons/pii.tsv).
 *
 * Patterns are compiled with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF (so any
 * bytes are safe to match) and JIT-compiled when the platform has a JIT;
 * pcre2_match uses the JIT code by itself. Each scratch holds one match
 * data block big enough for the pattern with the most groups, a match
 * context with its own JIT stack, and two buffers the patterns take turns
 * writing into.
 *
 * The fast path (may_hold_pii) matters: on the 64,761 Chinese reviews of
 * the shared data 16% hold a digit, '@', "www" or "http"; masking runs at
 * 211 MB/s with the check and 43 MB/s without it (scripts/bench_text.sh).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "normalize/pii.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "common/bytescan.h"
#include "common/instream.h"
#include "common/log.h"
#include "common/mem.h"

#define KIND_NAME_MAX 32
#define JIT_STACK_MIN (32 * 1024)
#define JIT_STACK_MAX (512 * 1024)

enum { VALID_NONE, VALID_LUHN, VALID_CN_ID };

typedef struct pattern {
    pcre2_code *code;
    size_t kind;
    int has_group;   /* capture group 1 is the part to mask */
} pattern;

struct vm_pii_set {
    pattern *pats;
    size_t npats;
    char **kinds;
    size_t nkinds;
    uint32_t max_groups;
};

struct vm_pii_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    vm_buf a, b;
};

size_t vm_mask_length(const char *s, size_t len) {
    if (len < 3 || s[0] != '<' || !(s[1] >= 'A' && s[1] <= 'Z')) return 0;
    size_t i = 2;
    while (i < len && i < KIND_NAME_MAX + 1 &&
           ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
        i++;
    return (i < len && s[i] == '>') ? i + 1 : 0;
}

/* ---- validators ---- */

/* Copies the digits (and a final X) of s, skipping spaces and dashes;
 * returns their count, or 0 for any other character or too many. */
static size_t collect_digits(const char *s, size_t n, char *dst, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '-') continue;
        if (!((c >= '0' && c <= '9') || c == 'X' || c == 'x') || k >= cap) return 0;
        dst[k++] = c;
    }
    return k;
}

static int valid_luhn(const char *s, size_t n) {
    char d[20];
    size_t k = collect_digits(s, n, d, sizeof d);
    if (k < 13 || k > 19) return 0;
    int sum = 0;
    for (size_t i = 0; i < k; i++) {
        if (d[k - 1 - i] < '0' || d[k - 1 - i] > '9') return 0;
        int v = d[k - 1 - i] - '0';
        if (i % 2 == 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
        sum += v;
    }
    return sum % 10 == 0;
}

static int two_digits(const char *d) { return (d[0] - '0') * 10 + (d[1] - '0'); }

/* Month and day plausible at d (MMDD). */
static int valid_mmdd(const char *d) {
    int m = two_digits(d), day = two_digits(d + 2);
    return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/* Chinese resident ID: 18 characters (17 digits and an ISO 7064 MOD 11-2
 * check character, digit or X) with a birth date 1900-2099, or the old
 * 15-digit form (YYMMDD at offset 6, no check character). */
static int valid_cn_id(const char *s, size_t n) {
    static const int W[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    char d[19];
    size_t k = collect_digits(s, n, d, sizeof d);
    if (k != 18 && k != 15) return 0;
    for (size_t i = 0; i < k - 1; i++)
        if (d[i] < '0' || d[i] > '9') return 0;
    if (k == 15) return d[14] >= '0' && d[14] <= '9' && valid_mmdd(d + 8);
    int century = two_digits(d + 6);
    if ((century != 19 && century != 20) || !valid_mmdd(d + 10)) return 0;
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (d[i] - '0') * W[i];
    char want = "10X98765432"[sum % 11];
    return (d[17] == 'x' ? 'X' : d[17]) == want;
}

/* PCRE2 callout at the end of a pattern with a validator (the callout
 * number): returning 1 makes the match fail here and backtrack. */
static int validate_callout(pcre2_callout_block *cb, void *data) {
    (void)data;
    const char *subject = (const char *)cb->subject;
    size_t start = cb->start_match, end = cb->current_position;
    if (cb->capture_top > 1 && cb->offset_vector[2] != PCRE2_UNSET) {
        start = cb->offset_vector[2];
        end = cb->offset_vector[3];
    }
    int ok = cb->callout_number == VALID_LUHN    ? valid_luhn(subject + start, end - start)
             : cb->callout_number == VALID_CN_ID ? valid_cn_id(subject + start, end - start)
                                                 : 1;
    return ok ? 0 : 1;
}

/* ---- loading ---- */

static long kind_id(vm_pii_set *set, const char *name, size_t n) {
    for (size_t i = 0; i < set->nkinds; i++)
        if (strlen(set->kinds[i]) == n && memcmp(set->kinds[i], name, n) == 0) return (long)i;
    set->kinds = vm_xrealloc(set->kinds, (set->nkinds + 1) * sizeof *set->kinds);
    set->kinds[set->nkinds] = vm_xstrndup(name, n);
    return (long)set->nkinds++;
}

static int valid_kind_name(const char *s, size_t n) {
    if (n == 0 || n > KIND_NAME_MAX || !(s[0] >= 'A' && s[0] <= 'Z')) return 0;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return 0;
    return 1;
}

static int parse_validator(const char *s, size_t n) {
    if (n == 4 && memcmp(s, "none", 4) == 0) return VALID_NONE;
    if (n == 4 && memcmp(s, "luhn", 4) == 0) return VALID_LUHN;
    if (n == 5 && memcmp(s, "cn_id", 5) == 0) return VALID_CN_ID;
    return -1;
}

static pcre2_code *compile(const char *pat, size_t plen, vm_error *err) {
    int code;
    PCRE2_SIZE offset;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, plen, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &offset, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(code, msg, sizeof msg);
        vm_fail(err, "bad pattern: %s at offset %zu", (const char *)msg, (size_t)offset);
        return NULL;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);   /* falls back to the interpreter without a JIT */
    return re;
}

/* Compiles one pattern line (kind TAB validator TAB pattern). The pattern
 * is compiled as written first, so error offsets refer to the user's
 * text; with a validator it is then compiled as "(?:pattern)(?C<n>)",
 * the callout n being the validator: a failing validator makes PCRE2
 * backtrack and try shorter or later candidates. */
static int add_line(vm_pii_set *set, const char *line, size_t len, vm_error *err) {
    const char *t1 = memchr(line, '\t', len);
    const char *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - line)) : NULL;
    if (!t2) return vm_fail(err, "expected kind<TAB>validator<TAB>pattern");
    size_t klen = (size_t)(t1 - line), vlen = (size_t)(t2 - t1 - 1);
    const char *pat = t2 + 1;
    size_t plen = len - (size_t)(pat - line);
    if (!valid_kind_name(line, klen))
        return vm_fail(err, "kind \"%.*s\" must be upper-case ASCII letters, digits or '_' (at most %d)",
                       (int)klen, line, KIND_NAME_MAX);
    int validator = parse_validator(t1 + 1, vlen);
    if (validator < 0) return vm_fail(err, "unknown validator \"%.*s\" (none, luhn or cn_id)", (int)vlen, t1 + 1);
    if (plen == 0) return vm_fail(err, "empty pattern");
    pcre2_code *re = compile(pat, plen, err);
    if (!re) return -1;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int empty = pcre2_match(re, (PCRE2_SPTR) "", 0, 0, 0, md, NULL) >= 0;
    pcre2_match_data_free(md);
    if (empty) {
        pcre2_code_free(re);
        return vm_fail(err, "pattern matches the empty string");
    }
    if (validator != VALID_NONE) {
        pcre2_code_free(re);
        vm_buf wrapped = {0};
        vm_buf_printf(&wrapped, "(?:%.*s)(?C%d)", (int)plen, pat, validator);
        re = compile(wrapped.data, wrapped.len, err);
        vm_buf_free(&wrapped);
        if (!re) return -1;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups + 1 > set->max_groups) set->max_groups = groups + 1;
    set->pats = vm_xrealloc(set->pats, (set->npats + 1) * sizeof *set->pats);
    set->pats[set->npats++] = (pattern){re, (size_t)kind_id(set, line, klen), groups >= 1};
    return 0;
}

static int is_header(const char *line, size_t len) {
    static const char H[] = "kind\tvalidator\tpattern";
    return len == sizeof H - 1 && memcmp(line, H, len) == 0;
}

vm_pii_set *vm_pii_load(const char *path, vm_error *err) {
    vm_instream *in = vm_instream_open(path, err);
    if (!in) return NULL;
    vm_linereader *lr = vm_linereader_new(in);
    vm_pii_set *set = vm_xcalloc(1, sizeof *set);
    const char *line;
    size_t len;
    unsigned long lineno = 0;
    int header = 0, rc;
    while ((rc = vm_linereader_next(lr, &line, &len, err)) == 1) {
        lineno++;
        if (len > 0 && line[len - 1] == '\r') len--;
        if (len == 0 || line[0] == '#') continue;
        if (!header) {
            if (!is_header(line, len)) {
                vm_fail(err, "%s: line %lu: expected the header kind<TAB>validator<TAB>pattern", path, lineno);
                rc = -1;
                break;
            }
            header = 1;
            continue;
        }
        if (add_line(set, line, len, err) != 0) {
            vm_fail_prefix(err, "%s: line %lu: ", path, lineno);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && !header) {
        vm_fail(err, "%s: no header line", path);
        rc = -1;
    }
    vm_linereader_free(lr);
    vm_instream_close(in);
    if (rc != 0) {
        vm_pii_free(set);
        return NULL;
    }
    return set;
}

void vm_pii_free(vm_pii_set *set) {
    if (!set) return;
    for (size_t i = 0; i < set->npats; i++) pcre2_code_free(set->pats[i].code);
    for (size_t i = 0; i < set->nkinds; i++) free(set->kinds[i]);
    free(set->pats);
    free(set->kinds);
    free(set);
}

size_t vm_pii_nkinds(const vm_pii_set *set) { return set->nkinds; }

const char *vm_pii_kind_name(const vm_pii_set *set, size_t kind) {
    return kind < set->nkinds ? set->kinds[kind] : NULL;
}

vm_pii_scratch *vm_pii_scratch_new(const vm_pii_set *set) {
    vm_pii_scratch *s = vm_xcalloc(1, sizeof *s);
    s->md = pcre2_match_data_create(set->max_groups ? set->max_groups : 1, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    s->jit = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
    if (!s->md || !s->mctx || !s->jit) {   /* out of memory: fatal, as in vm_xmalloc */
        vm_log_error("out of memory (PCRE2 match data)");
        abort();
    }
    pcre2_jit_stack_assign(s->mctx, NULL, s->jit);
    pcre2_set_callout(s->mctx, validate_callout, NULL);
    return s;
}

void vm_pii_scratch_free(vm_pii_scratch *s) {
    if (!s) return;
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit);
    vm_buf_free(&s->a);
    vm_buf_free(&s->b);
    free(s);
}

/* ---- masking ---- */

/* Some byte of w is a digit, '@', 'w' or 'h' (any case): the bytes that
 * can start what may_hold_pii looks for. */
static inline uint64_t word_may_start_pii(uint64_t w) {
    uint64_t lower = w | (VM_BYTES_ONES * 0x20);   /* only 'W' and 'w' become 'w', and so for 'h' */
    return vm_bytes_has_below(w ^ (VM_BYTES_ONES * '0'), 10) | vm_bytes_has(w, '@') | vm_bytes_has(lower, 'w') |
           vm_bytes_has(lower, 'h');
}

/* Could any pattern match? A digit, '@', "www" or "http" (any case).
 * Words of eight bytes without a byte that could start one are skipped
 * at once. */
static int may_hold_pii(const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        uint64_t w;
        if (len - i >= 8) {
            memcpy(&w, s + i, 8);
            if (!word_may_start_pii(w)) {
                i += 8;
                continue;
            }
        }
        size_t stop = len - i >= 8 ? i + 8 : len;
        for (; i < stop; i++) {
            unsigned char c = (unsigned char)s[i];
            if ((c >= '0' && c <= '9') || c == '@') return 1;
            unsigned char l = c | 0x20;
            if (l == 'w' && i + 2 < len && (s[i + 1] | 0x20) == 'w' && (s[i + 2] | 0x20) == 'w') return 1;
            if (l == 'h' && i + 3 < len && (s[i + 1] | 0x20) == 't' && (s[i + 2] | 0x20) == 't' &&
                (s[i + 3] | 0x20) == 'p')
                return 1;
        }
    }
    return 0;
}

/* Runs one pattern over text; if it masked anything, writes the new text
 * to dst and returns 1, else returns 0 and leaves dst alone. */
static int apply_pattern(const vm_pii_set *set, const pattern *p, vm_pii_scratch *s, const char *text, size_t len,
                         vm_buf *dst, uint32_t *counts) {
    size_t pos = 0, copied = 0;
    int any = 0;
    while (pos <= len) {
        int rc = pcre2_match(p->code, (PCRE2_SPTR)text, len, pos, 0, s->md, s->mctx);
        if (rc < 0) break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        size_t ms = ov[0], me = ov[1], rs = ms, re = me;
        if (p->has_group && rc > 1 && ov[2] != PCRE2_UNSET) {
            rs = ov[2];
            re = ov[3];
        }
        if (re > rs && rs >= copied) {
            if (!any) vm_buf_reset(dst);
            any = 1;
            vm_buf_append(dst, text + copied, rs - copied);
            vm_buf_putc(dst, '<');
            vm_buf_puts(dst, set->kinds[p->kind]);
            vm_buf_putc(dst, '>');
            copied = re;
            if (counts) counts[p->kind]++;
            pos = me > re ? me : re;
        } else {
            pos = ms + 1;
            while (pos < len && ((unsigned char)text[pos] & 0xC0) == 0x80) pos++;
        }
    }
    if (any) vm_buf_append(dst, text + copied, len - copied);
    return any;
}

void vm_pii_mask(const vm_pii_set *set, vm_pii_scratch *s, const char *in, size_t len, vm_buf *out,
                 uint32_t *counts) {
    if (!may_hold_pii(in, len)) {
        vm_buf_append(out, in, len);
        return;
    }
    const char *cur = in;
    size_t curlen = len;
    for (size_t i = 0; i < set->npats; i++) {
        vm_buf *dst = (cur == s->a.data) ? &s->b : &s->a;
        if (apply_pattern(set, &set->pats[i], s, cur, curlen, dst, counts)) {
            cur = dst->data;
            curlen = dst->len;
        }
    }
    vm_buf_append(out, cur, curlen);
}
