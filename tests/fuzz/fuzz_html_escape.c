/*
 * fuzz_html_escape.c - vm_html_escape on arbitrary bytes must give text
 * that cannot leave an HTML element or attribute, reorder the page with
 * bidi controls, or carry invalid UTF-8 (the invariants of
 * report/html.h). Any violation aborts.
 */
#include "report/html.h"
#include "common/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *why) {
    fprintf(stderr, "fuzz_html_escape: %s\n", why);
    abort();
}

static int known_entity(const char *s, size_t n) {
    static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++) {
        size_t k = strlen(ents[i]);
        if (n >= k && memcmp(s, ents[i], k) == 0) return 1;
    }
    return 0;
}

static void check_output(const char *s, size_t n) {
    if (vm_utf8_invalid_count(s, n) != 0) fail("invalid UTF-8 in output");
    size_t i = 0, adv;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'') fail("raw markup character");
        if (c == '&' && !known_entity(s + i, n - i)) fail("bare ampersand");
        int32_t cp = vm_utf8_decode(s + i, n - i, &adv);
        if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) fail("control character");
        if (vm_is_bidi_control(cp)) fail("bidi control");
        i += adv;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    vm_buf b = {0};
    vm_html_escape(&b, (const char *)data, size);
    check_output(b.data ? b.data : "", b.len);
    /* escaping twice must stay safe and never shrink */
    vm_buf c = {0};
    vm_html_escape(&c, b.data ? b.data : "", b.len);
    check_output(c.data ? c.data : "", c.len);
    if (c.len < b.len) fail("second escape shrank the text");
    vm_buf_free(&b);
    vm_buf_free(&c);
    return 0;
}
