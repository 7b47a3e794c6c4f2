/*
 * test_keywords.c - keyword choice: aspects first, then opinion words,
 * then content words; stopwords and function words dropped; English
 * stemmed; at most 8; no duplicates; the tokens column.
 */
#include "check.h"
#include "lexdir.h"

#include "extract/analyze.h"
#include "extract/keywords.h"

static vm_analyzer *an;
static vm_analysis_scratch *scratch;
static vm_text_analysis result;
static char text_buf[2048];

static const char *keywords(const char *text) {
    vm_buf match = {0};
    vm_fold_match(vm_analyzer_folder(an), text, strlen(text), &match, NULL);
    vm_analyze_text(an, scratch, match.data ? match.data : "", match.len, "und", 0, &result);
    snprintf(text_buf, sizeof text_buf, "%s", result.keywords.data ? result.keywords.data : "");
    vm_buf_free(&match);
    return text_buf;
}

static const char *tokens(const char *text) {
    vm_buf match = {0}, out = {0};
    vm_fold_match(vm_analyzer_folder(an), text, strlen(text), &match, NULL);
    vm_analyze_text(an, scratch, match.data ? match.data : "", match.len, "und", 0, &result);
    vm_text_analysis_tokens(&result, match.data ? match.data : "", &out);
    snprintf(text_buf, sizeof text_buf, "%s", out.data ? out.data : "");
    vm_buf_free(&match);
    vm_buf_free(&out);
    return text_buf;
}

static void test_order(void) {
    /* aspects (送餐, 客服) before opinions (快, 差); 很 and 但是 are function words. */
    CHECK_STR(keywords("送餐很快，但是客服很差"), "送餐;客服;快;差");
    /* English: stems, stopwords dropped; phrases stay whole. */
    CHECK_STR(keywords("The delivery took forever and the burgers were cold"),
              "delivery;took forever;and;burger;were;cold");
    CHECK_STR(keywords("loved the food"), "food;love");
}

static void test_limits(void) {
    const char *k = keywords("apples bananas cherries dates elderberries figs grapes honeydew kiwis lemons");
    int n = 1;
    for (const char *p = k; *p; p++) n += *p == ';';
    CHECK(n == VM_KEYWORDS_MAX);
    CHECK(result.nkeywords == VM_KEYWORDS_MAX);
    CHECK_STR(keywords("good good good"), "good");        /* no duplicates */
    CHECK_STR(keywords("味道好"), "味道");                /* 好: sentiment, but also a degree word */
    CHECK_STR(keywords("food the's"), "food");            /* "the's" stems to "the", a stopword */
    CHECK_STR(keywords("the is a it"), "");               /* only stopwords */
    CHECK_STR(keywords("😊 :) 123"), "");                 /* no words */
    CHECK(result.nkeywords == 0);
}

static void test_tokens_column(void) {
    CHECK_STR(tokens("送餐很快，但是客服很差!!"), "送餐 很 快 但是 客服 很 差");
    CHECK_STR(tokens("good :) 😊 food, 12 <PHONE>"), "good food 12 <PHONE>");
    CHECK_STR(tokens(""), "");
}

/* Whether s[0, n) holds a byte that TSV must escape, or sep. */
static int needs_escape(const char *s, size_t n, char sep) {
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\\' || s[i] == sep) return 1;
    return 0;
}

/* Features write the tokens and keywords columns unescaped: whatever
 * the match text holds (a stage file may come from anywhere), they hold
 * no TAB, LF, CR or backslash, and no keyword holds the ';' that joins
 * them. */
static void test_columns_need_no_escaping(void) {
    static const char *const hostile[] = {
        "质量\t很好\\快递\r\n很慢", "good\\food\tbad\\\\service", "don't\\ 送餐\\很快 \\",
        "12\\34 <PHONE>\\ 5g\t3.5\\", "\\\t\n\r好\\", "a\\b c\td e\nf", "质量;很好;good;food;;服务",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        const char *t = hostile[i];
        vm_analyze_text(an, scratch, t, strlen(t), "und", 0, &result);
        vm_buf out = {0};
        vm_text_analysis_tokens(&result, t, &out);
        CHECK(out.len > 0);
        CHECK(!needs_escape(out.data, out.len, ';'));
        /* Keywords are joined by ';': each holds none. */
        const char *k = result.keywords.data ? result.keywords.data : "";
        CHECK(!needs_escape(k, result.keywords.len, '\0'));
        int seps = 0;
        for (const char *p = k; *p; p++) seps += *p == ';';
        CHECK(result.keywords.len == 0 ? result.nkeywords == 0 : result.nkeywords == seps + 1);
        CHECK(!strstr(k, ";;"));
        vm_buf_free(&out);
    }
}

int main(void) {
    char *dir = lexdir_make(NULL);
    an = lexdir_analyzer(dir);
    scratch = vm_analysis_scratch_new();
    test_order();
    test_limits();
    test_tokens_column();
    test_columns_need_no_escaping();
    vm_text_analysis_free(&result);
    vm_analysis_scratch_free(scratch);
    vm_analyzer_free(an);
    lexdir_remove(dir);
    return check_done();
}
