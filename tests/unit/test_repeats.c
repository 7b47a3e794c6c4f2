/*
 * test_repeats.c - the memo of per-comment results: a key is a text and
 * up to two qualifiers (here a language tag and an emphasis field), all
 * compared exactly, and parts do not run into each other; a newer
 * value replaces an older one; long texts are not kept; a recently used
 * key outlives newer ones; the entries stay within the byte budget; a
 * memo that keeps missing uses only a sample of the keys, and all of
 * them again once they hit; concurrent use from several threads returns
 * only values stored for the same key.
 */
#include "check.h"

#include "common/repeats.h"
#include "common/mem.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vm_repeat_key key(const char *text, const char *lang, const char *emphasis) {
    vm_repeat_key k = {{text, lang, emphasis}, {strlen(text), strlen(lang), strlen(emphasis)}, 0};
    return k;
}

/* The value stored for k as a string, or "(none)". */
static const char *get(vm_repeats *r, vm_repeat_key k) {
    static char out[256];
    vm_buf b = {0};
    if (vm_repeats_get(r, &k, &b)) snprintf(out, sizeof out, "%.*s", (int)b.len, b.data);
    else snprintf(out, sizeof out, "(none)");
    vm_buf_free(&b);
    return out;
}

static void put(vm_repeats *r, vm_repeat_key k, const char *value) { vm_repeats_put(r, &k, value, strlen(value)); }

