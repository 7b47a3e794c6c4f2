/*
 * test_clean.c - display-text cleaning: UTF-8 repair, entities, tags,
 * controls, invisible characters, full-width forms, whitespace, the
 * repair counts, and invariants of the output over many inputs.
 */
#include <string.h>

#include "check.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "normalize/clean.h"

static vm_clean_stats st;

static const char *clean_n(const char *in, size_t len) {
    static vm_buf out;
    vm_buf_reset(&out);
    memset(&st, 0, sizeof st);
    vm_clean_display(in, len, &out, &st);
    return out.data ? out.data : "";
}

static const char *clean(const char *in) { return clean_n(in, strlen(in)); }

static void test_whitespace(void) {
    CHECK_STR(clean(""), "");
    CHECK_STR(clean("   "), "");
    CHECK_STR(clean("  a  b \t c\r\n"), "a b c");
    CHECK_STR(clean("a\xe3\x80\x80" "b"), "a b");            /* U+3000 */
    CHECK_STR(clean("a\xe2\x80\xa8" "b\xc2\xa0" "c"), "a b c"); /* U+2028, NBSP */
    CHECK_STR(clean("a\xc2\x85" "b"), "a b");                /* NEL */
    CHECK_STR(clean("plain text stays."), "plain text stays.");
    CHECK_STR(clean("很好吃，送得快！"), "很好吃,送得快!");
}

static void test_entities(void) {
    CHECK_STR(clean("Fish &amp; chips"), "Fish & chips");
    CHECK(st.entities == 1);
    CHECK_STR(clean("&quot;ok&quot; &hellip;&nbsp;x"), "\"ok\" \xe2\x80\xa6 x");
    CHECK(st.entities == 4);
    CHECK_STR(clean("&#20320;&#x597D;&#X597d;"), "你好好");
    CHECK_STR(clean("&#0;&#xD800;&#1114112;"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    CHECK_STR(clean("&bogus; &amp &#; &#x; AT&T"), "&bogus; &amp &#; &#x; AT&T");
    CHECK(st.entities == 0);
    CHECK_STR(clean("&amp;lt;b&amp;gt;"), "&lt;b&gt;");     /* decoded once */
}

static void test_tags(void) {
    CHECK_STR(clean("x<br>y"), "x y");
    CHECK(st.tags == 1);
    CHECK_STR(clean("x<br/>y<BR />z"), "x y z");
    CHECK_STR(clean("<b>很</b>好"), "很好");
    CHECK_STR(clean("<p class=\"a\">one</p><p>two</p>"), "one two");
    CHECK_STR(clean("good &lt;br&gt;"), "good");              /* entities first */
    CHECK(st.tags == 1 && st.entities == 2);
    CHECK_STR(clean("I <3 it"), "I <3 it");
    CHECK_STR(clean("a < b > c"), "a < b > c");
    CHECK_STR(clean("1<2 and 3>2"), "1<2 and 3>2");
    CHECK_STR(clean("<!-- note -->x"), "x");
    CHECK_STR(clean("open <b never closed"), "open <b never closed");
    CHECK_STR(clean("<a\nhref=x>y"), "<a href=x>y");         /* a tag does not span lines */
    CHECK(st.tags == 0);
    char longtag[400] = "<a ";
    memset(longtag + 3, 'x', 300);
    strcpy(longtag + 303, ">z");
    CHECK(strlen(clean(longtag)) == 305);                   /* too long to be a tag */
    CHECK_STR(clean("＜b＞x"), "<b>x");                       /* full-width: text, not a tag */
}

static void test_invalid_utf8(void) {
    CHECK_STR(clean("a\xff" "b"), "a\xef\xbf\xbd" "b");
    CHECK(st.invalid == 1);
    CHECK_STR(clean("x\xe4\xb8"), "x\xef\xbf\xbd\xef\xbf\xbd");   /* truncated: one per byte */
    CHECK(st.invalid == 2);
    CHECK_STR(clean("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");      /* overlong */
    CHECK_STR(clean("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");   /* surrogate */
    CHECK_STR(clean("ok \xef\xbf\xbd"), "ok \xef\xbf\xbd");      /* a real U+FFFD is not a repair */
    CHECK(st.invalid == 0);
    CHECK_STR(clean_n("a\0b", 3), "ab");
    CHECK(st.controls == 1);
}

static void test_controls_invisible(void) {
    CHECK_STR(clean("a\x01" "b\x7f" "c\x1b" "d"), "abcd");
    CHECK(st.controls == 3);
    CHECK_STR(clean("a\xc2\x90" "b"), "ab");                 /* C1 */
    CHECK(st.controls == 1);
    CHECK_STR(clean("\xe2\x80\x8bhi\xe2\x80\x8d\xef\xbb\xbf"), "hi");
    CHECK(st.invisible == 3);
    CHECK_STR(clean("co\xc2\xad" "op"), "coop");            /* soft hyphen */
    CHECK_STR(clean("\xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6" "x\xe2\x81\xa9"), "evil x");
    CHECK(st.invisible == 4);
    CHECK_STR(clean("\xef\xbb\xbf  BOM first"), "BOM first");
}

static void test_fullwidth(void) {
    CHECK_STR(clean("ＡＢＣ１２３！～"), "ABC123!~");
    CHECK_STR(clean("ｈｔｔｐ:ｔ.ｃｎ"), "http:t.cn");
    CHECK_STR(clean("＆ｌｔ;"), "&lt;");                      /* after entity decoding */
}

static void test_appends(void) {
    vm_buf out = {0};
    vm_buf_puts(&out, "X");
    vm_clean_display("  y  ", 5, &out, NULL);
    CHECK_STR(out.data, "Xy");
    vm_clean_display(" ", 1, &out, NULL);
    CHECK_STR(out.data, "Xy");
    vm_buf_free(&out);
}

/* Output invariants over byte strings built from a small alphabet of
 * troublesome pieces (deterministic generator). */
static void test_invariants(void) {
    static const char *const PIECES[] = {"a", " ", "\t", "\n", "<", ">", "br", "&", "amp;", "lt;", "#",
                                         "x", "\xff", "\xe4", "\xb8", "\xad", "中", "\xe2\x80\x8b", "　",
                                         "Ａ", "\x01", "/", "!", "3", ";", "\xc2\x85"};
    uint32_t seed = 12345;
    vm_buf in = {0};
    int bad = 0;
    for (int n = 0; n < 20000; n++) {
        vm_buf_reset(&in);
        int pieces = 1 + n % 24;
        for (int k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            vm_buf_puts(&in, PIECES[(seed >> 16) % (sizeof PIECES / sizeof PIECES[0])]);
        }
        const char *out = clean_n(in.data, in.len);
        size_t len = strlen(out);
        int ok = vm_utf8_invalid_count(out, len) == 0 && !strstr(out, "  ") &&
                 (len == 0 || (out[0] != ' ' && out[len - 1] != ' '));
        for (size_t i = 0; i < len && ok; i++)
            ok = (unsigned char)out[i] >= 0x20 && out[i] != 0x7f;
        if (!ok && bad++ < 5) fprintf(stderr, "    bad output for input #%d: \"%s\"\n", n, out);
    }
    CHECK(bad == 0);
    vm_buf_free(&in);
}

int main(void) {
    test_whitespace();
    test_entities();
    test_tags();
    test_invalid_utf8();
    test_controls_invisible();
    test_fullwidth();
    test_appends();
    test_invariants();
    return check_done();
}
