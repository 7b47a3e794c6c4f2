/*
 * test_fold.c - match-text folding: NFKC + case folding (checked against
 * utf8proc over the whole text, so the fast path cannot drift), t2s and
 * the HK/TW variants, squeezing and emphasis, masks, mentions, hashtags,
 * whitespace, and the single-code-point fold.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "check.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "normalize/fold.h"

static vm_folder *f;
static int emph;

static const char *fold(const char *in) {
    static vm_buf out;
    vm_buf_reset(&out);
    emph = 0;
    vm_fold_match(f, in, strlen(in), &out, &emph);
    return out.data ? out.data : "";
}

static void test_case_width(void) {
    CHECK_STR(fold("Hello WORLD"), "hello world");
    CHECK_STR(fold("ＡＢＣ１２３"), "abc123");
    CHECK_STR(fold("ﬁne ① Ⅻ Straße"), "fine 1 xii strasse");
    CHECK_STR(fold("\xe2\x84\xaa" "elvin e\xcc\x81"), "kelvin \xc3\xa9");   /* U+212A, e + U+0301 */
    CHECK_STR(fold("ｶﾞｲﾄﾞ か\xe3\x82\x99"), "ガイド が");
    CHECK_STR(fold("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8"), "각");         /* jamo compose */
    CHECK_STR(fold("❤️❤️ ok"), "❤❤ ok");                                  /* U+FE0F removed */
    CHECK(emph == 0);
}

static void test_t2s(void) {
    CHECK_STR(fold("這個東西很好喝，質量不錯"), "这个东西很好喝,质量不错");
    CHECK_STR(fold("裏面 峯 著名"), "里面 峰 著名");   /* variants; 著 stays (著名) */
    CHECK_STR(fold("为什么 抬头"), "为什么 抬头");
    CHECK_STR(fold("已经很好了"), "已经很好了");       /* simplified stays */
    CHECK_STR(fold("\xef\xa4\x80"), "岂");            /* compatibility ideograph U+F900 -> 豈 -> 岂 */
}

static void test_squeeze(void) {
    CHECK_STR(fold("soooo good"), "so good");
    CHECK(emph == 1);
    CHECK_STR(fold("gooood fooood"), "good food");
    CHECK(emph == 2);
    CHECK_STR(fold("LOOOOVE it, sweeeet, yesss, nooo"), "love it, sweet, yes, no");
    CHECK(emph == 4);
    CHECK_STR(fold("tooo slooow"), "too slow");
    CHECK_STR(fold("good cool all"), "good cool all");
    CHECK(emph == 0);
    CHECK_STR(fold("wow!!!! really???"), "wow! really?");
    CHECK(emph == 2);
    CHECK_STR(fold("好吃！！！ 为什么？？？ 。。。 ~~~ ……"), "好吃! 为什么? 。 ~ .");
    CHECK(emph == 5);
    CHECK_STR(fold("哈哈哈哈哈 好好 好好好"), "哈哈 好好 好好");
    CHECK(emph == 2);
    CHECK_STR(fold("1000000 元"), "1000000 元");
    CHECK(emph == 0);
    CHECK_STR(fold("!! ok"), "! ok");
    CHECK(emph == 1);
}

static void test_masks_mentions_tags(void) {
    CHECK_STR(fold("Call <PHONE> or <EMAIL>!"), "call <PHONE> or <EMAIL>!");
    CHECK_STR(fold("订单号:<ORDER>"), "订单号:<ORDER>");
    CHECK_STR(fold("<phone> <Phone>"), "<phone> <phone>");        /* not masks */
    CHECK_STR(fold("@客服小美 你好"), "你好");
    CHECK_STR(fold("thanks @support_team."), "thanks .");
    CHECK_STR(fold("mail a@b ok"), "mail a@b ok");                 /* not a mention */
    CHECK_STR(fold("@ alone"), "@ alone");
    CHECK_STR(fold("#差评# 太慢了"), "差评 太慢了");
    CHECK_STR(fold("#GoodFood is #1"), "goodfood is 1");
    CHECK_STR(fold("# 1"), "# 1");
}

static void test_whitespace_append(void) {
    CHECK_STR(fold("  a \xe3\x80\x80 b  "), "a b");
    CHECK_STR(fold(""), "");
    CHECK_STR(fold("a\xff" "b"), "a\xef\xbf\xbd" "b");
    vm_buf out = {0};
    vm_buf_puts(&out, "X|");
    vm_fold_match(f, " Ab ", 4, &out, NULL);
    CHECK_STR(out.data, "X|ab");
    vm_buf_free(&out);
    /* long text leaves the stack buffer */
    vm_buf big = {0};
    for (int i = 0; i < 3000; i++) vm_buf_puts(&big, "這Ab ");
    vm_buf_reset(&out);
    vm_fold_match(f, big.data, big.len, &out, NULL);
    CHECK(out.len == 3000 * 6 - 1);
    CHECK(strncmp(out.data, "这ab 这ab ", 12) == 0);
    vm_buf_free(&out);
    vm_buf_free(&big);
}

