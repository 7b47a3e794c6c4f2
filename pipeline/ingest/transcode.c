/*
 * transcode.c - iconv-based conversion to UTF-8 and the encoding sniffer
 * (see transcode.h).
 *
 * Invariant: the transcoder's input buffer holds bytes read from the
 * stream and not yet converted; after an EINVAL (a sequence cut by the
 * chunk end) the leftover is moved to the front and more is read, so no
 * sequence is ever split. Every output step keeps 16 bytes of room, enough
 * for U+FFFD or any character iconv emits for one input sequence.
 */
#include "ingest/transcode.h"
#include "common/mem.h"
#include "common/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TC_IN_CAP (64 * 1024)
#define TC_ROOM 16

struct vm_transcoder {
    iconv_t cd;
    char *in;
    size_t in_pos, in_len;
    int in_eof;
    int need_more;      /* the bytes at in_pos are an incomplete sequence */
    uint64_t errors;
};

static const char fffd[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

int vm_encoding_is_utf8(const char *encoding) {
    return strcasecmp(encoding, "utf-8") == 0 || strcasecmp(encoding, "utf8") == 0;
}

vm_transcoder *vm_transcoder_new(const char *encoding, vm_error *err) {
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1) {
        vm_fail(err, "unknown encoding '%s' (iconv does not support it)", encoding);
        return NULL;
    }
    vm_transcoder *t = vm_xcalloc(1, sizeof *t);
    t->cd = cd;
    t->in = vm_xmalloc(TC_IN_CAP);
    return t;
}

/* Moves the unconverted bytes to the front and reads more; 0 or -1. */
static int refill(vm_transcoder *t, vm_instream *in, vm_error *err) {
    memmove(t->in, t->in + t->in_pos, t->in_len - t->in_pos);
    t->in_len -= t->in_pos;
    t->in_pos = 0;
    long n = vm_instream_read(in, t->in + t->in_len, TC_IN_CAP - t->in_len, err);
    if (n < 0) return -1;
    if (n == 0) t->in_eof = 1;
    t->in_len += (size_t)n;
    t->need_more = 0;
    return 0;
}

static void replace_bad(vm_transcoder *t, char **out, size_t *left, size_t skip) {
    memcpy(*out, fffd, sizeof fffd);
    *out += sizeof fffd;
    *left -= sizeof fffd;
    t->in_pos += skip;
    t->errors++;
}

long vm_transcoder_read(vm_transcoder *t, vm_instream *in, char *dst, size_t cap, vm_error *err) {
    char *out = dst;
    size_t left = cap;
    while (left >= TC_ROOM) {
        int have = t->in_pos < t->in_len;
        if (!have || t->need_more) {
            if (!t->in_eof) {
                if (refill(t, in, err) < 0) return -1;
                continue;
            }
            if (!have) break;
            /* A sequence cut off by the end of the input. */
            replace_bad(t, &out, &left, t->in_len - t->in_pos);
            t->need_more = 0;
            continue;
        }
        char *ip = t->in + t->in_pos;
        size_t il = t->in_len - t->in_pos;
        size_t rc = iconv(t->cd, &ip, &il, &out, &left);
        t->in_pos = (size_t)(ip - t->in);
        if (rc != (size_t)-1) continue;
        if (errno == E2BIG) break;
        if (errno == EILSEQ) replace_bad(t, &out, &left, 1);
        else if (errno == EINVAL) t->need_more = 1;
        else return vm_fail(err, "%s: cannot convert the input: %s", vm_instream_path(in), strerror(errno));
    }
    if (out == dst && !(t->in_eof && t->in_pos == t->in_len))
        return vm_fail(err, "%s: cannot convert the input: no progress", vm_instream_path(in));
    return (long)(out - dst);
}

uint64_t vm_transcoder_errors(const vm_transcoder *t) { return t->errors; }

void vm_transcoder_free(vm_transcoder *t) {
    if (!t) return;
    iconv_close(t->cd);
    free(t->in);
    free(t);
}

