/*
 * test_simhash.c - SimHash features and the near-duplicate rule: small
 * cases, then (with $VM_SHARED and python3) a make_corpus.py export with
 * near-duplicate spam (a review repeated with "", " ", "!", "。" or "！！"
 * added) run through clean -> pii -> fold -> simhash: every spam row with
 * enough features must be near its original, and few pairs of different
 * reviews may be (printed with examples: they are mostly one review in
 * simplified and traditional script, which fold to the same match text;
 * the bound is a regression guard).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/strmap.h"
#include "common/tsv.h"
#include "normalize/clean.h"
#include "normalize/fold.h"
#include "normalize/pii.h"
#include "normalize/simhash.h"

static uint64_t hash(const char *s, int *n) { return vm_simhash(s, strlen(s), n); }

static void test_basics(void) {
    int n1, n2;
    CHECK(vm_hamming64(0, 0) == 0);
    CHECK(vm_hamming64(0, ~0ULL) == 64);
    CHECK(vm_hamming64(0x5, 0x3) == 2);
    CHECK(hash("", &n1) == 0 && n1 == 0);
    CHECK(hash(" !!! 。。 ", &n1) == 0 && n1 == 0);
    hash("好吃", &n1);
    CHECK(n1 == 1);                                     /* too short: one feature */
    hash("这个很好吃", &n1);
    CHECK(n1 == 3);                                     /* CJK 3-grams */
    hash("the food was great", &n1);
    CHECK(n1 == 3);                                     /* word pairs */
    CHECK(hash("送餐很快，味道很好", &n1) == hash("送餐很快 味道很好!", &n2) && n1 == n2);
    CHECK(hash("great food", NULL) != hash("food great", NULL));
    CHECK(hash("great food", NULL) == hash("great food", NULL));
    uint64_t a = hash("送餐很快，味道很好，包装也不错，下次还会再来点这家", &n1);
    uint64_t b = hash("送餐很快!!味道很好 包装也不错~下次还会再来点这家😀", &n2);
    CHECK(vm_simhash_near(a, n1, b, n2));                /* punctuation, spacing, emoji */
    uint64_t c = hash("等了两个小时才送到，饭菜都凉了，客服也不理人", &n2);
    CHECK(!vm_simhash_near(a, n1, c, n2));
    CHECK(!vm_simhash_near(a, 3, a, 3));                 /* too few features */
}

typedef struct row {
    char *raw;
    size_t base;   /* length without a spam suffix */
    uint64_t hash;
    int nfeatures;
} row;

static const char *const SPAM_SUFFIXES[] = {" ", "!", "。", "！！"};

