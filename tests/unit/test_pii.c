/*
 * test_pii.c - personal-data masking: patterns, validators, the digit-run
 * policy, loader errors, and (with $VM_SHARED and python3) a no-leak check
 * over a 20,000-row make_corpus.py export against its truth file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/buf.h"
#include "common/strmap.h"
#include "common/tsv.h"
#include "normalize/clean.h"
#include "normalize/pii.h"

static vm_pii_set *set;
static vm_pii_scratch *scratch;

static const char *mask(const char *in, uint32_t *counts) {
    static vm_buf out;
    vm_buf_reset(&out);
    vm_pii_mask(set, scratch, in, strlen(in), &out, counts);
    return out.data ? out.data : "";
}

static long kind(const char *name) {
    for (size_t i = 0; i < vm_pii_nkinds(set); i++)
        if (strcmp(vm_pii_kind_name(set, i), name) == 0) return (long)i;
    return -1;
}

static void test_kinds(void) {
    CHECK(vm_pii_nkinds(set) == 7);
    CHECK(kind("IM") >= 0);
    CHECK(kind("PHONE") >= 0 && kind("EMAIL") >= 0 && kind("IDCARD") >= 0);
    CHECK(kind("CARD") >= 0 && kind("ORDER") >= 0 && kind("URL") >= 0);
    CHECK(vm_pii_kind_name(set, 99) == NULL);
}

static void test_phones(void) {
    uint32_t counts[8] = {0};
    CHECK_STR(mask("我的电话是13812345678", counts), "我的电话是<PHONE>");
    CHECK(counts[kind("PHONE")] == 1);
    CHECK_STR(mask("call 138-1234-5678 now", NULL), "call <PHONE> now");
    CHECK_STR(mask("call 138 1234 5678 now", NULL), "call <PHONE> now");
    CHECK_STR(mask("+86 138 1234 5678", NULL), "<PHONE>");
    CHECK_STR(mask("+8613812345678。", NULL), "<PHONE>。");
    CHECK_STR(mask("座机010-12345678谢谢", NULL), "座机<PHONE>谢谢");
    CHECK_STR(mask("tel (021) 1234-5678", NULL), "tel <PHONE>");
    CHECK_STR(mask("0755-1234567", NULL), "<PHONE>");
    CHECK_STR(mask("ring +44 20 7946 0958 or +1 (415) 555-0123", NULL), "ring <PHONE> or <PHONE>");
    CHECK_STR(mask("call 415-555-0123", NULL), "call <PHONE>");
    /* not phones */
    CHECK_STR(mask("12345678901", NULL), "12345678901");        /* 11 digits, not 1[3-9] */
    CHECK_STR(mask("花了128元，等了45分钟", NULL), "花了128元，等了45分钟");
    CHECK_STR(mask("2023-10-12 送到", NULL), "2023-10-12 送到");
    CHECK_STR(mask("+5 stars", NULL), "+5 stars");
}

static void test_digit_runs(void) {
    /* Too long for any kind: left whole, never partly masked. */
    CHECK_STR(mask("1234567890123456789012", NULL), "1234567890123456789012");
    CHECK_STR(mask("x138123456789y", NULL), "x138123456789y");     /* 12 digits */
    CHECK_STR(mask("313812345678", NULL), "313812345678");
}

static void test_email_url(void) {
    uint32_t counts[8] = {0};
    CHECK_STR(mask("email me: a.b-c@qq.com.", counts), "email me: <EMAIL>.");
    CHECK(counts[kind("EMAIL")] == 1);
    CHECK_STR(mask("邮箱 13812345678@163.com", NULL), "邮箱 <EMAIL>");
    CHECK_STR(mask("see https://m.example.com/o/123456?x=1, ok", NULL), "see <URL>, ok");
    CHECK_STR(mask("去 www.example.cn 看看", NULL), "去 <URL> 看看");
    CHECK_STR(mask("新变化。http:t.cn/zWBhkvl!!", NULL), "新变化。<URL>!!");
    CHECK_STR(mask("a @ b", NULL), "a @ b");
}

