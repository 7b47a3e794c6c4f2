#!/usr/bin/env bash
# eval_seg.sh - accuracy and speed of `vocmine segment` on the PKU test set
# (SIGHAN 2005) in $VM_SHARED/data/seg.
#
#   scripts/eval_seg.sh [--no-speed]
#
# Prints word-level P/R/F1 with the external general dictionary (jieba's,
# when installed) plus the learned model, and with --no-dict (learned
# model only), then segmentation speed in MB/s for one thread: CPU time
# of a run over the test text repeated 40 times minus that of an empty
# run (which loads the dictionaries), best of three. Environment:
# VM_BIN (build directory, default build/), VM_SHARED (default ../shared).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${VM_BIN:-$src/build}
shared=${VM_SHARED:-$src/../shared}
seg="$bin/vocmine-segment"
test_text="$shared/data/seg/pku_test.utf8"
gold="$shared/data/seg/pku_test_gold.utf8"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

jieba=/usr/lib/python3/dist-packages/jieba/dict.txt
if [[ -n "${VOCMINE_DICT-}" ]]; then dict_label="dictionary $VOCMINE_DICT + model"
elif [[ -z "${VOCMINE_DICT+set}" && -r $jieba ]]; then dict_label="jieba's dictionary + model"
else dict_label="no external dictionary installed, model only"; fi
"$seg" < "$test_text" > "$tmp/dict.txt"
score=$(python3 "$src/scripts/seg_score.py" "$tmp/dict.txt" "$gold")
echo "PKU F1, $dict_label: $score"
"$seg" --no-dict < "$test_text" > "$tmp/nodict.txt"
score=$(python3 "$src/scripts/seg_score.py" "$tmp/nodict.txt" "$gold")
echo "PKU F1, no external dictionary (model only): $score"

[[ "${1:-}" == "--no-speed" ]] && exit 0
for _ in $(seq 40); do cat "$test_text"; done > "$tmp/big.txt"
python3 - "$seg" "$tmp/big.txt" <<'PY'
import os, resource, subprocess, sys
seg, big = sys.argv[1], sys.argv[2]

def cpu(path):
    best = None
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(path, "rb") as f:
            subprocess.run([seg], stdin=f, stdout=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = t if best is None else min(best, t)
    return best

load = cpu(os.devnull)
total = cpu(big)
size = os.path.getsize(big)
print(f"speed: {size / 1e6 / (total - load):.1f} MB/s per thread "
      f"({size / 1e6:.1f} MB in {total - load:.2f} s CPU; dictionary load {load:.2f} s)")
PY
