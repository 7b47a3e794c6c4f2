/*
 * test_sentiment.c - the sentiment rules of stage 2 on a fixture lexicon:
 * negation, double negation, degree, contrast in both languages, emoji
 * and emoticons, emphasis, sarcasm and rhetorical cues, the neutral band.
 */
#include "check.h"
#include "lexdir.h"

#include "extract/analyze.h"
#include "extract/sentiment.h"

static vm_analyzer *an;
static vm_analysis_scratch *scratch;
static vm_text_analysis result;

/* The analysis of raw text folded as normalize folds it. */
static const vm_sentiment *analyze(const char *text, int emphasis) {
    vm_buf match = {0};
    vm_fold_match(vm_analyzer_folder(an), text, strlen(text), &match, NULL);
    vm_analyze_text(an, scratch, match.data ? match.data : "", match.len, "und", emphasis, &result);
    vm_buf_free(&match);
    return &result.sentiment;
}

static double score(const char *text) { return analyze(text, 0)->score; }
static int polarity(const char *text) { return analyze(text, 0)->polarity; }

static void test_basic(void) {
    CHECK(polarity("好吃") == VM_POL_POSITIVE);
    CHECK(polarity("难吃") == VM_POL_NEGATIVE);
    CHECK(polarity("good") == VM_POL_POSITIVE);
    CHECK(polarity("terrible") == VM_POL_NEGATIVE);
    CHECK(score("棒") > score("好"));            /* weight 2 beats weight 1 */
    CHECK(score("great great great great great great") <= 1.0);
    CHECK(score("terrible terrible terrible terrible terrible") >= -1.0);
    /* Traditional script and full-width upper case fold onto the entries. */
    CHECK(polarity("很難吃") == VM_POL_NEGATIVE);
    CHECK(polarity("ＧＯＯＤ") == VM_POL_POSITIVE);
    /* Inflected English words find their entry by stem. */
    CHECK(polarity("loved it") == VM_POL_POSITIVE);
    CHECK(polarity("loving it") == VM_POL_POSITIVE);
    CHECK(polarity("the staff was rude") == VM_POL_NEGATIVE);
}

static void test_negation(void) {
    CHECK(polarity("不好吃") == VM_POL_NEGATIVE);
    CHECK(polarity("不满意") == VM_POL_NEGATIVE);
    CHECK(polarity("没有问题") == VM_POL_POSITIVE);
    CHECK(polarity("not good") == VM_POL_NEGATIVE);
    CHECK(polarity("never good") == VM_POL_NEGATIVE);
    CHECK(polarity("it isn't good") == VM_POL_NEGATIVE);   /* any n't word negates */
    CHECK(polarity("it isn’t good") == VM_POL_NEGATIVE);   /* curly apostrophe */
    /* "not bad" is mildly good: positive, weaker than "good". */
    CHECK(polarity("not bad") == VM_POL_POSITIVE);
    CHECK(score("not bad") < score("good"));
    /* Scope: a few words, never past the clause end. */
    CHECK(polarity("not the food I would call good") == VM_POL_POSITIVE);
    CHECK(polarity("不是这样，好吃") == VM_POL_POSITIVE);
    CHECK(polarity("no, good") == VM_POL_POSITIVE);
    /* Each negator negates its own word. */
    CHECK(polarity("不好吃也不新鲜") == VM_POL_NEGATIVE);
    /* A negator ending its clause negates the word before it. */
    CHECK(polarity("新鲜?一点都没有") == VM_POL_NEGATIVE);
    CHECK(polarity("一点新鲜都没有") == VM_POL_NEGATIVE);
    /* A negation of nothing is an unmet expectation: mildly negative. */
    CHECK(polarity("没有饭") == VM_POL_NEGATIVE);
    CHECK(polarity("they didn't bring napkins") == VM_POL_NEGATIVE);
    CHECK(score("没有饭") > score("差"));
    CHECK(polarity("没有饭，很好吃") == VM_POL_POSITIVE);
}

static void test_double_negation(void) {
    CHECK(polarity("不是不好") == VM_POL_POSITIVE);
    CHECK(polarity("没有不满意") == VM_POL_POSITIVE);
    CHECK(score("不是不好") < score("好"));    /* weakened */
}

static void test_degree(void) {
    CHECK(score("很好") > score("好"));
    CHECK(score("非常满意") > score("满意"));
    CHECK(score("有点贵") > score("贵"));        /* a diminisher softens */
    CHECK(score("有点贵") < 0);
    CHECK(score("very good") > score("good"));
    CHECK(score("really bad") < score("bad"));
    CHECK(score("好极了") > score("好"));        /* a degree word after its word */
    /* 好 is also a degree word: before a sentiment word it intensifies. */
    CHECK(score("好慢") < score("慢"));
    CHECK(polarity("好") == VM_POL_POSITIVE);
    /* A negated intensifier softens: "not very good" is mildly bad. */
    CHECK(polarity("不太好") == VM_POL_NEGATIVE);
    CHECK(score("不太好") > score("不好"));
    CHECK(polarity("not very good") == VM_POL_NEGATIVE);
    CHECK(score("not very good") > score("not good"));
    /* An intensifier before a negator strengthens the negation. */
    CHECK(score("很不满意") < score("不满意"));
}

