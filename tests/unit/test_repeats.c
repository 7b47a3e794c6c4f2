/*
 * test_repeats.c - the memo of analysed comments: a key is the text, the
 * language tag and the emphasis field, all compared exactly; a newer
 * value replaces an older one; long texts are not kept; concurrent use
 * from several threads returns only values stored for the same key.
 */
#include "check.h"

#include "extract/repeats.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static vm_repeat_key key(const char *text, const char *lang, const char *emphasis) {
    vm_repeat_key k = {text, lang, emphasis, strlen(text), strlen(lang), strlen(emphasis)};
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

/* Many keys, more than the memo holds: every hit must be the key's own value. */
static void *hammer(void *arg) {
    vm_repeats *r = arg;
    char text[32], value[32];
    long wrong = 0;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 3 * (int)VM_REPEATS_SLOTS; i++) {
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
    test_threads();
    return check_done();
}
