/*
 * fuzz_normalize.c - libFuzzer target for the stage-1 text path: the
 * input bytes go through clean -> pii -> fold -> langid -> simhash exactly
 * as the normalize stage chains them, and the outputs' invariants are
 * checked (a violation aborts, which the fuzzer reports):
 *   display: valid UTF-8, no control character, no leading, trailing or
 *   double space; match: valid UTF-8, no double space; the language tag is
 *   one of the seven; the hash of no features is 0.
 * The folder and pattern set are built once, on the first input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/utf8.h"
#include "normalize/clean.h"
#include "normalize/fold.h"
#include "normalize/langid.h"
#include "normalize/pii.h"
#include "normalize/simhash.h"

static vm_folder *folder;
static vm_pii_set *pii;
static vm_pii_scratch *scratch;

static void setup(void) {
    vm_error err;
    char path[1024];
    const char *src = getenv("VM_SRC") ? getenv("VM_SRC") : VM_SOURCE_DIR;
    snprintf(path, sizeof path, "%s/lexicons/pii.tsv", src);
    folder = vm_folder_new(&err);
    pii = folder ? vm_pii_load(path, &err) : NULL;
    if (!pii) {
        fprintf(stderr, "fuzz_normalize: %s\n", err.msg);
        abort();
    }
    scratch = vm_pii_scratch_new(pii);
}

static void require(int ok, const char *what, const vm_buf *b) {
    if (ok) return;
    fprintf(stderr, "fuzz_normalize: %s: \"%s\"\n", what, b->data ? b->data : "");
    abort();
}

static int clean_spacing(const vm_buf *b) {
    if (b->len == 0) return 1;
    return b->data[0] != ' ' && b->data[b->len - 1] != ' ' && !strstr(b->data, "  ");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!folder) setup();
    vm_buf clean = {0}, display = {0}, match = {0};
    uint32_t counts[64] = {0};
    int emphasis = 0, nfeatures;
    vm_clean_display((const char *)data, size, &clean, NULL);
    require(vm_utf8_invalid_count(clean.data, clean.len) == 0, "display is not UTF-8", &clean);
    require(clean_spacing(&clean), "display spacing", &clean);
    for (size_t i = 0; i < clean.len; i++)
        require((unsigned char)clean.data[i] >= 0x20 && clean.data[i] != 0x7F, "control in display", &clean);
    vm_pii_mask(pii, scratch, clean.data ? clean.data : "", clean.len, &display, counts);
    vm_fold_match(folder, display.data ? display.data : "", display.len, &match, &emphasis);
    require(vm_utf8_invalid_count(match.data, match.len) == 0, "match is not UTF-8", &match);
    require(match.len == 0 || !strstr(match.data, "  "), "match spacing", &match);
    require(emphasis >= 0, "negative emphasis", &match);
    const char *lang = vm_lang_detect(folder, display.data ? display.data : "", display.len);
    static const char *const TAGS[] = {"zh-Hans", "zh-Hant", "en", "ja", "ko", "mixed", "und"};
    int known = 0;
    for (size_t i = 0; i < sizeof TAGS / sizeof TAGS[0]; i++) known |= strcmp(lang, TAGS[i]) == 0;
    require(known, "unknown language tag", &display);
    uint64_t h = vm_simhash(match.data ? match.data : "", match.len, &nfeatures);
    require(nfeatures > 0 || h == 0, "hash without features", &match);
    /* Folding the raw bytes directly must be safe too (segmenter-style use). */
    vm_buf_reset(&match);
    vm_fold_match(folder, (const char *)data, size, &match, NULL);
    require(vm_utf8_invalid_count(match.data, match.len) == 0, "raw fold is not UTF-8", &match);
    vm_buf_free(&clean);
    vm_buf_free(&display);
    vm_buf_free(&match);
    return 0;
}