static void test_ids_cards(void) {
    uint32_t counts[8] = {0};
    CHECK_STR(mask("身份证号44030519810120654X", counts), "身份证号<IDCARD>");
    CHECK_STR(mask("my ID is 440305198303117246", counts), "my ID is <IDCARD>");
    CHECK(counts[kind("IDCARD")] == 2);
    /* Wrong check digit: no IDCARD; 18 digits pass neither Luhn here nor
     * any other pattern, so the number stays. */
    CHECK_STR(mask("440305198303117247", NULL), "440305198303117247");
    CHECK_STR(mask("卡号 4111 1111 1111 1111 谢谢", counts), "卡号 <CARD> 谢谢");
    CHECK_STR(mask("6222021234567890128", NULL), "<CARD>");
    CHECK_STR(mask("4111-1111-1111-1111", NULL), "<CARD>");
    CHECK(counts[kind("CARD")] == 1);
    CHECK_STR(mask("4111111111111112", NULL), "4111111111111112");   /* Luhn fails */
    /* The validator makes the engine back off to the valid card. */
    CHECK_STR(mask("4111 1111 1111 1111 2024", NULL), "<CARD> 2024");
}

static void test_orders(void) {
    uint32_t counts[8] = {0};
    CHECK_STR(mask("订单号：0316880940038645~~~", counts), "订单号：<ORDER>~~~");
    CHECK_STR(mask("订单号:0316880940038645", counts), "订单号:<ORDER>");
    CHECK_STR(mask("order #5604960388980106", counts), "order #<ORDER>");
    CHECK_STR(mask("Order No. SF1234567890 late", counts), "Order No. <ORDER> late");
    CHECK_STR(mask("tracking: YT12345678901", counts), "tracking: <ORDER>");
    CHECK_STR(mask("运单号是 JD0012345678-1", counts), "运单号是 <ORDER>");
    CHECK(counts[kind("ORDER")] == 6);
    CHECK_STR(mask("I ordered 2 pizzas", NULL), "I ordered 2 pizzas");
    CHECK_STR(mask("order number changed", NULL), "order number changed");
    CHECK_STR(mask("订单123", NULL), "订单123");
}

static void test_context_numbers(void) {
    uint32_t counts[8] = {0};
    CHECK_STR(mask("我的QQ:383161223 谢谢", counts), "我的QQ:<IM> 谢谢");
    CHECK_STR(mask("加微信号 wx_2023abc", counts), "加微信号 <IM>");
    CHECK(counts[kind("IM")] == 2);
    CHECK_STR(mask("qq群很好", NULL), "qq群很好");
    CHECK_STR(mask("手机:1-351-6556634-0344做了", counts), "手机:<PHONE>做了");
    CHECK_STR(mask("服务站电话66176001联系", counts), "服务站电话<PHONE>联系");
    CHECK(counts[kind("PHONE")] == 2);
    CHECK_STR(mask("phone 2 stars", NULL), "phone 2 stars");
}

/* A line break cut into a value becomes a space in display text. */
static void test_split_values(void) {
    CHECK_STR(mask("订单 号:0898485569156770", NULL), "订单 号:<ORDER>");
    CHECK_STR(mask("订单号:27 24771738333907", NULL), "订单号:<ORDER>");
    CHECK_STR(mask("身份证号3 10104196708280935", NULL), "身份证号<IDCARD>");
    CHECK_STR(mask("电话是1 3812345678", NULL), "电话是<PHONE>");
    CHECK_STR(mask("电话是1381234 5678", NULL), "电话是<PHONE>");
}

