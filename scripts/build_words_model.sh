#!/usr/bin/env bash
# build_words_model.sh - rebuilds models/words.tsv, vocmine's learned
# Chinese vocabulary, from the review corpora in $VM_SHARED/data/zh.
#
#   scripts/build_words_model.sh [extra `words learn` options]
#
# The review text columns of waimai_10k.csv and online_shopping_9_cats.csv
# are extracted with Python's csv module (one review per line, whitespace
# collapsed) into a temporary directory, and `vocmine words learn` derives
# the vocabulary (statistics only; no review text is stored). The
# traditional_pool.csv reviews are the same reviews in traditional script,
# so they are left out. Environment: VM_SHARED (default ../shared next to
# the source tree), VM_BIN (build directory, default build/).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
shared=${VM_SHARED:-$src/../shared}
bin=${VM_BIN:-$src/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$shared/data/zh" "$tmp" <<'PY'
import csv, os, sys
src, dst = sys.argv[1], sys.argv[2]
for name in ("waimai_10k.csv", "online_shopping_9_cats.csv"):
    with open(os.path.join(src, name), encoding="utf-8", newline="") as f, \
         open(os.path.join(dst, name[:-4] + ".txt"), "w", encoding="utf-8") as out:
        for row in csv.DictReader(f):
            out.write(" ".join((row["review"] or "").split()) + "\n")
PY

"$bin/vocmine-words" learn --input "$tmp/waimai_10k.txt" "$tmp/online_shopping_9_cats.txt" \
    --out "$src/models/words.tsv" "$@"
echo "wrote $src/models/words.tsv ($(grep -vc '^#' "$src/models/words.tsv") words)"
