/*
 * lexdir.h - throwaway lexicon directories for the stage 2 unit tests.
 *
 * lexdir_make writes a complete small lexicon directory (every file of
 * SPEC's Lexicons table) into a new temporary directory, plus an empty
 * models directory beside it, so tests do not depend on the shipped
 * lexicons' tuning. Entries of `over` ({file name, content} pairs, ended
 * by {NULL, NULL}) replace the default content of that file. The
 * fixture analyzer uses no general dictionary: segmentation comes from
 * the lexicon terms alone, which is deterministic.
 */
#ifndef VM_TEST_LEXDIR_H
#define VM_TEST_LEXDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/analyze.h"

typedef struct lexfile {
    const char *name, *content;
} lexfile;

static const lexfile lexdir_defaults[] = {
    {"categories.tsv",
     "# test categories\ncategory\towner\tlabel_zh\tlabel_en\n"
     "taste\tkitchen\t口味\ttaste\ndelivery\tlogistics\t配送\tdelivery\nsupport\tservice\t客服\tsupport\n"
     "price\tpricing\t价格\tprice\nquality\tproduct\t质量\tquality\n"},
    {"sentiment.zh.tsv",
     "term\tweight\n好\t1\n快\t1\n差\t-1\n好吃\t1\n满意\t1\n慢\t-1\n贵\t-1\n失望\t-2\n棒\t2\n问题\t-1\n"
     "新鲜\t1\n热情\t1\n难吃\t-2\n"},
    {"sentiment.en.tsv",
     "term\tweight\ngood\t1\ngreat\t2\nbad\t-1\nterrible\t-2\nslow\t-1\nlove\t2\ndelicious\t1\n"
     "took forever\t-1.5\nrude\t-1.5\nfresh\t1\n"},
    {"emoji.tsv", "term\tweight\n😊\t1\n😡\t-2\n:)\t1\n:(\t-1\n[怒]\t-1.5\n"},
    {"negators.tsv", "term\tlang\n不\tzh\n没\tzh\n没有\tzh\n别\tzh\nnot\ten\nnever\ten\nno\ten\n"},
    {"degree.tsv",
     "term\tlang\tmultiplier\n很\tzh\t1.5\n好\tzh\t1.5\n太\tzh\t2\n非常\tzh\t2\n有点\tzh\t0.5\n极了\tzh\t2\n"
     "very\ten\t1.5\nreally\ten\t1.5\nslightly\ten\t0.5\n"},
    {"contrast.tsv",
     "term\tlang\tkind\n但是\tzh\tbut\n但\tzh\tbut\n虽然\tzh\talthough\nbut\ten\tbut\nalthough\ten\talthough\n"},
    {"cues.tsv",
     "term\tlang\tkind\n呵呵\tzh\tsarcasm\nyeah right\ten\tsarcasm\n难道\tzh\trhetorical\n这也叫\tzh\trhetorical\n"
     "how could\ten\trhetorical\n"},
    {"stopwords.zh.tsv", "term\n的\n了\n是\n也\n"},
    {"stopwords.en.tsv", "term\nthe\nwas\nis\nit\na\n"},
    {"aspects.tsv",
     "category\tlang\tterm\ndelivery\tzh\t送餐\ndelivery\tzh\t配送\ndelivery\ten\tdelivery\nsupport\tzh\t客服\n"
     "support\tzh\t态度\ntaste\tzh\t味道\ntaste\ten\tfood\nprice\tzh\t价格\nprice\ten\tprice\n"
     "quality\tzh\t质量\nsupport\ten\tstaff\n"},
    {"severity.tsv",
     "term\tlang\tlevel\tcue\n退款\tzh\tmoderate\trefund_demand\n食物中毒\tzh\tsevere\thealth\n"
     "再也不来\tzh\tmoderate\tnever_again\nrefund\ten\tmoderate\trefund_demand\nlawyer\ten\tsevere\tlegal\n"
     "food poisoning\ten\tsevere\thealth\n投诉\tzh\tminor\tcomplaint\n"},
    {"pii.tsv", "kind\tvalidator\tpattern\nPHONE\tnone\t(?<![0-9])1[3-9][0-9]{9}(?![0-9])\n"},
    {NULL, NULL},
};

static inline void lexdir_write(const char *dir, const char *name, const char *content) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(content, f);
    fclose(f);
}

/* Returns the new lexicon directory "<tmp>/lex" (caller frees); its
 * models directory is "<tmp>/models". */
static inline char *lexdir_make(const lexfile *over) {
    char tmpl[] = "/tmp/vm-lexdir-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        exit(2);
    }
    char *dir = malloc(strlen(tmpl) + 8);
    sprintf(dir, "%s/lex", tmpl);
    char models[4096];
    snprintf(models, sizeof models, "%s/models", tmpl);
    if (mkdir(dir, 0700) != 0 || mkdir(models, 0700) != 0) {
        perror("mkdir");
        exit(2);
    }
    lexdir_write(models, "words.tsv", "# no learned vocabulary in tests\n");
    for (const lexfile *d = lexdir_defaults; d->name; d++) {
        const char *content = d->content;
        for (const lexfile *o = over; o && o->name; o++)
            if (strcmp(o->name, d->name) == 0) content = o->content;
        if (content) lexdir_write(dir, d->name, content);
    }
    return dir;
}

/* Removes what lexdir_make made (plain files only, two levels). */
static inline void lexdir_remove(char *dir) {
    char cmd[4096], root[1024];
    snprintf(root, sizeof root, "%s", dir);
    char *slash = strrchr(root, '/');
    if (slash) *slash = '\0';
    const char *sub[] = {"lex", "models"};
    for (int s = 0; s < 2; s++) {
        for (const lexfile *d = lexdir_defaults; d->name; d++) {
            snprintf(cmd, sizeof cmd, "%s/%s/%s", root, sub[s], d->name);
            unlink(cmd);
        }
        snprintf(cmd, sizeof cmd, "%s/%s/words.tsv", root, sub[s]);
        unlink(cmd);
        snprintf(cmd, sizeof cmd, "%s/%s", root, sub[s]);
        rmdir(cmd);
    }
    rmdir(root);
    free(dir);
}

/* An analyzer over the fixture directory (no general dictionary). */
static inline vm_analyzer *lexdir_analyzer(const char *dir) {
    char models[4096];
    snprintf(models, sizeof models, "%s", dir);
    char *slash = strrchr(models, '/');
    if (slash) strcpy(slash, "/models");
    vm_analyzer_options o = {.lexicons = dir, .models = models, .no_dict = 1};
    vm_error err;
    vm_analyzer *a = vm_analyzer_new(&o, &err);
    if (!a) {
        fprintf(stderr, "analyzer: %s\n", err.msg);
        exit(2);
    }
    return a;
}

#endif