static void test_fast_path(void) {
    uint32_t counts[8] = {0};
    CHECK_STR(mask("味道不错，送餐很快", counts), "味道不错，送餐很快");
    CHECK_STR(mask("", counts), "");
    for (size_t i = 0; i < 8; i++) CHECK(counts[i] == 0);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void expect_load_error(const char *dir, const char *text, const char *want) {
    char path[512];
    snprintf(path, sizeof path, "%s/pii_bad.tsv", dir);
    write_file(path, text);
    vm_error err = {{0}};
    vm_pii_set *bad = vm_pii_load(path, &err);
    CHECK(bad == NULL);
    CHECK(strstr(err.msg, path) != NULL);
    CHECK(strstr(err.msg, want) != NULL);
    if (!strstr(err.msg, want)) fprintf(stderr, "    message: %s\n", err.msg);
    vm_pii_free(bad);
}

static void test_load_errors(const char *dir) {
    expect_load_error(dir, "# c\nkind\tvalidator\tpattern\nPHONE\tnone\t[0-9]{11}\nPHONE\tnone\t(1[3-9]\n",
                      "line 4: bad pattern: missing closing parenthesis at offset 7");
    expect_load_error(dir, "kind\tvalidator\tpattern\nX\tcrc\t[0-9]\n", "line 2: unknown validator \"crc\"");
    expect_load_error(dir, "kind\tvalidator\tpattern\nphone\tnone\t[0-9]\n", "line 2: kind \"phone\"");
    expect_load_error(dir, "kind\tvalidator\tpattern\nX\tnone\t[0-9]*\n", "line 2: pattern matches the empty string");
    expect_load_error(dir, "kind\tpattern\n", "line 1: expected the header");
    expect_load_error(dir, "kind\tvalidator\tpattern\nX\tnone\n", "line 2: expected kind<TAB>validator<TAB>pattern");
    /* A user line with its own kind works. */
    char path[512];
    snprintf(path, sizeof path, "%s/pii_user.tsv", dir);
    write_file(path, "kind\tvalidator\tpattern\r\nMEMBER\tnone\tVIP-[0-9]{6}\r\n");
    vm_error err;
    vm_pii_set *user = vm_pii_load(path, &err);
    CHECK(user != NULL);
    if (user) {
        vm_pii_scratch *s = vm_pii_scratch_new(user);
        vm_buf out = {0};
        uint32_t counts[1] = {0};
        vm_pii_mask(user, s, "card VIP-123456 ok", 18, &out, counts);
        CHECK_STR(out.data, "card <MEMBER> ok");
        CHECK(counts[0] == 1);
        vm_buf_free(&out);
        vm_pii_scratch_free(s);
        vm_pii_free(user);
    }
}

/* ---- the corpus check ---- */

typedef struct corpus {
    vm_strmap *ids;
    char **display;
    char **clean;   /* display text before masking */
    size_t n, cap;
} corpus;

static void strip_separators(const char *s, vm_buf *out) {
    vm_buf_reset(out);
    for (; *s; s++)
        if (*s != ' ' && *s != '-') vm_buf_putc(out, *s);
}

static const char *mask_name(const char *truth_kind) {
    if (strcmp(truth_kind, "phone") == 0) return "<PHONE>";
    if (strcmp(truth_kind, "email") == 0) return "<EMAIL>";
    if (strcmp(truth_kind, "idcard") == 0) return "<IDCARD>";
    if (strcmp(truth_kind, "order") == 0) return "<ORDER>";
    return NULL;
}

/* Every 7-character window of the value (separators dropped) must be gone
 * from the display text (separators dropped too): nothing leaks, not even
 * part of a number. Emails: the whole address and its local part. */
static int leaks(const char *display, const char *kindname, const char *value) {
    vm_buf d = {0}, v = {0};
    strip_separators(display, &d);
    strip_separators(value, &v);
    int leak = 0;
    if (strcmp(kindname, "email") == 0) {
        const char *at = strchr(value, '@');
        char local[80];
        snprintf(local, sizeof local, "%.*s@", (int)(at - value), value);
        leak = strstr(display, value) != NULL || strstr(display, local) != NULL;
    } else {
        for (size_t i = 0; i + 7 <= v.len && !leak; i++) {
            char w[8];
            memcpy(w, v.data + i, 7);
            w[7] = '\0';
            leak = strstr(d.data ? d.data : "", w) != NULL;
        }
    }
    vm_buf_free(&d);
    vm_buf_free(&v);
    return leak;
}

static int load_corpus(const char *path, corpus *c) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    vm_buf clean = {0};
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n') line[--n] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        size_t tlen = vm_tsv_unescape(tab + 1, strlen(tab + 1));
        vm_buf_reset(&clean);
        vm_clean_display(tab + 1, tlen, &clean, NULL);
        vm_buf masked = {0};
        vm_pii_mask(set, scratch, clean.data, clean.len, &masked, NULL);
        vm_strmap_intern(c->ids, line, (size_t)(tab - line), NULL);
        if (c->n == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 1024;
            c->display = realloc(c->display, c->cap * sizeof *c->display);
            c->clean = realloc(c->clean, c->cap * sizeof *c->clean);
        }
        c->clean[c->n] = strndup(clean.data, clean.len);
        c->display[c->n++] = vm_buf_detach(&masked);
    }
    free(line);
    vm_buf_free(&clean);
    fclose(f);
    return 0;
}

