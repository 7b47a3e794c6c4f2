/*
 * test_segment.c - the segmenter on a small in-test dictionary: best-path
 * choices, default frequencies, the unknown-word model, numbers, Latin
 * runs inside Han text, punctuation runs, folding, loading files, words
 * spelt with characters outside the second-step table (past the BMP,
 * above U+D7FF), word payloads.
 */
#include "check.h"
#include "common/buf.h"
#include "extract/segment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char got[4096];

/* The tokens of text joined by '|' (types in *types if non-NULL). */
static const char *seg(const vm_segdict *d, const char *text, unsigned flags, char *types) {
    static vm_tokens toks;
    static vm_seg_scratch *s;
    if (!s) s = vm_seg_scratch_new();
    toks.n = 0;
    size_t n = vm_segment(d, text, strlen(text), flags, &toks, s);
    got[0] = '\0';
    size_t at = 0, prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        const vm_token *t = &toks.v[i];
        if (t->start < prev_end || t->len == 0) return "(overlap or empty token)";
        prev_end = t->start + t->len;
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%.*s", i ? "|" : "", (int)t->len, text + t->start);
        if (types) types[i] = "HLNMEOP"[t->type];
    }
    if (types) types[n] = '\0';
    return got;
}

static vm_segdict *small_dict(void) {
    vm_segdict *d = vm_segdict_new(NULL);
    static const struct { const char *w; double f; } words[] = {
        {"研究", 200}, {"研究生", 40}, {"生命", 300}, {"命", 20}, {"起源", 100}, {"的", 5000},
        {"我", 3000}, {"买", 800}, {"了", 4000}, {"和", 2000}, {"公斤", 50}, {"路由器", 30},
        {"说", 1500}, {"很", 2500}, {"好", 1800}, {"差", 400}, {"服务", 900}, {"态度", 700},
        {"分钟", 300}, {"分", 500}, {"钟", 60}, {"十二", 80}, {"t恤", 40}, {"恤", 1},
        /* names and other words that teach the unknown-word model how
         * words are spelt: 王 / 李 / 张 begin words, 明 / 华 / 红 end them */
        {"王小明", 5}, {"李小红", 5}, {"张小华", 5}, {"王大明", 5}, {"李明华", 5}, {"张红", 5},
        {"王华", 5}, {"李华", 5}, {"小明", 5}, {"明华", 5},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        vm_segdict_add(d, words[i].w, strlen(words[i].w), words[i].f);
    return d;
}

static void test_best_path(void) {
    vm_segdict *d = small_dict();
    vm_segdict_freeze(d);
    /* 研究+生命 beats 研究生+命 on the product of probabilities */
    CHECK_STR(seg(d, "研究生命的起源", 0, NULL), "研究|生命|的|起源");
    CHECK_STR(seg(d, "我买了", 0, NULL), "我|买|了");
    CHECK(vm_segdict_logp(d, "生命", strlen("生命")) < 0);
    CHECK(vm_segdict_logp(d, "生", strlen("生")) == 0);  /* a prefix, not a word */
    CHECK(vm_segdict_logp(d, "研究生", strlen("研究生")) < vm_segdict_logp(d, "研究", strlen("研究")));
    vm_segdict_free(d);

    /* the other way round when 研究生 and 命 are frequent */
    d = vm_segdict_new(NULL);
    vm_segdict_add(d, "研究", 6, 10);
    vm_segdict_add(d, "研究生", 9, 500);
    vm_segdict_add(d, "生命", 6, 10);
    vm_segdict_add(d, "命", 3, 500);
    vm_segdict_freeze(d);
    CHECK_STR(seg(d, "研究生命", 0, NULL), "研究生|命");
    vm_segdict_free(d);
}

static void test_default_frequency(void) {
    vm_segdict *d = small_dict();
    vm_segdict_freeze(d);
    CHECK_STR(seg(d, "服务态度很差", 0, NULL), "服务|态度|很|差");
    vm_segdict_free(d);
    d = small_dict();
    vm_segdict_add(d, "服务态度", strlen("服务态度"), 0);  /* a lexicon term */
    vm_segdict_add(d, "很差", strlen("很差"), -1);
    vm_segdict_freeze(d);
    CHECK_STR(seg(d, "服务态度很差", 0, NULL), "服务态度|很差");
    vm_segdict_free(d);
}

static void test_unknown_words(void) {
    vm_segdict *d = small_dict();
    vm_segdict_freeze(d);
    /* 王小华 is no word, but spelt like the names: one word, not soup */
    CHECK_STR(seg(d, "王小华说很好", 0, NULL), "王小华|说|很|好");
    CHECK_STR(seg(d, "王小华说很好", VM_SEG_NO_OOV, NULL), "王|小|华|说|很|好");
    /* frequent one-character words stay alone */
    CHECK_STR(seg(d, "我说的很好", 0, NULL), "我|说|的|很|好");
    vm_segdict_free(d);
}

static void test_numbers_and_latin(void) {
    vm_segdict *d = small_dict();
    vm_segdict_freeze(d);
    char types[64];
    CHECK_STR(seg(d, "我买了3.5公斤iPhone12和wi-fi路由器", 0, types),
              "我|买|了|3.5|公斤|iPhone12|和|wi-fi|路由器");
    CHECK_STR(types, "HHHNHLHLH");
    CHECK_STR(seg(d, "2000年12月31日", 0, types), "2000年|12月|31日");
    CHECK_STR(types, "NNN");
    CHECK_STR(seg(d, "二○○一年十二月三十一日", 0, types), "二○○一年|十二月|三十一日");
    CHECK_STR(types, "NNN");
    CHECK_STR(seg(d, "等了170分钟", 0, NULL), "等|了|170|分钟");
    CHECK_STR(seg(d, "1万亿和50%和-5和1,000", 0, types), "1万亿|和|50%|和|-5|和|1,000");
    CHECK_STR(types, "NHNHNHN");
    CHECK_STR(seg(d, "don't和5g", 0, types), "don't|和|5g");
    CHECK_STR(types, "LHL");
    CHECK_STR(seg(d, "第十七和第3", 0, NULL), "第十七|和|第|3");
    vm_segdict_free(d);
}

static void test_punctuation_and_space(void) {
    vm_segdict *d = small_dict();
    vm_segdict_freeze(d);
    static vm_tokens toks;
    vm_seg_scratch *s = vm_seg_scratch_new();
    const char *text = "很好！！！  差——说，";
    toks.n = 0;
    vm_segment(d, text, strlen(text), 0, &toks, s);
    CHECK_STR(seg(d, text, 0, NULL), "很|好|！！！|差|——|说|，");
    CHECK(toks.n == 7);
    if (toks.n == 7) {
        CHECK(toks.v[2].type == VM_TOK_PUNCT && toks.v[2].clause_end == 1);
        CHECK(toks.v[4].type == VM_TOK_PUNCT && toks.v[4].clause_end == 0);
        CHECK(toks.v[6].clause_end == 1);
        CHECK(toks.v[3].start == strlen("很好！！！  "));  /* spaces belong to no token */
    }
    /* invalid UTF-8 bytes are punctuation, each covered once */
    CHECK_STR(seg(d, "好\xFF\xFE差", 0, NULL), "好|\xFF\xFE|差");
    CHECK_STR(seg(d, "", 0, NULL), "");
    CHECK_STR(seg(d, "   ", 0, NULL), "");
    vm_seg_scratch_free(s);
    free(toks.v);
    vm_segdict_free(d);
}

static void test_fold(void) {
    vm_segdict *d = small_dict();
    vm_segdict_add(d, "ＴＶ", strlen("ＴＶ"), 10);  /* keys are folded too */
    vm_segdict_freeze(d);
    char types[64];
    CHECK_STR(seg(d, "Ｔ恤很好", VM_SEG_FOLD, types), "Ｔ恤|很|好");
    CHECK_STR(types, "HHH");
    CHECK_STR(seg(d, "买了Ｔ恤", 0, NULL), "买|了|Ｔ|恤");  /* unfolded text: no match */
    CHECK_STR(seg(d, "１２月ＯＫ", VM_SEG_FOLD, types), "１２月|ＯＫ");
    CHECK_STR(types, "NL");
    CHECK(vm_segdict_logp(d, "tv", 2) < 0);
    vm_segdict_free(d);
}

static void test_load(void) {
    char path[] = "/tmp/test_segment_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0) return;
    const char body[] = "# a comment\n研究 200 n\n生命\t300\n\n起源 100\r\n坏行 notanumber\n研究生 40 n\n";
    CHECK(write(fd, body, sizeof body - 1) == (ssize_t)(sizeof body - 1));
    close(fd);
    vm_segdict *d = vm_segdict_new(NULL);
    vm_error err;
    CHECK(vm_segdict_load(d, path, &err) == 0);
    CHECK(vm_segdict_size(d) == 4);
    vm_segdict_freeze(d);
    CHECK_STR(seg(d, "研究生命起源", 0, NULL), "研究|生命|起源");
    vm_segdict_free(d);
    unlink(path);
    d = vm_segdict_new(NULL);
    CHECK(vm_segdict_load(d, "/nonexistent/dict.txt", &err) == -1);
    CHECK(strstr(err.msg, "/nonexistent/dict.txt") != NULL);
    vm_segdict_free(d);
}

/* The second step of a walk goes through a table for two characters
 * below U+D800 and through the trie otherwise; words of both kinds, and
 * words longer than two characters, must come out whole. */
static void test_trie_steps(void) {
    vm_segdict *d = vm_segdict_new(NULL);
    static const char *const words[] = {
        "\xF0\xA0\xAE\xB7野家",   /* U+20BB7 first: a surrogate pair in the trie */
        "吉\xF0\xA0\xAE\xB7",     /* U+20BB7 second */
        "\xEF\xA4\x80有此理",      /* U+F900 first: above the table's range */
        "有\xEF\xA4\x80",          /* U+F900 second */
        "研究生院", "生命科学",      /* four characters, their two-character prefixes no words */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) vm_segdict_add(d, words[i], strlen(words[i]), 100);
    vm_segdict_add(d, "的", strlen("的"), 100);
    vm_segdict_freeze(d);
    CHECK_STR(seg(d, "\xF0\xA0\xAE\xB7野家的吉\xF0\xA0\xAE\xB7的\xEF\xA4\x80有此理的有\xEF\xA4\x80的研究生院的生命科学", 0, NULL),
              "\xF0\xA0\xAE\xB7野家|的|吉\xF0\xA0\xAE\xB7|的|\xEF\xA4\x80有此理|的|有\xEF\xA4\x80|的|研究生院|的|生命科学");
    CHECK(vm_segdict_logp(d, "研究", strlen("研究")) == 0);
    CHECK(vm_segdict_logp(d, "研究生院", strlen("研究生院")) < 0);
    vm_segdict_free(d);
}

static void test_empty_dict(void) {
    vm_segdict *d = vm_segdict_new(NULL);
    vm_segdict_freeze(d);
    CHECK_STR(seg(d, "没有词典abc12", VM_SEG_NO_OOV, NULL), "没|有|词|典|abc12");
    CHECK(strlen(seg(d, "没有词典", 0, NULL)) > 0);
    vm_segdict_free(d);
}

/* The payloads of the tokens of text, as "word=payload|..." (-1 for
 * VM_TOK_NO_PAYLOAD). */
static const char *payloads(const vm_segdict *d, const char *text, unsigned flags) {
    static vm_tokens toks;
    static vm_seg_scratch *s;
    if (!s) s = vm_seg_scratch_new();
    toks.n = 0;
    size_t n = vm_segment(d, text, strlen(text), flags, &toks, s), at = 0;
    for (size_t i = 0; i < n; i++) {
        const vm_token *t = &toks.v[i];
        long p = t->payload == VM_TOK_NO_PAYLOAD ? -1 : (long)t->payload;
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%.*s=%ld", i ? "|" : "", (int)t->len, text + t->start, p);
    }
    if (!n) got[0] = '\0';
    return got;
}

static void test_payloads(void) {
    vm_segdict *d = small_dict();
    vm_segdict_add(d, "\xF0\xA0\xAE\xB7野", strlen("\xF0\xA0\xAE\xB7野"), 50);  /* past the BMP */
    vm_segdict_add(d, "\xEF\xA4\x80有", strlen("\xEF\xA4\x80有"), 50);          /* above U+D7FF */
    vm_segdict_freeze(d);
    /* None given yet: no token has one. */
    CHECK_STR(payloads(d, "服务态度", 0), "服务=-1|态度=-1");
    CHECK(vm_segdict_set_payload(d, "服务", strlen("服务"), 7) == 1);      /* found through the pair table */
    CHECK(vm_segdict_set_payload(d, "路由器", strlen("路由器"), 8) == 1);  /* three steps */
    CHECK(vm_segdict_set_payload(d, "很", strlen("很"), 9) == 1);          /* one */
    CHECK(vm_segdict_set_payload(d, "路由", strlen("路由"), 10) == 1);     /* a mere prefix */
    CHECK(vm_segdict_set_payload(d, "\xF0\xA0\xAE\xB7野", strlen("\xF0\xA0\xAE\xB7野"), 11) == 1);
    CHECK(vm_segdict_set_payload(d, "\xEF\xA4\x80有", strlen("\xEF\xA4\x80有"), 12) == 1);
    CHECK(vm_segdict_set_payload(d, "服务员", strlen("服务员"), 13) == 0);  /* not in the dictionary */
    CHECK(vm_segdict_set_payload(d, "T恤", strlen("T恤"), 14) == 0);        /* taken as given: not folded */
    CHECK(vm_segdict_set_payload(d, "t恤", strlen("t恤"), 14) == 1);
    /* Dictionary words carry theirs (0 if none was given); unknown
     * words, numbers and punctuation none. */
    CHECK_STR(payloads(d, "服务态度很好", 0), "服务=7|态度=0|很=9|好=0");
    CHECK_STR(payloads(d, "路由器12个！", 0), "路由器=8|12=-1|个=-1|！=-1");
    CHECK_STR(payloads(d, "\xF0\xA0\xAE\xB7野\xEF\xA4\x80有", 0),
              "\xF0\xA0\xAE\xB7野=11|\xEF\xA4\x80有=12");
    CHECK_STR(payloads(d, "买t恤", 0), "买=0|t恤=14");
    /* Text folded by the segmenter may differ from its words: none. */
    CHECK_STR(payloads(d, "服务很", VM_SEG_FOLD), "服务=-1|很=-1");
    vm_segdict_free(d);
}

/* A two-character prefix with hundreds of children: its pair-table slot
 * cannot hold the block's size, so the walk takes the binary search and
 * the payload comes from the node. */
static void test_big_block(void) {
    vm_segdict *d = small_dict();
    vm_buf w = {0};
    for (int32_t c = 0x4E00; c < 0x4E00 + 300; c++) {  /* 服务 + 300 different third characters */
        vm_buf_reset(&w);
        vm_buf_puts(&w, "服务");
        vm_buf_put_utf8(&w, c);
        vm_segdict_add(d, w.data, w.len, 1);
    }
    vm_buf_free(&w);
    vm_segdict_freeze(d);
    CHECK_STR(seg(d, "服务态度很好", 0, NULL), "服务|态度|很|好");
    CHECK_STR(seg(d, "服务\xE4\xBC\xAB很好", 0, NULL), "服务\xE4\xBC\xAB|很|好");  /* 服务 + U+4F2B, the block's last */
    CHECK(vm_segdict_set_payload(d, "服务", strlen("服务"), 21) == 1);
    CHECK(vm_segdict_set_payload(d, "服务\xE4\xBC\xAB", strlen("服务\xE4\xBC\xAB"), 22) == 1);
    CHECK(vm_segdict_set_payload(d, "态度", strlen("态度"), VM_SEG_PAYLOAD_MAX) == 1);
    CHECK(vm_segdict_set_payload(d, "很", strlen("很"), VM_SEG_PAYLOAD_MAX + 1) == 0);  /* too large: not set */
    CHECK_STR(payloads(d, "服务态度很好", 0), "服务=21|态度=16777215|很=0|好=0");
    CHECK_STR(payloads(d, "服务\xE4\xBC\xAB很", 0), "服务\xE4\xBC\xAB=22|很=0");
    vm_segdict_free(d);
}

int main(void) {
    test_best_path();
    test_default_frequency();
    test_unknown_words();
    test_numbers_and_latin();
    test_punctuation_and_space();
    test_fold();
    test_load();
    test_trie_steps();
    test_empty_dict();
    test_payloads();
    test_big_block();
    return check_done();
}
