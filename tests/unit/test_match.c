/*
 * test_match.c - the matcher's two ways of finding a span's first token
 * agree: the payload the segmenter's dictionary gives a word
 * (vm_matcher_give_payloads) and a walk of the term trie. The shipped
 * lexicons and models are used, with the general dictionary when it is
 * installed; the texts are the lexicon's own terms glued together with
 * negators, degree words, spaces and punctuation, the learned
 * vocabulary's words (mostly not terms) in pairs, plus hand-written
 * comments in both scripts and English.
 */
#include "check.h"

#include "common/buf.h"
#include "extract/analyze.h"
#include "extract/match.h"
#include "normalize/fold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vm_analyzer *an;
static vm_matcher *walker;   /* a second matcher, never given payloads */
static vm_analysis_scratch *scratch;
static vm_text_analysis result;
static vm_tokens plain;      /* the analyzer's tokens without payloads */
static vm_hits walked;
static vm_buf stem;
static size_t with_payload, payload_zero, compared, differ;

static int same_unit(const vm_unit *a, const vm_unit *b) {
    return a->start == b->start && a->len == b->len && a->tok == b->tok && a->ntok == b->ntok &&
           a->term == b->term && a->flags == b->flags && a->roles == b->roles;
}

/* Analyzes match text, then matches its tokens again with every payload
 * taken away, and compares the units. */
static void compare_match(const char *match, size_t len) {
    vm_analyze_text(an, scratch, match, len, "und", 0, &result);
    plain.n = 0;
    for (size_t i = 0; i < result.tokens.n; i++) {
        vm_token t = result.tokens.v[i];
        with_payload += t.payload != VM_TOK_NO_PAYLOAD;
        payload_zero += t.payload == 0;
        vm_tokens_push(&plain, t.start, t.len, t.type, t.clause_end, VM_TOK_NO_PAYLOAD);
    }
    vm_match(walker, match, &plain, &walked, &stem);
    compared++;
    int same = walked.n == result.hits.n;
    for (size_t k = 0; same && k < walked.n; k++) same = same_unit(&walked.u[k], &result.hits.u[k]);
    if (!same && differ++ < 5) fprintf(stderr, "units differ for \"%.*s\"\n", (int)len, match);
}

static void compare_raw(const char *text) {
    vm_buf m = {0};
    vm_fold_match(vm_analyzer_folder(an), text, strlen(text), &m, NULL);
    compare_match(m.data ? m.data : "", m.len);
    vm_buf_free(&m);
}

static void test_comments(void) {
    static const char *const texts[] = {
        "送餐很快但是客服态度太差", "不太好吃，而且很贵", "质量非常不错，物流也快", "性价比高！！！",
        "一点也不满意，再也不来了", "没有想象中那么好", "还行吧，凑合", "東西很好，服務態度差",
        "等了2个小时才到，饭都凉了😡", "not bad at all, but the staff was rude :(", "I don't love it",
        "客服不理人，要求退款", "不是不好吃，就是太咸", "卡拉ok很好玩，t恤也不错", "外卖小哥超级无敌好",
        "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) compare_raw(texts[i]);
}

/* Every lexicon term in Han script, alone and glued to its neighbours
 * and to modifiers, so the spans across tokens are walked too. */
static void test_lexicon_terms(void) {
    static const char *const glue[] = {"", "不", "很", "，", " ", "的", "没有"};
    const vm_lexicon *lx = vm_analyzer_lexicon(an);
    size_t n = vm_lexicon_size(lx);
    vm_buf text = {0};
    for (size_t id = 0; id + 1 < n; id++) {
        size_t la, lb;
        const char *a = vm_lexicon_text(lx, (long)id, &la);
        const char *b = vm_lexicon_text(lx, (long)id + 1, &lb);
        const char *g = glue[id % (sizeof glue / sizeof glue[0])];
        vm_buf_reset(&text);
        vm_buf_append(&text, a, la);
        compare_match(text.data, text.len);
        vm_buf_puts(&text, g);
        vm_buf_append(&text, b, lb);
        vm_buf_puts(&text, glue[(id + 1) % (sizeof glue / sizeof glue[0])]);
        vm_buf_append(&text, a, la);
        compare_match(text.data, text.len);
    }
    vm_buf_free(&text);
}

/* The learned vocabulary's words two by two: dictionary words whose
 * payload is 0 (no term starts so), next to terms. */
static void test_vocabulary(void) {
    FILE *f = fopen(VM_SOURCE_DIR "/models/words.tsv", "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[512], prev[512] = "";
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\t\n")] = '\0';
        char text[3 * sizeof line + 8];
        snprintf(text, sizeof text, "%s%s不%s", prev, line, prev);
        compare_match(text, strlen(text));
        snprintf(prev, sizeof prev, "%s", line);
    }
    fclose(f);
}

int main(void) {
    vm_analyzer_options o = {.lexicons = VM_SOURCE_DIR "/lexicons", .models = VM_SOURCE_DIR "/models"};
    vm_error err;
    an = vm_analyzer_new(&o, &err);
    if (!an) {
        fprintf(stderr, "analyzer: %s\n", err.msg);
        return 2;
    }
    walker = vm_matcher_new(vm_analyzer_lexicon(an));
    scratch = vm_analysis_scratch_new();
    test_comments();
    test_lexicon_terms();
    test_vocabulary();
    fprintf(stderr, "%zu texts compared; tokens: %zu with a payload, %zu of them 0\n", compared, with_payload,
            payload_zero);
    CHECK(differ == 0);
    /* Both kinds of payload were met, so both ways were compared. */
    CHECK(with_payload > 10000);
    CHECK(payload_zero > 1000);
    CHECK(with_payload > payload_zero);
    vm_text_analysis_free(&result);
    vm_analysis_scratch_free(scratch);
    vm_hits_free(&walked);
    free(plain.v);
    vm_buf_free(&stem);
    vm_matcher_free(walker);
    vm_analyzer_free(an);
    return check_done();
}