static void test_corpus(const char *dir) {
    const char *shared = getenv("VM_SHARED");
    char cmd[2048], tool[1024];
    if (!shared) {
        printf("corpus check skipped: VM_SHARED not set\n");
        return;
    }
    snprintf(tool, sizeof tool, "%s/tools/make_corpus.py", shared);
    if (access(tool, R_OK) != 0 || system("python3 -c 'import csv' 2>/dev/null") != 0) {
        printf("corpus check skipped: no make_corpus.py or python3\n");
        return;
    }
    snprintf(cmd, sizeof cmd,
             "python3 '%s' --rows 20000 --truth '%s/t.tsv' -o '%s/c.csv' && "
             "python3 -c 'import csv,sys\n"
             "w=open(sys.argv[2],\"w\",encoding=\"utf-8\",newline=\"\")\n"
             "for r in csv.DictReader(open(sys.argv[1],encoding=\"utf-8-sig\",newline=\"\")):\n"
             "  t=r[\"comment\"].replace(\"\\\\\",\"\\\\\\\\\").replace(\"\\t\",\"\\\\t\").replace(\"\\n\",\"\\\\n\").replace(\"\\r\",\"\\\\r\")\n"
             "  w.write(r[\"comment_id\"]+\"\\t\"+t+\"\\n\")' '%s/c.csv' '%s/comments.tsv'",
             tool, dir, dir, dir, dir);
    CHECK(system(cmd) == 0);
    corpus c = {vm_strmap_new(), NULL, NULL, 0, 0};
    char path[600];
    snprintf(path, sizeof path, "%s/comments.tsv", dir);
    CHECK(load_corpus(path, &c) == 0);
    CHECK(c.n == 20000);
    snprintf(path, sizeof path, "%s/t.tsv", dir);
    FILE *t = fopen(path, "r");
    CHECK(t != NULL);
    char id[64], kindname[32], value[256];
    int checked = 0, absent = 0, leaked = 0, untyped = 0;
    while (t && fscanf(t, "%63s\t%31s\t%255s", id, kindname, value) == 3) {
        const char *m = mask_name(kindname);
        if (!m) continue;
        long row = vm_strmap_find(c.ids, id, strlen(id));
        CHECK(row >= 0);
        if (row < 0) continue;
        checked++;
        if (leaks(c.display[row], kindname, value)) {
            leaked++;
            fprintf(stderr, "    leak %s %s: %s\n", kindname, value, c.display[row]);
        }
        if (!leaks(c.clean[row], kindname, value)) {   /* the generator emptied the comment */
            absent++;
        } else if (!strstr(c.display[row], m)) {
            untyped++;
            fprintf(stderr, "    no %s for %s: %s\n", m, value, c.display[row]);
        }
    }
    if (t) fclose(t);
    printf("corpus: %d PII values checked (%d absent: comment emptied), %d leaked, %d without their typed mask\n",
           checked, absent, leaked, untyped);
    CHECK(checked > 500);
    CHECK(leaked == 0);
    CHECK(untyped == 0);
    for (size_t i = 0; i < c.n; i++) {
        free(c.display[i]);
        free(c.clean[i]);
    }
    free(c.display);
    free(c.clean);
    vm_strmap_free(c.ids);
}

int main(void) {
    const char *src = getenv("VM_SRC") ? getenv("VM_SRC") : VM_SOURCE_DIR;
    char path[1024];
    snprintf(path, sizeof path, "%s/lexicons/pii.tsv", src);
    vm_error err;
    set = vm_pii_load(path, &err);
    if (!set) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    scratch = vm_pii_scratch_new(set);
    char dir[] = "/tmp/vm_test_pii.XXXXXX";
    if (!mkdtemp(dir)) return 1;
    test_kinds();
    test_phones();
    test_digit_runs();
    test_email_url();
    test_ids_cards();
    test_orders();
    test_context_numbers();
    test_split_values();
    test_fast_path();
    test_load_errors(dir);
    test_corpus(dir);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    vm_pii_scratch_free(scratch);
    vm_pii_free(set);
    return check_done();
}
