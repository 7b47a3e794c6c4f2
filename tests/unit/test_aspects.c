/*
 * test_aspects.c - aspect categories with their own polarity, on a
 * fixture lexicon: per-clause attribution, contrast, modifiers, the
 * single-aspect fallback, order of first mention and the column format.
 */
#include "check.h"
#include "lexdir.h"

#include "extract/analyze.h"

static vm_analyzer *an;
static vm_analysis_scratch *scratch;
static vm_text_analysis result;
static char column[1024];

/* The features `aspects` column for raw text. */
static const char *aspects(const char *text) {
    vm_buf match = {0}, out = {0};
    vm_fold_match(vm_analyzer_folder(an), text, strlen(text), &match, NULL);
    vm_analyze_text(an, scratch, match.data ? match.data : "", match.len, "und", 0, &result);
    vm_aspects_format(vm_analyzer_lexicon(an), &result.aspects, &out);
    snprintf(column, sizeof column, "%s", out.data ? out.data : "");
    vm_buf_free(&match);
    vm_buf_free(&out);
    return column;
}

static void test_clause_examples(void) {
    CHECK_STR(aspects("送餐很快但是客服态度太差"), "delivery:positive;support:negative");
    CHECK_STR(aspects("送餐很快，但是客服态度太差。"), "delivery:positive;support:negative");
    CHECK_STR(aspects("the food was great but delivery took forever"), "taste:positive;delivery:negative");
    /* The overall comment leans negative, yet taste stays positive. */
    CHECK(result.sentiment.polarity == VM_POL_NEGATIVE);
}

static void test_attribution(void) {
    /* One clause, two aspects: each opinion goes to the aspect before it. */
    CHECK_STR(aspects("送餐很快味道很差"), "delivery:positive;taste:negative");
    /* English adjectives modify the noun after them. */
    CHECK_STR(aspects("great food and slow delivery"), "taste:positive;delivery:negative");
    CHECK_STR(aspects("很好的味道，太慢的配送"), "taste:positive;delivery:negative");
    /* An opinion before its only aspect. */
    CHECK_STR(aspects("I love the food"), "taste:positive");
    /* Negation travels with the opinion. */
    CHECK_STR(aspects("味道不好，价格不贵"), "taste:negative;price:positive");
    /* Traditional script folds onto the simplified entries. */
    CHECK_STR(aspects("客服態度很差"), "support:negative");
    /* An aspect term that is also an opinion word's target in one word. */
    CHECK_STR(aspects("the price is bad"), "price:negative");
}

static void test_order_and_merging(void) {
    CHECK_STR(aspects("客服好，送餐快"), "support:positive;delivery:positive");
    /* Two mentions of one category add up: +1 and -1 x 1.25 (negativity bias). */
    CHECK_STR(aspects("送餐快，配送慢"), "delivery:negative");
    CHECK(result.aspects.n == 1 && result.aspects.v[0].sum > -0.26 && result.aspects.v[0].sum < -0.24);
    CHECK_STR(aspects("送餐很快，配送有点慢"), "delivery:positive");
    /* Opinions in clauses without an aspect are not attributed. */
    CHECK_STR(aspects("味道一般。太慢了"), "taste:negative");   /* single aspect: the comment's polarity */
    CHECK_STR(aspects("味道和价格，太慢了"), "taste:neutral;price:neutral");
    CHECK_STR(aspects("很好吃"), "");
    CHECK_STR(aspects(""), "");
}

static void test_contrast_weights(void) {
    /* The clause after "but" dominates the comment, and its aspect gets the
     * boosted opinion; the one before keeps its own sign. */
    aspects("味道很好，但是价格太贵");
    CHECK(result.aspects.n == 2);
    if (result.aspects.n == 2) {
        CHECK(result.aspects.v[0].sum > 0);
        CHECK(result.aspects.v[1].sum < 0);
        CHECK(-result.aspects.v[1].sum > result.aspects.v[0].sum);
    }
}

int main(void) {
    char *dir = lexdir_make(NULL);
    an = lexdir_analyzer(dir);
    scratch = vm_analysis_scratch_new();
    test_clause_examples();
    test_attribution();
    test_order_and_merging();
    test_contrast_weights();
    vm_text_analysis_free(&result);
    vm_analysis_scratch_free(scratch);
    vm_analyzer_free(an);
    lexdir_remove(dir);
    return check_done();
}
