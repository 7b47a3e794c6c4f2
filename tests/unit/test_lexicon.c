/*
 * test_lexicon.c - loading and checking lexicon directories: every kind
 * of problem named with file and line, folding of entries (traditional,
 * full width, upper case), provenance, hashes, and the registration of
 * terms with the segmenter and emoticons with the tokenizer.
 */
#include "check.h"
#include "lexdir.h"

#include "common/sha256.h"
#include "extract/lexicon.h"
#include "extract/segment.h"
#include "extract/tokenize.h"
#include "vocmine.h"

static vm_folder *folder;

/* Loads a fixture with one file replaced; returns the problems text
 * (static) and sets *ok to whether the load succeeded. */
static const char *problems_with(const char *file, const char *content, int *ok) {
    static char text[8192];
    lexfile over[] = {{file, content}, {NULL, NULL}};
    char *dir = lexdir_make(over);
    vm_buf problems = {0};
    vm_error err;
    vm_lexicon *lx = vm_lexicon_load(dir, folder, &problems, &err);
    *ok = lx != NULL;
    snprintf(text, sizeof text, "%s", problems.data ? problems.data : "");
    if (!lx && !problems.len) snprintf(text, sizeof text, "%s", err.msg);
    vm_lexicon_free(lx);
    vm_buf_free(&problems);
    lexdir_remove(dir);
    return text;
}

/* One bad file must fail with a message holding `want` (file:line ...). */
static void expect_problem(const char *file, const char *content, const char *want) {
    int ok;
    const char *p = problems_with(file, content, &ok);
    CHECK(!ok);
    if (!strstr(p, want)) {
        fprintf(stderr, "    wanted \"%s\" in:\n%s\n", want, p);
        CHECK(strstr(p, want) != NULL);
    }
}

static void test_good_fixture(void) {
    char *dir = lexdir_make(NULL);
    vm_buf problems = {0};
    vm_error err;
    vm_lexicon *lx = vm_lexicon_load(dir, folder, &problems, &err);
    CHECK(lx != NULL);
    CHECK(problems.len == 0);
    if (lx) {
        CHECK(vm_lexicon_ncategories(lx) == 5);
        CHECK_STR(vm_lexicon_category(lx, 1)->id, "delivery");
        CHECK_STR(vm_lexicon_category(lx, 1)->owner, "logistics");
        long id = vm_lexicon_find(lx, "好", strlen("好"));
        CHECK(id >= 0);
        if (id >= 0) {
            const vm_lexterm *e = vm_lexicon_term(lx, id);
            CHECK(e->roles == ((1u << VM_ROLE_SENTIMENT) | (1u << VM_ROLE_DEGREE)));   /* 好 is both */
            CHECK(e->weight == 1);
            vm_lexsrc src = vm_lexicon_src(lx, id, VM_ROLE_SENTIMENT);
            CHECK_STR(vm_lexicon_file_name(lx, src.file), "sentiment.zh.tsv");
            CHECK(src.line == 2);
        }
        long neg = vm_lexicon_find(lx, "没有", strlen("没有"));
        CHECK(neg >= 0 && (vm_lexicon_term(lx, neg)->roles & (1u << VM_ROLE_NEGATOR)));
        long sev = vm_lexicon_find(lx, "food poisoning", strlen("food poisoning"));
        CHECK(sev >= 0);
        if (sev >= 0) {
            CHECK(vm_lexicon_term(lx, sev)->level == VM_SEV_SEVERE);
            CHECK_STR(vm_lexicon_cue_name(lx, vm_lexicon_term(lx, sev)->severity_cue), "health");
        }
        /* The manifest's hashes are the files' sha256. */
        char path[4096], hex[65];
        snprintf(path, sizeof path, "%s/degree.tsv", dir);
        CHECK(vm_sha256_file(path, hex) == 0);
        int found = 0;
        for (int f = 0; f < vm_lexicon_nfiles(lx); f++)
            if (strcmp(vm_lexicon_file_name(lx, f), "degree.tsv") == 0) found = strcmp(vm_lexicon_file_sha256(lx, f), hex) == 0;
        CHECK(found);
    }
    vm_lexicon_free(lx);
    vm_buf_free(&problems);
    lexdir_remove(dir);
}