static void test_codepoint(void) {
    CHECK(vm_fold_codepoint(f, 'A') == 'a');
    CHECK(vm_fold_codepoint(f, 'a') == 'a');
    CHECK(vm_fold_codepoint(f, 0xFF21) == 'a');       /* Ａ */
    CHECK(vm_fold_codepoint(f, 0x570B) == 0x56FD);    /* 國 -> 国 */
    CHECK(vm_fold_codepoint(f, 0x212A) == 'k');
    CHECK(vm_fold_codepoint(f, 0xFB01) == 0xFB01);    /* ﬁ is two code points: kept */
    CHECK(vm_fold_codepoint(f, 0x1F600) == 0x1F600);
    CHECK(vm_fold_codepoint(f, 0x10FFFF) == 0x10FFFF);
    CHECK(vm_fold_han_form(f, 0x570B) == VM_HAN_TRAD);   /* 國 */
    CHECK(vm_fold_han_form(f, 0x56FD) == VM_HAN_SIMP);   /* 国 */
    CHECK(vm_fold_han_form(f, 0x597D) == VM_HAN_SHARED); /* 好 */
    CHECK(vm_fold_han_form(f, 'a') == VM_HAN_SHARED);
}

/* The reference: utf8proc's NFKC_Casefold of the whole text, t2s per code
 * point, whitespace collapsed. */
static void reference(const char *in, vm_buf *out) {
    utf8proc_uint8_t *nf = utf8proc_NFKC_Casefold((const utf8proc_uint8_t *)in);
    const char *s = (const char *)nf;
    size_t len = strlen(s), i = 0, adv;
    int space = 0;
    vm_buf_reset(out);
    while (i < len) {
        int32_t cp = vm_utf8_decode(s + i, len - i, &adv);
        i += adv;
        if (cp == ' ') {
            space = 1;
            continue;
        }
        if (space && out->len) vm_buf_putc(out, ' ');
        space = 0;
        vm_buf_put_utf8(out, vm_fold_codepoint(f, cp));
    }
    free(nf);
}

/* Two equal neighbours would trigger squeezing, which the reference does
 * not model: such strings are skipped. */
static int has_equal_neighbours(const vm_buf *b) {
    size_t i = 0, adv;
    int32_t prev = -1;
    while (i < b->len) {
        int32_t cp = vm_utf8_decode(b->data + i, b->len - i, &adv);
        if (cp == prev && cp != ' ') return 1;
        prev = cp;
        i += adv;
    }
    return 0;
}

static void test_matches_utf8proc(void) {
    static const char *const PIECES[] = {
        "a", "B", "x", "\xc3\xa9", "e", "\xcc\x81", "\xcc\x88", "\xcc\xa3", "\xea\xb0\x80", "\xe1\x86\xa8",
        "\xe1\x84\x80", "\xe1\x85\xa1", "か", "\xe3\x82\x99", "ｶ", "ﾞ", "ﾟ", "ﬁ", "①", "Ⅻ", "ß", "\xe2\x84\xaa",
        "中", "國", "這", "，", "。", "、", " ", "　", "Å", "\xcc\x8a", "\xef\xb8\x8f", "1", "Ω", "ㄱ", "ｱ",
        "\xe2\x80\xa6", "Ǆ", "ǅ", "ﾊ", "\xf0\x9d\x90\x80", "\xef\xa4\x80", "ḕ", "\xe2\x80\x8d", "한", "ア"};
    const size_t npieces = sizeof PIECES / sizeof PIECES[0];
    uint32_t seed = 7;
    vm_buf in = {0}, want = {0};
    int tested = 0, bad = 0;
    for (int n = 0; n < 30000; n++) {
        vm_buf_reset(&in);
        int pieces = 1 + n % 12;
        for (int k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            vm_buf_puts(&in, PIECES[(seed >> 16) % npieces]);
        }
        reference(in.data, &want);
        if (has_equal_neighbours(&want)) continue;
        tested++;
        const char *got = fold(in.data);
        if (strcmp(got, want.data ? want.data : "") != 0 && bad++ < 5)
            fprintf(stderr, "    \"%s\": got \"%s\", want \"%s\"\n", in.data, got, want.data);
    }
    printf("%d random strings compared with utf8proc\n", tested);
    CHECK(tested > 5000);
    CHECK(bad == 0);
    vm_buf_free(&in);
    vm_buf_free(&want);
}

int main(void) {
    vm_error err;
    f = vm_folder_new(&err);
    if (!f) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    test_case_width();
    test_t2s();
    test_squeeze();
    test_masks_mentions_tags();
    test_whitespace_append();
    test_codepoint();
    test_matches_utf8proc();
    vm_folder_free(f);
    return check_done();
}
