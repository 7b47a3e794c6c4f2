/*
 * test_langid.c - language tags: the rules on small cases, and with
 * $VM_SHARED (and python3) the accuracy on the shared labelled sets:
 * traditional_pool.csv `review` must be zh-Hant and `review_simplified`
 * zh-Hans, waimai / online_shopping zh-Hans, the English sets en.
 * Prints the accuracy per set (scripts/eval_lang.sh runs this); with
 * VM_LANG_ERRORS=N it also prints up to N misses per set. Texts are
 * tagged as the normalize stage tags them: cleaned, personal data and
 * URLs masked. The floors
 * checked are regression guards a little under the measured accuracy.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/tsv.h"
#include "normalize/clean.h"
#include "normalize/fold.h"
#include "normalize/langid.h"
#include "normalize/pii.h"

static vm_folder *f;
static vm_pii_set *pii;
static vm_pii_scratch *pii_scratch;

static const char *lang(const char *s) { return vm_lang_detect(f, s, strlen(s)); }

static void test_rules(void) {
    CHECK_STR(lang("很好吃，送得很快"), "zh-Hans");
    CHECK_STR(lang("這個很好，質量不錯"), "zh-Hant");
    CHECK_STR(lang("很好"), "zh-Hans");                 /* shared characters only */
    CHECK_STR(lang("The food was great."), "en");
    CHECK_STR(lang("Très bon café"), "en");             /* Latin script */
    CHECK_STR(lang("とても美味しいです"), "ja");
    CHECK_STR(lang("ありがとう"), "ja");
    CHECK_STR(lang("我の天"), "zh-Hans");                /* one kana in Chinese */
    CHECK_STR(lang("정말 맛있어요"), "ko");
    CHECK_STR(lang("😀😀 123 !!!"), "und");
    CHECK_STR(lang(""), "und");
    CHECK_STR(lang("<PHONE> <URL>"), "und");             /* masks are not words */
    CHECK_STR(lang("我的电话是<PHONE>"), "zh-Hans");
    CHECK_STR(lang("买了iPhone很好用"), "zh-Hans");
    CHECK_STR(lang("买的iPhone 12 Pro Max，屏幕很好，电池也耐用，物流快"), "zh-Hans");
    CHECK_STR(lang("这家店的菜很好吃，服务也很周到 The food was great and the service was excellent"), "mixed");
    CHECK_STR(lang("Great food, 好吃"), "en");
    CHECK_STR(lang("Привет"), "und");                   /* no tagged script */
    CHECK_STR(lang("漫步者（EDIFIER） R10U 2.0聲道"), "zh-Hant");
    CHECK_STR(lang("很好，很划算 反應很快"), "zh-Hant");   /* a tie goes to zh-Hant */
}

/* As the normalize stage does: tag the display text (cleaned, personal
 * data and URLs masked). */
static const char *detect(const char *raw, size_t len) {
    static vm_buf clean, display;
    vm_buf_reset(&clean);
    vm_buf_reset(&display);
    vm_clean_display(raw, len, &clean, NULL);
    vm_pii_mask(pii, pii_scratch, clean.data, clean.len, &display, NULL);
    return vm_lang_detect(f, display.data, display.len);
}

typedef struct tally {
    long n, ok;
} tally;

static void eval_file(const char *path, const char *want, const char *name, int show) {
    FILE *in = fopen(path, "r");
    CHECK(in != NULL);
    if (!in) return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    tally t = {0, 0};
    while ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n') n--;
        size_t len = vm_tsv_unescape(line, (size_t)n);
        const char *got = detect(line, len);
        t.n++;
        if (strcmp(got, want) == 0) t.ok++;
        else if (show-- > 0) printf("    %s: %s: %.*s\n", name, got, (int)len, line);
    }
    free(line);
    fclose(in);
    double acc = t.n ? 100.0 * (double)t.ok / (double)t.n : 0;
    printf("%-28s %6ld rows  %-7s %7.2f%%\n", name, t.n, want, acc);
}