static void test_problems(void) {
    expect_problem("sentiment.zh.tsv", "term\tweight\n好\t1\n差\n", "sentiment.zh.tsv:3: malformed line: 1 field, expected 2");
    expect_problem("sentiment.zh.tsv", "term\tweight\n好\t1\t2\n", "sentiment.zh.tsv:2: malformed line: 3 fields");
    expect_problem("sentiment.en.tsv", "# c\nterm\tweight\ngood\t3\n", "sentiment.en.tsv:3: weight 3 out of range");
    expect_problem("sentiment.en.tsv", "term\tweight\ngood\tvery\n", "sentiment.en.tsv:2: weight 'very' is not a number");
    expect_problem("sentiment.en.tsv", "term\tweight\ngood\t1\nbad\t-1\ngood\t1\n",
                   "sentiment.en.tsv:4: duplicate sentiment term 'good' (after folding; first at sentiment.en.tsv:2)");
    /* Duplicates after folding: traditional and simplified, upper and lower case. */
    expect_problem("sentiment.zh.tsv", "term\tweight\n难吃\t-2\n難吃\t-2\n", "sentiment.zh.tsv:3: duplicate sentiment term '難吃'");
    expect_problem("sentiment.en.tsv", "term\tweight\ngood\t1\nGood\t1\n", "sentiment.en.tsv:3: duplicate");
    /* Both positive and negative, across files. */
    expect_problem("sentiment.en.tsv", "term\tweight\n好\t-1\n",
                   "sentiment.en.tsv:2: term '好' is both positive (sentiment.zh.tsv:2) and negative here");
    expect_problem("emoji.tsv", "term\tweight\n:)\t1\n:)\t-1\n", "emoji.tsv:3: term ':)' is both positive");
    expect_problem("aspects.tsv", "category\tlang\tterm\nlogistic\tzh\t物流\n",
                   "aspects.tsv:2: unknown aspect category 'logistic'");
    expect_problem("negators.tsv", "term\tlang\n不\tfr\n", "negators.tsv:2: unknown lang 'fr'");
    expect_problem("degree.tsv", "term\tlang\tmultiplier\n很\tzh\t5\n", "degree.tsv:2: multiplier 5 out of range");
    expect_problem("degree.tsv", "term\tlang\tmultiplier\n很\tzh\t0.1\n", "degree.tsv:2: multiplier 0.1 out of range");
    expect_problem("contrast.tsv", "term\tlang\tkind\n但是\tzh\thowever\n", "contrast.tsv:2: unknown contrast kind 'however'");
    expect_problem("cues.tsv", "term\tlang\tkind\n呵呵\tzh\tirony\n", "cues.tsv:2: unknown cue kind 'irony'");
    expect_problem("severity.tsv", "term\tlang\tlevel\tcue\n退款\tzh\tcritical\trefund\n",
                   "severity.tsv:2: unknown severity level 'critical'");
    expect_problem("severity.tsv", "term\tlang\tlevel\tcue\n退款\tzh\tminor\tRefund Demand\n",
                   "severity.tsv:2: severity cue 'Refund Demand' is not a snake_case id");
    expect_problem("categories.tsv", "category\towner\tlabel_zh\tlabel_en\nDelivery\tx\t配送\tdelivery\n",
                   "categories.tsv:2: category 'Delivery' is not a snake_case id");
    expect_problem("stopwords.en.tsv", "term\nthe\n the\n", "stopwords.en.tsv:3: term ' the' has leading");
    expect_problem("stopwords.en.tsv", "term\n\t\n", "stopwords.en.tsv:2: malformed line");
    expect_problem("sentiment.en.tsv", "term\tweight\nnot  bad\t1\n", "sentiment.en.tsv:2: term 'not  bad' has leading, trailing or doubled spaces");
    expect_problem("sentiment.zh.tsv", "term\tscore\n好\t1\n", "sentiment.zh.tsv:1: header must be 'term\tweight'");
    expect_problem("cues.tsv", "# only a comment\n", "cues.tsv: no header line");
    expect_problem("degree.tsv", NULL, "degree.tsv: missing lexicon file");
    expect_problem("pii.tsv", "kind\tvalidator\tpattern\nPHONE\tnone\t([0-9]\n", "pii.tsv: line 2");
    /* Every problem is listed, not just the first. */
    int ok;
    const char *p = problems_with("negators.tsv", "term\tlang\n不\tfr\n没\tde\nno\ten\nno\ten\n", &ok);
    CHECK(!ok);
    int lines = 0;
    for (const char *q = p; *q; q++) lines += *q == '\n';
    CHECK(lines == 3);
    CHECK(strstr(p, "negators.tsv:2:") && strstr(p, "negators.tsv:3:") && strstr(p, "negators.tsv:5:"));
}

static void test_unknown_file(void) {
    char *dir = lexdir_make(NULL);
    lexdir_write(dir, "sentiments.tsv", "term\tweight\n");
    vm_buf problems = {0};
    vm_error err;
    vm_lexicon *lx = vm_lexicon_load(dir, folder, &problems, &err);
    CHECK(lx == NULL);
    CHECK(problems.data && strstr(problems.data, "sentiments.tsv: unknown lexicon file"));
    vm_buf_free(&problems);
    char path[4096];
    snprintf(path, sizeof path, "%s/sentiments.tsv", dir);
    unlink(path);
    lexdir_remove(dir);
}

