/*
 * test_tokenize.c - token types and byte offsets: masks, emoticons,
 * emoji sequences, clause-ending punctuation, apostrophes, numbers.
 */
#include "check.h"
#include "extract/tokenize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vm_tokenizer *tk;
static vm_seg_scratch *scratch;
static vm_tokens toks;
static char got[4096];

/* Tokens as "text/T" joined by spaces; T is the type letter, with '!'
 * added to punctuation that ends a clause. */
static const char *tok(const char *text) {
    size_t n = vm_tokenize(tk, text, strlen(text), 0, &toks, scratch);
    size_t at = 0;
    got[0] = '\0';
    if (n != toks.n) return "(count mismatch)";
    for (size_t i = 0; i < n; i++) {
        const vm_token *t = &toks.v[i];
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%.*s/%c%s", i ? " " : "", (int)t->len,
                               text + t->start, "HLNMEOP"[t->type], t->clause_end ? "!" : "");
    }
    return got;
}

static void test_masks(void) {
    const char *text = "<PHONE>打不通,<URL>";
    CHECK_STR(tok(text), "<PHONE>/M 打不通/H ,/P! <URL>/M");
    CHECK(toks.n == 4 && toks.v[0].start == 0 && toks.v[0].len == 7);
    CHECK(toks.n == 4 && toks.v[1].start == 7 && toks.v[1].len == 9);
    CHECK(toks.n == 4 && toks.v[3].start == 17 && toks.v[3].len == 5);
    CHECK_STR(tok("<EMAIL><IDCARD><CARD><ORDER>"), "<EMAIL>/M <IDCARD>/M <CARD>/M <ORDER>/M");
    CHECK_STR(tok("<phone>"), "</P phone/L >/P");  /* masks are upper case */
}

static void test_emoji(void) {
    CHECK_STR(tok("好\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBB"), "好/H \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBB/E");  /* 👍🏻 */
    /* 👨‍👩‍👧 (ZWJ sequence) then 😀: two tokens */
    const char *family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
    char text[128];
    snprintf(text, sizeof text, "%s\xF0\x9F\x98\x80", family);
    vm_tokenize(tk, text, strlen(text), 0, &toks, scratch);
    CHECK(toks.n == 2);
    CHECK(toks.n == 2 && toks.v[0].type == VM_TOK_EMOJI && toks.v[0].len == strlen(family));
    CHECK(toks.n == 2 && toks.v[1].type == VM_TOK_EMOJI && toks.v[1].start == strlen(family));
    CHECK_STR(tok("\xE2\x9D\xA4\xEF\xB8\x8F!"), "\xE2\x9D\xA4\xEF\xB8\x8F/E !/P!");                 /* ❤️ */
    CHECK_STR(tok("\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3"), "\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3/E");       /* 🇨🇳 */
    CHECK_STR(tok("1\xEF\xB8\x8F\xE2\x83\xA3"), "1\xEF\xB8\x8F\xE2\x83\xA3/E");                    /* 1️⃣ */
    CHECK_STR(tok("12\xE2\x80\x8D"), "12/N");  /* a lone ZWJ is no emoji and no token */
}

static void test_emoticons(void) {
    CHECK_STR(tok("好:)差:-(T_T[怒]"), "好/H :)/O 差/H :-(/O T_T/O [怒]/O");
    CHECK_STR(tok("haha xd"), "haha/L xd/O");
    CHECK_STR(tok("xdr"), "xdr/L");          /* not inside a word */
    CHECK_STR(tok("AT_T"), "AT/L _/P T/L");  /* nor after a letter */
    CHECK_STR(tok(":"), ":/P");
}

static void test_punctuation(void) {
    CHECK_STR(tok("好，差。ok! 但是、还行…"), "好/H ，/P! 差/H 。/P! ok/L !/P! 但是/H 、/P 还行/H …/P!");
    CHECK_STR(tok("fine...really?!"), "fine/L .../P! really/L ?/P! !/P!");
    CHECK_STR(tok("（一）"), "（/P 一/H ）/P");
}

static void test_words(void) {
    CHECK_STR(tok("don't wi-fi 5g i'm"), "don't/L wi-fi/L 5g/L i'm/L");
    CHECK_STR(tok("'quoted'"), "'/P quoted/L '/P");
    CHECK_STR(tok("价格3.5元很好"), "价格/H 3.5/N 元/H 很好/H");
    const char *text = "我买的iphone很好";
    CHECK_STR(tok(text), "我/H 买/H 的/H iphone/L 很好/H");
    CHECK(toks.n == 5 && toks.v[3].start == 9 && toks.v[3].len == 6);
    CHECK_STR(tok(""), "");
    CHECK_STR(tok(" \t "), "");
}

int main(void) {
    vm_segdict *d = vm_segdict_new(NULL);
    static const char *const words[] = {"打不通", "但是", "还行", "价格", "很好", "元", "我", "买", "的", "好", "差"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) vm_segdict_add(d, words[i], strlen(words[i]), 100);
    vm_segdict_freeze(d);
    tk = vm_tokenizer_new(d);
    static const char *const emoticons[] = {":)", ":-(", "T_T", "[怒]", "xd", ":)", ""};
    for (size_t i = 0; i < sizeof emoticons / sizeof emoticons[0]; i++)
        vm_tokenizer_add_emoticon(tk, emoticons[i], strlen(emoticons[i]));
    scratch = vm_seg_scratch_new();
    test_masks();
    test_emoji();
    test_emoticons();
    test_punctuation();
    test_words();
    vm_seg_scratch_free(scratch);
    free(toks.v);
    vm_tokenizer_free(tk);
    vm_segdict_free(d);
    return check_done();
}