static void test_corpus(const char *dir, const vm_folder *f, const vm_pii_set *ps) {
    const char *shared = getenv("VM_SHARED");
    if (!shared || system("python3 -c 'import csv' 2>/dev/null") != 0) {
        printf("corpus check skipped: no VM_SHARED or python3\n");
        return;
    }
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "python3 '%s/tools/make_corpus.py' --rows 20000 --noise 0 --dup 0.05 -o '%s/c.csv' && "
             "python3 -c 'import csv,sys\n"
             "w=open(sys.argv[2],\"w\",encoding=\"utf-8\")\n"
             "for r in csv.DictReader(open(sys.argv[1],encoding=\"utf-8-sig\",newline=\"\")):\n"
             "  t=r[\"comment\"].replace(\"\\\\\",\"\\\\\\\\\").replace(\"\\t\",\"\\\\t\").replace(\"\\n\",\"\\\\n\").replace(\"\\r\",\"\\\\r\")\n"
             "  w.write(t+\"\\n\")' '%s/c.csv' '%s/comments.txt'",
             shared, dir, dir, dir);
    CHECK(system(cmd) == 0);
    char path[600];
    snprintf(path, sizeof path, "%s/comments.txt", dir);
    FILE *in = fopen(path, "r");
    CHECK(in != NULL);
    if (!in) return;
    vm_pii_scratch *sc = vm_pii_scratch_new(ps);
    vm_strmap *seen = vm_strmap_new();          /* distinct raw texts */
    size_t *first = NULL;                       /* text id -> its first row */
    row *rows = NULL;
    size_t nrows = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t n;
    vm_buf clean = {0}, display = {0}, match = {0};
    long spam = 0, caught = 0, short_spam = 0;
    while ((n = getline(&line, &lcap, in)) > 0) {
        if (line[n - 1] == '\n') n--;
        size_t len = vm_tsv_unescape(line, (size_t)n);
        vm_buf_reset(&clean);
        vm_buf_reset(&display);
        vm_buf_reset(&match);
        vm_clean_display(line, len, &clean, NULL);
        vm_pii_mask(ps, sc, clean.data, clean.len, &display, NULL);
        vm_fold_match(f, display.data, display.len, &match, NULL);
        if (nrows == cap) rows = realloc(rows, (cap = cap ? 2 * cap : 1024) * sizeof *rows);
        row *r = &rows[nrows];
        r->raw = strndup(line, len);
        r->base = len;
        r->hash = vm_simhash(match.data, match.len, &r->nfeatures);
        /* Spam: an earlier text plus one of the suffixes. */
        for (size_t k = 0; k < sizeof SPAM_SUFFIXES / sizeof SPAM_SUFFIXES[0]; k++) {
            size_t sl = strlen(SPAM_SUFFIXES[k]);
            if (len <= sl || memcmp(line + len - sl, SPAM_SUFFIXES[k], sl) != 0) continue;
            long orig = vm_strmap_find(seen, line, len - sl);
            if (orig < 0) continue;
            r->base = len - sl;
            row *o = &rows[first[orig]];
            if (r->nfeatures < VM_SIMHASH_MIN_FEATURES) {
                short_spam++;
                break;
            }
            spam++;
            if (vm_simhash_near(o->hash, o->nfeatures, r->hash, r->nfeatures)) caught++;
            else fprintf(stderr, "    missed: %s\n", r->raw);
            break;
        }
        int added;
        long id = vm_strmap_intern(seen, line, len, &added);
        if (added) {
            first = realloc(first, ((size_t)id + 1) * sizeof *first);
            first[id] = nrows;
        }
        nrows++;
    }
    free(line);
    fclose(in);
    /* Different texts that the rule calls near (first 6,000 rows). */
    long pairs = 0, near = 0;
    size_t limit = nrows < 6000 ? nrows : 6000;
    int shown = 0;
    for (size_t i = 0; i < limit; i++) {
        if (rows[i].nfeatures < VM_SIMHASH_MIN_FEATURES) continue;
        for (size_t j = i + 1; j < limit; j++) {
            if (rows[j].nfeatures < VM_SIMHASH_MIN_FEATURES) continue;
            size_t m = rows[i].base < rows[j].base ? rows[i].base : rows[j].base;
            if (strncmp(rows[i].raw, rows[j].raw, m) == 0) continue;   /* the same review (+ suffix) */
            pairs++;
            if (vm_simhash_near(rows[i].hash, rows[i].nfeatures, rows[j].hash, rows[j].nfeatures)) {
                near++;
                if (shown++ < 5) fprintf(stderr, "    near but different:\n      %s\n      %s\n", rows[i].raw, rows[j].raw);
            }
        }
    }
    printf("spam rows: %ld with >= %d features, %ld caught; %ld shorter (left to exact dedup)\n", spam,
           VM_SIMHASH_MIN_FEATURES, caught, short_spam);
    printf("different reviews: %ld pairs, %ld within distance %d (%.5f%%)\n", pairs, near, VM_SIMHASH_MAX_DIST,
           100.0 * (double)near / (double)(pairs ? pairs : 1));
    CHECK(spam > 200);
    CHECK(caught == spam);
    CHECK(near * 100000 <= pairs);   /* at most 0.001% of pairs */
    for (size_t i = 0; i < nrows; i++) free(rows[i].raw);
    free(rows);
    free(first);
    vm_strmap_free(seen);
    vm_buf_free(&clean);
    vm_buf_free(&display);
    vm_buf_free(&match);
    vm_pii_scratch_free(sc);
}

int main(void) {
    test_basics();
    vm_error err;
    vm_folder *f = vm_folder_new(&err);
    const char *src = getenv("VM_SRC") ? getenv("VM_SRC") : VM_SOURCE_DIR;
    char path[1024];
    snprintf(path, sizeof path, "%s/lexicons/pii.tsv", src);
    vm_pii_set *ps = f ? vm_pii_load(path, &err) : NULL;
    if (!ps) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    char dir[] = "/tmp/vm_test_simhash.XXXXXX";
    if (!mkdtemp(dir)) return 1;
    test_corpus(dir, f, ps);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    vm_pii_free(ps);
    vm_folder_free(f);
    return check_done();
}
