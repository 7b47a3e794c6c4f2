/*
 * test_wordlearn.c - new-word discovery on a synthetic corpus: words
 * planted in random filler are found (also in traditional script, which
 * is folded), filler is not, a frequent phrase of two planted words is
 * not one word, parts of a word are not words, and the output (header,
 * order) is reproducible.
 */
#include "check.h"
#include "common/buf.h"
#include "common/outfile.h"
#include "extract/wordlearn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t rng = 12345;

static uint32_t next_rand(void) {
    rng = rng * 1103515245u + 12345u;
    return rng >> 16;
}

/* 40 filler characters, used uniformly at random. */
static const char *const filler[] = {
    "天", "地", "人", "山", "水", "木", "火", "土", "石", "田", "风", "云", "雨", "雪", "春", "夏",
    "秋", "冬", "东", "西", "南", "北", "上", "下", "左", "右", "前", "后", "内", "外", "高", "低",
    "长", "短", "方", "圆", "黑", "白", "红", "绿",
};

static void put_filler(vm_buf *b, int n) {
    for (int i = 0; i < n; i++) vm_buf_puts(b, filler[next_rand() % (sizeof filler / sizeof filler[0])]);
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    vm_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) vm_buf_append(&b, chunk, n);
    fclose(f);
    return vm_buf_detach(&b);
}

int main(void) {
    char dir[] = "/tmp/test_wordlearn_XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char corpus[256], out1[256], out2[256];
    snprintf(corpus, sizeof corpus, "%s/corpus.txt", dir);
    snprintf(out1, sizeof out1, "%s/words1.tsv", dir);
    snprintf(out2, sizeof out2, "%s/words2.tsv", dir);

    /* 3000 lines: filler with planted words; 骑手 also written 騎手. */
    static const char *const planted[] = {"骑手", "騎手", "奶茶", "芝士奶盖", "蓝牙耳机"};
    vm_buf b = {0};
    for (int line = 0; line < 3000; line++) {
        put_filler(&b, 8 + (int)(next_rand() % 8));
        vm_buf_puts(&b, planted[next_rand() % 5]);
        put_filler(&b, 8 + (int)(next_rand() % 8));
        if (line % 3 == 0) vm_buf_puts(&b, "，骑手奶茶");  /* a frequent phrase */
        put_filler(&b, 8 + (int)(next_rand() % 8));
        vm_buf_puts(&b, "。\n");
    }
    vm_error err;
    CHECK(vm_write_file_atomic(corpus, b.data, b.len, &err) == 0);
    vm_buf_free(&b);

    vm_wordlearn_opts o;
    vm_wordlearn_defaults(&o);
    o.max_len = 4;  /* also learn the four-character words */
    const char *inputs[] = {corpus};
    CHECK(vm_wordlearn(inputs, 1, &o, out1, &err) == 0);
    CHECK(vm_wordlearn(inputs, 1, &o, out2, &err) == 0);
    char *a = read_file(out1), *c = read_file(out2);
    CHECK(a && c && strcmp(a, c) == 0);
    if (a) {
        CHECK(strncmp(a, "# vocmine learned vocabulary", 28) == 0);
        CHECK(strstr(a, "# input corpus.txt lines=3000 sha256=") != NULL);
        CHECK(strstr(a, "\n骑手\t") != NULL);
        CHECK(strstr(a, "\n奶茶\t") != NULL);
        CHECK(strstr(a, "\n芝士奶盖\t") != NULL);
        CHECK(strstr(a, "\n蓝牙耳机\t") != NULL);
        CHECK(strstr(a, "騎手") == NULL);          /* folded into 骑手 */
        CHECK(strstr(a, "\n骑手奶茶\t") == NULL);  /* a phrase, not a word */
        CHECK(strstr(a, "\n芝士\t") == NULL);      /* only a part of 芝士奶盖 */
        /* no two-character filler word: each filler pair is a chance pairing */
        int filler_words = 0;
        for (size_t i = 0; i < sizeof filler / sizeof filler[0]; i++)
            for (size_t j = 0; j < sizeof filler / sizeof filler[0]; j++) {
                char w[16];
                snprintf(w, sizeof w, "\n%s%s\t", filler[i], filler[j]);
                filler_words += strstr(a, w) != NULL;
            }
        CHECK(filler_words == 0);
        /* frequencies descend */
        const char *p = strstr(a, "\n骑手\t"), *q = strstr(a, "\n芝士奶盖\t");
        CHECK(p && q && strtol(strchr(p + 1, '\t') + 1, NULL, 10) > strtol(strchr(q + 1, '\t') + 1, NULL, 10) ? p < q : 1);
    }
    free(a);
    free(c);
    CHECK(vm_wordlearn((const char *[]){"/nonexistent/corpus.txt"}, 1, &o, out1, &err) == -1);
    unlink(corpus);
    unlink(out1);
    unlink(out2);
    rmdir(dir);
    return check_done();
}
