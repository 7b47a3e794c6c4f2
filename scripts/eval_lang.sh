#!/bin/sh
# eval_lang.sh - language-tag accuracy on the shared labelled sets.
#   scripts/eval_lang.sh [BUILD_DIR] [ERRORS]
# Runs tests/unit/test_langid with VM_SHARED set: it prints the accuracy
# per set (traditional_pool review -> zh-Hant, review_simplified ->
# zh-Hans, waimai / online_shopping -> zh-Hans, English sets -> en) and,
# with ERRORS > 0, up to that many misses per set.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
VM_SHARED=${VM_SHARED:-$SRC/../shared} VM_SRC=$SRC VM_LANG_ERRORS=${2:-0} "$BUILD/tests/test_langid"
