#!/bin/sh
# bench_text.sh - speed of clean / pii / fold / simhash on the shared review
# sets, PII false positives (the sets hold no personal data), and the cost
# of OpenCC per comment versus the per-character t2s table.
#   scripts/bench_text.sh [BUILD_DIR]      (default: build)
# Needs python3 (to extract the CSV sets) and a built libvocmine.a.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build}
SHARED=${VM_SHARED:-$SRC/../shared}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 - "$SHARED/data" "$TMP" <<'PY'
import csv, os, sys
data, out = sys.argv[1], sys.argv[2]
esc = lambda s: s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
def write(name, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(esc(r) + "\n")
def col(path, c):
    with open(path, encoding="utf-8", newline="") as f:
        return [r[c] for r in csv.DictReader(f)]
write("zh.txt", col(f"{data}/zh/waimai_10k.csv", "review") + col(f"{data}/zh/online_shopping_9_cats.csv", "review"))
write("zht.txt", col(f"{data}/zh/traditional_pool.csv", "review"))
en = []
for n in ("yelp", "amazon_cells", "imdb"):
    with open(f"{data}/en/{n}_labelled.txt", encoding="utf-8") as f:
        en += [l.rstrip("\n").rsplit("\t", 1)[0] for l in f if "\t" in l]
write("en.txt", en * 20)   # 3,000 sentences are too few to time
PY
# Link with the libraries CMakeLists.txt asks pkg-config for.
PKGS=$(sed -n 's/.*pkg_check_modules([A-Z0-9_]* REQUIRED IMPORTED_TARGET \([^)]*\)).*/\1/p' "$SRC/CMakeLists.txt")
cc -O2 -I"$SRC/pipeline" -o "$TMP/bench_text" "$SRC/scripts/bench_text.c" "$BUILD/libvocmine.a" \
    $(pkg-config --libs $PKGS) -lpthread -lm
"$TMP/bench_text" "$SRC/lexicons/pii.tsv" zh="$TMP/zh.txt" zh-Hant="$TMP/zht.txt" en="$TMP/en.txt"