/* ---- sniffing ---- */

/* Number of bytes iconv rejects when decoding p as encoding (a sequence
 * cut by the end does not count), or SIZE_MAX if iconv lacks it. */
static size_t decode_errors(const char *encoding, const char *p, size_t n) {
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1) return SIZE_MAX;
    char scratch[16 * 1024];
    char *ip = (char *)p;
    size_t il = n, errors = 0;
    while (il > 0) {
        char *op = scratch;
        size_t ol = sizeof scratch;
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) break;
        if (errno == E2BIG) continue;
        if (errno != EILSEQ) break;
        errors++;
        ip++;
        il--;
    }
    iconv_close(cd);
    return errors;
}

/* UTF-16 shows as NUL bytes at every other position. */
static int sniff_utf16(const unsigned char *u, size_t n, const char **label, const char **suggest) {
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        *label = "UTF-16";
        *suggest = "utf-16";
        return 1;
    }
    if (n < 16) return 0;
    size_t zero[2] = {0, 0};
    for (size_t i = 0; i < n; i++) zero[i & 1] += u[i] == 0;
    for (int odd = 0; odd < 2; odd++) {
        if (zero[odd] >= 8 && zero[odd] > n / 64 && zero[!odd] * 4 <= zero[odd]) {
            *label = odd ? "UTF-16LE" : "UTF-16BE";
            *suggest = odd ? "utf-16le" : "utf-16be";
            return 1;
        }
    }
    return 0;
}

/* Share of GB2312 pairs among the double-byte pairs, per mille. GB2312
 * text (simplified Chinese) uses lead A1-F7 and trail A1-FE only; Big5
 * uses trail bytes 40-7E for about half of its characters. */
static unsigned gb2312_permille(const unsigned char *u, size_t n) {
    size_t pairs = 0, gb = 0, i = 0;
    while (i < n) {
        if (u[i] < 0x81 || u[i] == 0xFF || i + 1 >= n) { i++; continue; }
        unsigned char t = u[i + 1];
        if (t >= 0x30 && t <= 0x39) { i += 4; continue; }  /* GB18030 four-byte form */
        pairs++;
        gb += u[i] >= 0xA1 && u[i] <= 0xF7 && t >= 0xA1 && t <= 0xFE;
        i += 2;
    }
    return pairs ? (unsigned)(gb * 1000 / pairs) : 0;
}

int vm_sniff_encoding(const char *p, size_t n, int complete, const char **label, const char **suggest) {
    const unsigned char *u = (const unsigned char *)p;
    if (sniff_utf16(u, n, label, suggest)) return 1;
    size_t end = complete || n < 3 ? n : n - 3;   /* a cut sequence at the end is not an error */
    size_t invalid = 0, valid_multi = 0, i = 0, adv;
    while (i < end) {
        if (u[i] < 0x80) { i++; continue; }
        if (vm_utf8_decode(p + i, n - i, &adv) < 0) invalid++;
        else valid_multi++;
        i += adv;
    }
    /* Stray bad bytes in a UTF-8 export are few next to its valid
     * sequences; legacy CJK text is nearly all invalid as UTF-8. */
    if (invalid < 8 || invalid <= valid_multi) return 0;
    size_t gb_errors = decode_errors("GB18030", p, end);
    int gb_ok = gb_errors != SIZE_MAX && gb_errors * 100 <= invalid;
    if (gb_ok && gb2312_permille(u, end) >= 900) {
        *label = "GB18030/GBK";
        *suggest = "gb18030";
        return 1;
    }
    size_t big5_errors = decode_errors("BIG5", p, end);
    if (big5_errors != SIZE_MAX && big5_errors * 100 <= invalid) {
        *label = "Big5";
        *suggest = "big5";
        return 1;
    }
    if (gb_ok) {
        *label = "GB18030/GBK";
        *suggest = "gb18030";
        return 1;
    }
    return 0;
}