static void test_keys(void) {
    vm_repeats *r = vm_repeats_new();
    CHECK_STR(get(r, key("好评", "zh-Hans", "0")), "(none)");
    put(r, key("好评", "zh-Hans", "0"), "positive");
    CHECK_STR(get(r, key("好评", "zh-Hans", "0")), "positive");
    CHECK_STR(get(r, key("好评", "zh-Hant", "0")), "(none)");
    CHECK_STR(get(r, key("好评", "zh-Hans", "1")), "(none)");
    CHECK_STR(get(r, key("好评!", "zh-Hans", "0")), "(none)");
    put(r, key("好评", "zh-Hans", "0"), "a much longer value than before");
    CHECK_STR(get(r, key("好评", "zh-Hans", "0")), "a much longer value than before");
    put(r, key("", "", ""), "empty");
    CHECK_STR(get(r, key("", "", "")), "empty");
    put(r, key("ab", "c", ""), "ab|c");
    CHECK_STR(get(r, key("a", "bc", "")), "(none)");
    CHECK_STR(get(r, key("ab", "", "c")), "(none)");
    vm_repeat_key text_only = {{"好评"}, {strlen("好评")}, 0};
    CHECK_STR(get(r, text_only), "(none)");
    put(r, text_only, "text only");
    CHECK_STR(get(r, text_only), "text only");
    /* A get stores the key's hash in it; the put that follows uses it,
     * and the value is found again under a fresh copy of the key. */
    vm_repeat_key once = key("一次", "zh-Hans", "0");
    vm_buf miss = {0};
    CHECK(!vm_repeats_get(r, &once, &miss));
    CHECK(once.hash != 0);
    vm_repeats_put(r, &once, "hashed once", strlen("hashed once"));
    CHECK_STR(get(r, key("一次", "zh-Hans", "0")), "hashed once");
    vm_buf_free(&miss);
    CHECK_STR(get(r, key("好评", "zh-Hans", "0")), "a much longer value than before");

    char qualifier[VM_REPEAT_QUALIFIER_MAX + 2];
    memset(qualifier, 'q', sizeof qualifier - 1);
    qualifier[sizeof qualifier - 1] = '\0';
    CHECK(!vm_repeats_eligible(&(vm_repeat_key){{"x", qualifier}, {1, strlen(qualifier)}, 0}));
    qualifier[VM_REPEAT_QUALIFIER_MAX] = '\0';
    CHECK(vm_repeats_eligible(&(vm_repeat_key){{"x", qualifier}, {1, strlen(qualifier)}, 0}));

    char long_text[VM_REPEATS_MAX_TEXT + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    vm_repeat_key k = key(long_text, "en", "0");
    CHECK(!vm_repeats_eligible(&k));
    put(r, k, "kept?");
    CHECK_STR(get(r, k), "(none)");
    long_text[VM_REPEATS_MAX_TEXT] = '\0';
    k = key(long_text, "en", "0");
    CHECK(vm_repeats_eligible(&k));
    vm_repeats_free(r);
}

/* A key used between every two insertions is never the least recently
 * used of its set, so it survives any number of other keys. */
static void test_recently_used_stays(void) {
    vm_repeats *r = vm_repeats_new();
    put(r, key("好评", "zh-Hans", "0"), "kept");
    char text[32];
    int lost = 0;
    for (int i = 0; i < 4 * (int)(VM_REPEATS_SETS * VM_REPEATS_WAYS); i++) {
        snprintf(text, sizeof text, "other %d", i);
        put(r, key(text, "en", "0"), "x");
        lost += strcmp(get(r, key("好评", "zh-Hans", "0")), "kept") != 0;
    }
    CHECK(lost == 0);
    vm_repeats_free(r);
}

/* Entries never hold more than the budget: of values adding up to twice
 * the budget, the later ones are not kept; hits are always right. */
static void test_budget(void) {
    vm_repeats *r = vm_repeats_new();
    size_t big = VM_REPEATS_BUDGET / 16, kept = 0, wrong = 0;
    char *value = vm_xmalloc(big);
    char text[32];
    for (int i = 0; i < 32; i++) {
        memset(value, 'a' + i % 26, big);
        snprintf(text, sizeof text, "big %d", i);
        vm_repeat_key k = key(text, "en", "0");
        vm_repeats_put(r, &k, value, big);
    }
    for (int i = 0; i < 32; i++) {
        snprintf(text, sizeof text, "big %d", i);
        vm_repeat_key k = key(text, "en", "0");
        vm_buf b = {0};
        if (vm_repeats_get(r, &k, &b)) {
            kept++;
            wrong += b.len != big || b.data[0] != 'a' + i % 26 || b.data[big - 1] != 'a' + i % 26;
        }
        vm_buf_free(&b);
    }
    CHECK(kept >= 1 && kept <= 16);
    CHECK(wrong == 0);
    free(value);
    vm_repeats_free(r);
}

/* Puts then gets n fresh keys named prefix; returns how many were served. */
static int served(vm_repeats *r, const char *prefix, int n) {
    char text[48];
    int got = 0;
    for (int i = 0; i < n; i++) {
        snprintf(text, sizeof text, "%s %d", prefix, i);
        put(r, key(text, "en", "0"), text);
        got += strcmp(get(r, key(text, "en", "0")), text) == 0;
    }
    return got;
}

/* Unique keys switch the memo to sampling, where about one key in 16 is
 * kept; keys that come back switch it back to keeping every key. */
static void test_sampling(void) {
    vm_repeats *r = vm_repeats_new();
    CHECK(!vm_repeats_sampling(r));
    CHECK(served(r, "before", 1000) == 1000);
    char text[48];
    int i;
    for (i = 0; i < 100000 && !vm_repeats_sampling(r); i++) {
        snprintf(text, sizeof text, "unique %d", i);
        get(r, key(text, "en", "0"));
        put(r, key(text, "en", "0"), "x");
    }
    CHECK(vm_repeats_sampling(r));
    int got = served(r, "sampled", 4000);
    CHECK(got > 4000 / 32 && got < 4000 / 8);
    for (i = 0; i < 100000 && vm_repeats_sampling(r); i++) {
        snprintf(text, sizeof text, "again %d", i % 100);
        if (strcmp(get(r, key(text, "en", "0")), "(none)") == 0) put(r, key(text, "en", "0"), text);
    }
    CHECK(!vm_repeats_sampling(r));
    CHECK(served(r, "after", 1000) == 1000);
    vm_repeats_free(r);
}

/* Many keys, more than the memo holds: every hit must be the key's own value. */
static void *hammer(void *arg) {
    vm_repeats *r = arg;
    char text[32], value[32];
    long wrong = 0;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 3 * (int)(VM_REPEATS_SETS * VM_REPEATS_WAYS); i++) {
            snprintf(text, sizeof text, "text %d", i);
            snprintf(value, sizeof value, "value %d", i);
            vm_repeat_key k = key(text, "en", "0");
            vm_buf b = {0};
            if (vm_repeats_get(r, &k, &b)) wrong += b.len != strlen(value) || memcmp(b.data, value, b.len) != 0;
            else vm_repeats_put(r, &k, value, strlen(value));
            vm_buf_free(&b);
        }
    return (void *)wrong;
}

static void test_threads(void) {
    vm_repeats *r = vm_repeats_new();
    pthread_t t[4];
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, hammer, r) == 0);
    for (int i = 0; i < 4; i++) {
        void *wrong;
        pthread_join(t[i], &wrong);
        CHECK(wrong == NULL);
    }
    vm_repeats_free(r);
}

int main(void) {
    test_keys();
    test_recently_used_stays();
    test_budget();
    test_sampling();
    test_threads();
    return check_done();
}
