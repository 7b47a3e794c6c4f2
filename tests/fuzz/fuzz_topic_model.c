/*
 * fuzz_topic_model.c - the topic model parser on arbitrary bytes (plain
 * or gzip). It must never crash, leak or read out of bounds; and whatever
 * it accepts must write canonically: write -> parse -> write gives the
 * same bytes, and the written form always parses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/model.h"
#include "common/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    vm_error err;
    vm_topic_model *m = vm_topic_model_parse(data, size, "fuzz", &err);
    if (!m) return 0;
    vm_buf first = {0}, second = {0};
    vm_topic_model_write(m, &first);
    vm_topic_model *again = vm_topic_model_parse(first.data, first.len, "rewritten", &err);
    if (!again) abort();
    vm_topic_model_write(again, &second);
    if (first.len != second.len || memcmp(first.data, second.data, first.len) != 0) abort();
    vm_topic_model_free(again);
    vm_topic_model_free(m);
    vm_buf_free(&first);
    vm_buf_free(&second);
    return 0;
}
