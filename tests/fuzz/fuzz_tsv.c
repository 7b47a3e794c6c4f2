/*
 * fuzz_tsv.c - libFuzzer target: the ingest reader on arbitrary bytes read
 * as TSV (see fuzz_reader.h for the option byte).
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return fuzz_reader(data, size, "tsv", "fuzz.tsv");
}