static double accuracy_of(const char *path, const char *want) {
    FILE *in = fopen(path, "r");
    if (!in) return 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long all = 0, ok = 0;
    while ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n') n--;
        size_t len = vm_tsv_unescape(line, (size_t)n);
        all++;
        ok += strcmp(detect(line, len), want) == 0;
    }
    free(line);
    fclose(in);
    return all ? 100.0 * (double)ok / (double)all : 0;
}

static void test_shared_sets(const char *dir) {
    const char *shared = getenv("VM_SHARED");
    if (!shared || system("python3 -c 'import csv' 2>/dev/null") != 0) {
        printf("accuracy on the shared sets skipped: no VM_SHARED or python3\n");
        return;
    }
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import csv,sys\n"
             "d,o=sys.argv[1],sys.argv[2]\n"
             "e=lambda s:s.replace(\"\\\\\",\"\\\\\\\\\").replace(\"\\t\",\"\\\\t\").replace(\"\\n\",\"\\\\n\").replace(\"\\r\",\"\\\\r\")\n"
             "def w(n,rows):\n"
             "  open(o+\"/\"+n,\"w\",encoding=\"utf-8\").write(\"\".join(e(r)+\"\\n\" for r in rows))\n"
             "rd=lambda p:list(csv.DictReader(open(d+p,encoding=\"utf-8\",newline=\"\")))\n"
             "t=rd(\"/zh/traditional_pool.csv\")\n"
             "w(\"trad\",[r[\"review\"] for r in t])\n"
             "w(\"trad_distinct\",[r[\"review\"] for r in t if r[\"review\"]!=r[\"review_simplified\"]])\n"
             "w(\"simp\",[r[\"review_simplified\"] for r in t])\n"
             "w(\"waimai\",[r[\"review\"] for r in rd(\"/zh/waimai_10k.csv\")])\n"
             "w(\"shopping\",[r[\"review\"] for r in rd(\"/zh/online_shopping_9_cats.csv\")])\n"
             "for n in (\"yelp\",\"amazon_cells\",\"imdb\"):\n"
             "  w(n,[l.rstrip(\"\\n\").rsplit(\"\\t\",1)[0] for l in open(d+\"/en/\"+n+\"_labelled.txt\",encoding=\"utf-8\") if \"\\t\" in l])\n"
             "' '%s/data' '%s'",
             shared, dir);
    CHECK(system(cmd) == 0);
    int show = getenv("VM_LANG_ERRORS") ? atoi(getenv("VM_LANG_ERRORS")) : 0;
    static const struct {
        const char *file, *want, *name;
        double floor;
    } SETS[] = {
        {"trad", "zh-Hant", "traditional_pool review", 97.0},
        {"trad_distinct", "zh-Hant", "  (rows with a trad. form)", 99.5},
        {"simp", "zh-Hans", "traditional_pool simplified", 99.5},
        {"waimai", "zh-Hans", "waimai_10k", 99.5},
        {"shopping", "zh-Hans", "online_shopping_9_cats", 99.5},
        {"yelp", "en", "yelp", 99.5},
        {"amazon_cells", "en", "amazon_cells", 99.5},
        {"imdb", "en", "imdb", 99.5},
    };
    for (size_t i = 0; i < sizeof SETS / sizeof SETS[0]; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, SETS[i].file);
        eval_file(path, SETS[i].want, SETS[i].name, show);
        CHECK(accuracy_of(path, SETS[i].want) >= SETS[i].floor);
    }
}

int main(void) {
    vm_error err;
    f = vm_folder_new(&err);
    if (!f) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    const char *src = getenv("VM_SRC") ? getenv("VM_SRC") : VM_SOURCE_DIR;
    char path[1024];
    snprintf(path, sizeof path, "%s/lexicons/pii.tsv", src);
    pii = vm_pii_load(path, &err);
    if (!pii) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    pii_scratch = vm_pii_scratch_new(pii);
    test_rules();
    char dir[] = "/tmp/vm_test_langid.XXXXXX";
    if (!mkdtemp(dir)) return 1;
    test_shared_sets(dir);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    vm_pii_scratch_free(pii_scratch);
    vm_pii_free(pii);
    vm_folder_free(f);
    return check_done();
}
