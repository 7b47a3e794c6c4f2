/*
 * test_severity.c - severity levels from sentiment and escalation cues
 * (fixture lexicon: 投诉 minor, 退款 / refund / 再也不来 moderate,
 * 食物中毒 / food poisoning / lawyer severe).
 */
#include "check.h"
#include "lexdir.h"

#include "extract/analyze.h"
#include "extract/severity.h"

static vm_analyzer *an;
static vm_analysis_scratch *scratch;
static vm_text_analysis result;

static const char *severity(const char *text) {
    vm_buf match = {0};
    vm_fold_match(vm_analyzer_folder(an), text, strlen(text), &match, NULL);
    vm_analyze_text(an, scratch, match.data ? match.data : "", match.len, "und", 0, &result);
    vm_buf_free(&match);
    return vm_severity_name(result.severity);
}

static void test_without_cues(void) {
    CHECK_STR(severity("好吃"), "none");
    CHECK_STR(severity("我今天吃了饭"), "none");
    CHECK_STR(severity("有点慢"), "minor");            /* mildly negative */
    CHECK_STR(severity("不太好"), "minor");
    CHECK_STR(severity("慢"), "minor");                 /* -1 x 1.25 (negativity bias): -0.53 */
    CHECK(result.sentiment.score > VM_SEV_STRONG);
    CHECK_STR(severity("太慢了，非常失望"), "moderate"); /* strongly negative */
    CHECK(result.sentiment.score <= VM_SEV_STRONG);
}

static void test_cues(void) {
    CHECK_STR(severity("我要退款"), "moderate");          /* neutral text, moderate cue */
    CHECK_STR(severity("有点慢，我要退款"), "moderate");   /* mild text raised to the cue */
    CHECK_STR(severity("I want a refund"), "moderate");
    CHECK_STR(severity("吃完食物中毒了"), "severe");
    CHECK_STR(severity("calling my lawyer"), "severe");
    CHECK_STR(severity("got food poisoning, terrible"), "severe");
    CHECK_STR(severity("再也不来了"), "moderate");
    CHECK_STR(severity("我要投诉"), "minor");
    /* Cues are not undone by negation: no refund given is a complaint too. */
    CHECK_STR(severity("没有退款"), "moderate");
}

static void test_escalation(void) {
    /* Extreme negativity plus any cue is severe. */
    CHECK_STR(severity("太难吃，非常失望，太差，我要投诉"), "severe");
    CHECK(result.sentiment.score <= VM_SEV_EXTREME);
    /* The same words without a cue stay moderate. */
    CHECK_STR(severity("太难吃，非常失望，太差"), "moderate");
}

static void test_positive(void) {
    CHECK_STR(severity("退款很快，很满意"), "none");      /* praise mentioning a refund */
    CHECK_STR(severity("很好吃，没有食物中毒"), "minor"); /* a severe cue still gets a look */
}

static void test_names(void) {
    CHECK_STR(vm_severity_name(VM_SEV_NONE), "none");
    CHECK_STR(vm_severity_name(VM_SEV_MINOR), "minor");
    CHECK_STR(vm_severity_name(VM_SEV_MODERATE), "moderate");
    CHECK_STR(vm_severity_name(VM_SEV_SEVERE), "severe");
}

int main(void) {
    char *dir = lexdir_make(NULL);
    an = lexdir_analyzer(dir);
    scratch = vm_analysis_scratch_new();
    test_without_cues();
    test_cues();
    test_escalation();
    test_positive();
    test_names();
    vm_text_analysis_free(&result);
    vm_analysis_scratch_free(scratch);
    vm_analyzer_free(an);
    lexdir_remove(dir);
    return check_done();
}
