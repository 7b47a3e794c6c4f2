/*
 * test_topicword.c - which words can name a topic (extract/topicword.h):
 * masks, numbers, counts, short Latin words and every grammatical lexicon
 * role are out, also when the word has a content role too; content words
 * of any length are in; without a lexicon only the lexicon-free rules
 * apply.
 */
#include "check.h"
#include "lexdir.h"

#include "extract/lexicon.h"
#include "extract/topicword.h"
#include "normalize/fold.h"

static const vm_lexicon *lx;

static int topical(const char *s) { return vm_word_is_topical(lx, s, strlen(s)); }
static int count(const char *s) { return vm_word_is_count(lx, s, strlen(s)); }

static void test_not_words(void) {
    CHECK(!topical("<PHONE>"));
    CHECK(!topical("<ORDER>"));
    CHECK(!topical("12"));
    CHECK(!topical("8."));
    CHECK(!topical("3-5"));
    CHECK(!topical("ok"));          /* Latin, under 3 letters */
    CHECK(!topical(""));
    CHECK(topical("<phone"));       /* not a mask */
}

static void test_counts(void) {
    CHECK(count("三天"));            /* numeral + stopword */
    CHECK(count("第三天"));
    CHECK(count("两次"));
    CHECK(count("一半"));            /* numerals only */
    CHECK(count("3次"));
    CHECK(count("12"));
    CHECK(!count("一流"));           /* 流 is no stopword */
    CHECK(!count("天"));
    CHECK(!count("第"));
    CHECK(count("一个多小时"));      /* numeral + 个 + 多 + 小时 */
    CHECK(!count("三天后悔"));       /* 后悔 is no stopword */
    CHECK(!count("一个多小"));
    CHECK(!topical("三天"));
    CHECK(topical("一流"));
}

static void test_roles(void) {
    CHECK(!topical("请"));           /* stopword */
    CHECK(!topical("不"));           /* negator */
    CHECK(!topical("非常"));         /* degree */
    CHECK(!topical("但是"));         /* contrast */
    CHECK(!topical("呵呵"));         /* sarcasm cue */
    CHECK(!topical("难道"));         /* rhetorical cue */
    CHECK(!topical("好"));           /* sentiment, but also a degree word */
    CHECK(!topical("满意"));         /* sentiment, but also a stopword */
    CHECK(!topical("the"));
    CHECK(!topical("never"));
    CHECK(topical("脏"));            /* one Han character with content */
    CHECK(topical("送餐"));
    CHECK(topical("delivery"));
    CHECK(topical("took forever"));
}

static void test_without_lexicon(void) {
    CHECK(vm_word_is_topical(NULL, "请", strlen("请")));
    CHECK(!vm_word_is_topical(NULL, "<PHONE>", 7));
    CHECK(!vm_word_is_topical(NULL, "12", 2));
    CHECK(!vm_word_is_topical(NULL, "一半", strlen("一半")));
    CHECK(vm_word_is_topical(NULL, "三天", strlen("三天")));   /* 天 unknown as a stopword */
}

int main(void) {
    static const lexfile over[] = {{"stopwords.zh.tsv", "term\n的\n了\n请\n天\n次\n满意\n个\n多\n小时\n"},
                                   {NULL, NULL}};
    char *dir = lexdir_make(over);
    vm_error err;
    vm_folder *folder = vm_folder_new(&err);
    vm_lexicon *loaded = folder ? vm_lexicon_load(dir, folder, NULL, &err) : NULL;
    if (!loaded) {
        fprintf(stderr, "lexicon: %s\n", err.msg);
        return 1;
    }
    lx = loaded;
    test_not_words();
    test_counts();
    test_roles();
    test_without_lexicon();
    vm_lexicon_free(loaded);
    vm_folder_free(folder);
    lexdir_remove(dir);
    return check_done();
}
