/*
 * test_report_html.c - escaping hostile text for HTML (report/html.h).
 */
#include "check.h"
#include "report/html.h"

#include <string.h>

static const char *esc(vm_buf *b, const char *s, size_t n) {
    vm_buf_reset(b);
    vm_html_escape(b, s, n);
    return b->data ? b->data : "";
}
#define ESC(b, s) esc((b), (s), strlen(s))

int main(void) {
    vm_buf b = {0};
    CHECK_STR(ESC(&b, "plain text 送餐慢"), "plain text 送餐慢");
    CHECK_STR(ESC(&b, "<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK_STR(ESC(&b, "</textarea><img src=x onerror=alert(1)>"),
              "&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;");
    CHECK_STR(ESC(&b, "a \"quoted\" & 'single'"), "a &quot;quoted&quot; &amp; &#39;single&#39;");
    CHECK_STR(ESC(&b, "&amp;"), "&amp;amp;");
    /* bidi controls: U+202E, U+202A, U+2066..U+2069, U+200E/F, U+061C */
    CHECK_STR(ESC(&b, "x\xE2\x80\xAEgnp.exe"), "x\xEF\xBF\xBDgnp.exe");
    CHECK_STR(ESC(&b, "\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9\xE2\x80\x8F\xD8\x9C"),
              "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    /* zero-width joiner and ordinary RTL letters are kept */
    CHECK_STR(ESC(&b, "\xE2\x80\x8D\xD7\xA9"), "\xE2\x80\x8D\xD7\xA9");
    /* controls, DEL, C1, NUL, CR; TAB and LF kept */
    CHECK_STR(esc(&b, "a\0b", 3), "a\xEF\xBF\xBD" "b");
    CHECK_STR(ESC(&b, "\x01\x7F\xC2\x85"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_STR(ESC(&b, "a\r\nb\tc"), "a \nb\tc");
    /* invalid UTF-8: lone continuation, overlong, truncated, surrogate */
    CHECK_STR(ESC(&b, "\x80"), "\xEF\xBF\xBD");
    CHECK_STR(ESC(&b, "\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* overlong '<' stays harmless */
    CHECK_STR(ESC(&b, "\xE4\xB8"), "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_STR(ESC(&b, "\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(vm_is_bidi_control(0x202E) && vm_is_bidi_control(0x2067) && !vm_is_bidi_control(0x200D));
    /* appends */
    vm_buf_reset(&b);
    vm_html_escape_str(&b, "<");
    vm_html_escape_str(&b, ">");
    CHECK_STR(b.data, "&lt;&gt;");
    vm_buf_free(&b);
    return check_done();
}
