#!/usr/bin/env bash
# seg_pku.sh - `vocmine-segment` on the PKU test set: the output keeps every
# input byte (only spaces are added, CRs stay), and word-level F1 stays
# above floors a little under the measured values (0.858 with jieba's
# dictionary + model, 0.661 with the model only; see scripts/eval_seg.sh).
# Skips (77) without the shared data.
set -euo pipefail
shared=${VM_SHARED:-/work/shared}
test_text="$shared/data/seg/pku_test.utf8"
gold="$shared/data/seg/pku_test_gold.utf8"
[[ -r $test_text && -r $gold ]] || { echo "no PKU data in $shared: skipped"; exit 77; }
seg="$VM_BIN/vocmine-segment"
score="$VM_SRC/scripts/seg_score.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$seg" --no-dict < "$test_text" > "$tmp/nodict.txt"
python3 - "$test_text" "$tmp/nodict.txt" <<'PY'
import sys
src = open(sys.argv[1], "rb").read().split(b"\n")
out = open(sys.argv[2], "rb").read().split(b"\n")
assert len(src) == len(out), (len(src), len(out))
for no, (a, b) in enumerate(zip(src, out), 1):
    assert a.replace(b" ", b"") == b.replace(b" ", b""), f"line {no}: text changed"
    assert a.endswith(b"\r") == b.endswith(b"\r"), f"line {no}: CR moved"
PY
f1=$(python3 "$score" "$tmp/nodict.txt" "$gold" --min-f1 0.64)
echo "model only: $f1"

if [[ -r /usr/lib/python3/dist-packages/jieba/dict.txt ]]; then
    VOCMINE_DICT=/usr/lib/python3/dist-packages/jieba/dict.txt "$seg" < "$test_text" > "$tmp/dict.txt"
    f1=$(python3 "$score" "$tmp/dict.txt" "$gold" --min-f1 0.85)
    echo "jieba's dictionary + model: $f1"
else
    echo "jieba's dictionary is not installed: dictionary F1 not checked"
fi