/* Entries are folded: text in traditional script, full width or upper
 * case, once folded like match text, finds the simplified entry. */
static void test_folding(void) {
    lexfile over[] = {{"sentiment.en.tsv", "term\tweight\nWow\t1\nＮＩＣＥ\t1\n"}, {NULL, NULL}};
    char *dir = lexdir_make(over);
    vm_error err;
    vm_lexicon *lx = vm_lexicon_load(dir, folder, NULL, &err);
    CHECK(lx != NULL);
    if (lx) {
        const char *inputs[] = {"難吃", "难吃", "客服態度", "WOW", "nice", "Ｎｉｃｅ"};
        const char *entries[] = {"难吃", "难吃", NULL, "wow", "nice", "nice"};
        for (int i = 0; i < 6; i++) {
            vm_buf m = {0};
            vm_fold_match(folder, inputs[i], strlen(inputs[i]), &m, NULL);
            long id = vm_lexicon_find(lx, m.data, m.len);
            if (entries[i]) {
                CHECK(id >= 0);
                CHECK(id == vm_lexicon_find(lx, entries[i], strlen(entries[i])));
            } else {
                CHECK(id < 0);
            }
            vm_buf_free(&m);
        }
        /* Traditional-script parts of a phrase fold too. */
        vm_buf m = {0};
        vm_fold_match(folder, "態度", strlen("態度"), &m, NULL);
        CHECK(vm_lexicon_find(lx, m.data, m.len) == vm_lexicon_find(lx, "态度", strlen("态度")));
        vm_buf_free(&m);
    }
    vm_lexicon_free(lx);
    lexdir_remove(dir);
}

static int32_t fold_cb(const void *ctx, int32_t cp) { return vm_fold_codepoint(ctx, cp); }

static void test_registration(void) {
    lexfile over[] = {{"sentiment.zh.tsv", "term\tweight\n性价比高\t1.5\n"}, {NULL, NULL}};
    char *dir = lexdir_make(over);
    vm_error err;
    vm_lexicon *lx = vm_lexicon_load(dir, folder, NULL, &err);
    CHECK(lx != NULL);
    if (lx) {
        vm_cpfold fold = {fold_cb, folder};
        vm_segdict *d = vm_segdict_new(&fold);
        vm_lexicon_add_to_segdict(lx, d);
        vm_segdict_freeze(d);
        CHECK(vm_segdict_logp(d, "性价比高", strlen("性价比高")) != 0);
        CHECK(vm_segdict_logp(d, "good", 4) == 0);   /* only terms with Han characters */
        vm_tokenizer *t = vm_tokenizer_new(d);
        vm_lexicon_add_emoticons(lx, t);
        vm_seg_scratch *s = vm_seg_scratch_new();
        vm_tokens toks = {0};
        const char *text = "性价比高:)[怒]😊";
        vm_tokenize(t, text, strlen(text), 0, &toks, s);
        CHECK(toks.n == 4);
        if (toks.n == 4) {
            CHECK(toks.v[0].type == VM_TOK_HAN && toks.v[0].len == strlen("性价比高"));
            CHECK(toks.v[1].type == VM_TOK_EMOTICON && toks.v[1].len == 2);
            CHECK(toks.v[2].type == VM_TOK_EMOTICON);
            CHECK(toks.v[3].type == VM_TOK_EMOJI);
        }
        free(toks.v);
        vm_seg_scratch_free(s);
        vm_tokenizer_free(t);
        vm_segdict_free(d);
    }
    vm_lexicon_free(lx);
    lexdir_remove(dir);
}

static void test_check_command(void) {
    char *dir = lexdir_make(NULL);
    char *argv[] = {"lexicon", "check", dir, NULL};
    CHECK(vm_lexicon_main(3, argv) == 0);
    lexdir_remove(dir);
    lexfile over[] = {{"negators.tsv", "term\tlang\n不\tfr\n"}, {NULL, NULL}};
    dir = lexdir_make(over);
    argv[2] = dir;
    CHECK(vm_lexicon_main(3, argv) == 1);
    lexdir_remove(dir);
    char *usage[] = {"lexicon", "frobnicate", NULL};
    CHECK(vm_lexicon_main(2, usage) == 2);
}

int main(void) {
    vm_error err;
    folder = vm_folder_new(&err);
    if (!folder) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    test_good_fixture();
    test_problems();
    test_unknown_file();
    test_folding();
    test_registration();
    test_check_command();
    vm_folder_free(folder);
    return check_done();
}