static void test_contrast(void) {
    CHECK(polarity("送餐很快，但是味道太差") == VM_POL_NEGATIVE);
    CHECK(polarity("味道太差，但是送餐很快") == VM_POL_POSITIVE);
    CHECK(polarity("虽然贵，但是好吃") == VM_POL_POSITIVE);
    CHECK(polarity("虽然贵，好吃") == VM_POL_POSITIVE);       /* the although clause is weakened */
    CHECK(polarity("the food was great but delivery took forever") == VM_POL_NEGATIVE);
    CHECK(polarity("slow delivery but the food was good") == VM_POL_POSITIVE);
    CHECK(polarity("although it was slow, the food was good") == VM_POL_POSITIVE);
    /* Without the marker, equal words: the complaint weighs more. */
    CHECK(polarity("slow delivery, the food was good") == VM_POL_NEGATIVE);
}

static void test_emoji(void) {
    CHECK(polarity("😊") == VM_POL_POSITIVE);
    CHECK(polarity("😡") == VM_POL_NEGATIVE);
    CHECK(polarity("送到了 :)") == VM_POL_POSITIVE);
    CHECK(polarity("送到了 :(") == VM_POL_NEGATIVE);
    CHECK(polarity("[怒]") == VM_POL_NEGATIVE);
    CHECK(polarity("好吃😡😡😡") == VM_POL_NEGATIVE);
    /* Emoji are not negated by a nearby negator. */
    CHECK(polarity("不 😊") == VM_POL_POSITIVE);
}

static void test_emphasis(void) {
    double plain = analyze("太慢了", 0)->score;
    double loud = analyze("太慢了", 2)->score;
    CHECK(plain < 0);
    CHECK(loud < plain);
    CHECK(analyze("好吃", 1)->score > analyze("好吃", 0)->score);
    CHECK(analyze("我吃了", 3)->polarity == VM_POL_NEUTRAL);  /* nothing to amplify */
    /* The squeezed runs of folding count: "!!!" is one run. */
    vm_buf m = {0};
    int runs = 0;
    vm_fold_match(vm_analyzer_folder(an), "好吃!!!!", strlen("好吃!!!!"), &m, &runs);
    CHECK(runs == 1);
    vm_buf_free(&m);
}

static void test_cues(void) {
    CHECK(polarity("好吃呵呵") == VM_POL_NEGATIVE);
    CHECK(polarity("呵呵") == VM_POL_NEGATIVE);
    CHECK(polarity("yeah right, great food") == VM_POL_NEGATIVE);
    CHECK(polarity("这也叫好吃?") == VM_POL_NEGATIVE);
    CHECK(polarity("难道没人管吗?") == VM_POL_NEGATIVE);
    CHECK(polarity("how could anyone love this?") == VM_POL_NEGATIVE);
    /* A plain question keeps little of its praise, all of its complaint. */
    CHECK(score("好吃吗?") < score("好吃"));
    CHECK(score("好吃吗?") > 0);
    CHECK(score("为什么这么慢?") == score("为什么这么慢"));
    /* A question without sentiment words is read as a complaint. */
    CHECK(polarity("发票呢?") == VM_POL_NEGATIVE);
    CHECK(polarity("发票呢") == VM_POL_NEUTRAL);
}

static void test_neutral_band(void) {
    CHECK(polarity("我今天吃了饭") == VM_POL_NEUTRAL);
    CHECK(score("我今天吃了饭") == 0);
    CHECK(polarity("") == VM_POL_NEUTRAL);
    CHECK(polarity("。。。") == VM_POL_NEUTRAL);
    CHECK(vm_polarity_of(0.099) == VM_POL_NEUTRAL);
    CHECK(vm_polarity_of(-0.099) == VM_POL_NEUTRAL);
    CHECK(vm_polarity_of(VM_NEUTRAL_BAND) == VM_POL_POSITIVE);
    CHECK(vm_polarity_of(-VM_NEUTRAL_BAND) == VM_POL_NEGATIVE);
    CHECK_STR(vm_polarity_name(VM_POL_NEUTRAL), "neutral");
    /* Opposite opinions of equal weight: negativity bias, 1 - 1.25. */
    CHECK(score("好，差") == vm_sentiment_squash(-0.25));
    CHECK(polarity("好，差") == VM_POL_NEGATIVE);
    /* The squashing: one ordinary word is 1/sqrt(5). */
    CHECK(score("好") == 0.447);
    CHECK(vm_sentiment_squash(-2) == -0.707);
}

static void test_trace(void) {
    vm_buf trace = {0};
    result.trace = &trace;
    analyze("送餐很快，但是味道不好", 0);
    result.trace = NULL;
    const char *t = trace.data ? trace.data : "";
    CHECK(strstr(t, "negators.tsv:2") != NULL);        /* 不 is line 2 */
    CHECK(strstr(t, "contrast.tsv:2") != NULL);        /* 但是 */
    CHECK(strstr(t, "sentiment.zh.tsv:3") != NULL);    /* 快 */
    CHECK(strstr(t, "degree.tsv:2") != NULL);          /* 很 */
    CHECK(strstr(t, "scope") != NULL);
    CHECK(strstr(t, "score = ") != NULL);
    vm_buf_free(&trace);
}

int main(void) {
    char *dir = lexdir_make(NULL);
    an = lexdir_analyzer(dir);
    scratch = vm_analysis_scratch_new();
    test_basic();
    test_negation();
    test_double_negation();
    test_degree();
    test_contrast();
    test_emoji();
    test_emphasis();
    test_cues();
    test_neutral_band();
    test_trace();
    vm_text_analysis_free(&result);
    vm_analysis_scratch_free(scratch);
    vm_analyzer_free(an);
    lexdir_remove(dir);
    return check_done();
}
