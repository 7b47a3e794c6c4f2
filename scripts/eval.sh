#!/usr/bin/env bash
# eval.sh - sentiment accuracy and speed of the real pipeline on the
# labelled sets of $VM_SHARED/data.
#
# For each set: convert it to a CSV with id,text,label columns (python3),
# run `vocmine-normalize --input X --out D --id id --text text` and
# `vocmine-extract --out D`, then join features.tsv.gz's polarity with the
# gold labels (gold 0 = negative; predicted negative -> 0, neutral or
# positive -> 1) and print accuracy and macro-F1. The traditional pool is
# run twice, on its traditional `review` and on its `review_simplified`
# column, and the share of comments whose polarity agrees is printed.
# Finally extract's own speed (manifest: MB/s of match text, rows/s,
# analyzer loading excluded) with 1 and 2 threads on the largest set:
# the median and the best of --runs runs each.
#
# Goals: accuracy >= 0.85 on each Chinese set, >= 0.80 on each English
# set, traditional/simplified agreement >= 0.99.
#
# usage: scripts/eval.sh [--bin BUILD_DIR] [--only NAME] [--keep DIR] [--runs N] [-- extract options]
#   --bin DIR   where vocmine-normalize and vocmine-extract are (default: $VM_BIN or ./build)
#   --only NAME run one set (waimai, shopping, yelp, amazon, imdb, traditional)
#   --keep DIR  keep the run directories in DIR (default: a temp dir, removed)
#   --runs N    speed runs per thread count (default 5)
#   options after -- go to vocmine-extract (e.g. --lexicons DIR)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${VM_BIN:-$ROOT/build}
SHARED=${VM_SHARED:-$ROOT/../shared}
ONLY=""
KEEP=""
RUNS=5
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "eval.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for p in vocmine-normalize vocmine-extract; do
  [ -x "$BIN/$p" ] || { echo "eval.sh: $BIN/$p not built" >&2; exit 1; }
done
DATA=$SHARED/data
[ -d "$DATA" ] || { echo "eval.sh: no data at $DATA" >&2; exit 1; }
if [ -n "$KEEP" ]; then WORK=$KEEP; mkdir -p "$WORK"; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi

# Convert every set to id,text,label CSV files (ids are "<set>-<row>").
python3 - "$DATA" "$WORK" <<'PY'
import csv, sys, os
data, work = sys.argv[1], sys.argv[2]
def write(name, rows):
    with open(os.path.join(work, name + ".csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "label"])
        for i, (text, label) in enumerate(rows, 1):
            w.writerow([f"{name}-{i}", text, label])
def read_csv(path, text_col):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [(r[text_col], r["label"]) for r in csv.DictReader(f)]
def read_uci(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if "\t" not in line:
                continue
            text, label = line.rsplit("\t", 1)
            rows.append((text.strip(), label.strip()))
    return rows
write("waimai", read_csv(f"{data}/zh/waimai_10k.csv", "review"))
write("shopping", read_csv(f"{data}/zh/online_shopping_9_cats.csv", "review"))
write("yelp", read_uci(f"{data}/en/yelp_labelled.txt"))
write("amazon", read_uci(f"{data}/en/amazon_cells_labelled.txt"))
write("imdb", read_uci(f"{data}/en/imdb_labelled.txt"))
write("traditional", read_csv(f"{data}/zh/traditional_pool.csv", "review"))
write("simplified", read_csv(f"{data}/zh/traditional_pool.csv", "review_simplified"))
PY

run_set() {  # run_set NAME [extract options...]
  local name=$1; shift
  rm -rf "$WORK/$name"
  "$BIN/vocmine-normalize" --input "$WORK/$name.csv" --out "$WORK/$name" --id id --text text \
    --max-reject-rate 1 --quiet
  "$BIN/vocmine-extract" --out "$WORK/$name" --quiet "$@" ${EXTRA[@]+"${EXTRA[@]}"}
}

SETS="waimai shopping yelp amazon imdb traditional"
[ -n "$ONLY" ] && SETS=$ONLY
for s in $SETS; do
  run_set "$s"
  [ "$s" = traditional ] && run_set simplified
done

python3 - "$WORK" $SETS <<'PY'
import csv, gzip, sys, os
work, sets = sys.argv[1], sys.argv[2:]
def gold(name):
    with open(os.path.join(work, name + ".csv"), newline="", encoding="utf-8") as f:
        return {r["id"]: (0 if r["label"].strip() == "0" else 1) for r in csv.DictReader(f)}
def predicted(name):
    with gzip.open(os.path.join(work, name, "features.tsv.gz"), "rt", encoding="utf-8", newline="\n") as f:
        header = f.readline().rstrip("\n").split("\t")
        i, p = header.index("id"), header.index("polarity")
        out = {}
        for line in f:
            cols = line.rstrip("\n").split("\t")
            out[cols[i]] = cols[p]
        return out
def scores(name):
    g, p = gold(name), predicted(name)
    tp = {0: 0, 1: 0}; fp = {0: 0, 1: 0}; fn = {0: 0, 1: 0}; ok = n = 0
    for k, y in g.items():
        if k not in p:
            continue
        yhat = 0 if p[k] == "negative" else 1
        n += 1; ok += yhat == y
        if yhat == y: tp[y] += 1
        else: fp[yhat] += 1; fn[y] += 1
    f1 = []
    for c in (0, 1):
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0
        f1.append(2 * prec * rec / (prec + rec) if prec + rec else 0)
    neutral = sum(1 for k in g if p.get(k) == "neutral")
    return n, len(g) - n, ok / n if n else 0, sum(f1) / 2, neutral
goal = {"waimai": .85, "shopping": .85, "traditional": .85, "simplified": .85, "yelp": .80, "amazon": .80, "imdb": .80}
print(f"{'set':<12} {'rows':>6} {'missing':>7} {'accuracy':>8} {'macro-F1':>8} {'neutral':>7}  goal")
names = [s for s in sets] + (["simplified"] if "traditional" in sets else [])
for s in names:
    n, missing, acc, f1, neutral = scores(s)
    print(f"{s:<12} {n:>6} {missing:>7} {acc:>8.4f} {f1:>8.4f} {neutral:>7}  {'ok' if acc >= goal[s] else 'BELOW'} {goal[s]:.2f}")
if "traditional" in sets:
    t, s = predicted("traditional"), predicted("simplified")
    tid = {k.split("-", 1)[1]: v for k, v in t.items()}
    sid = {k.split("-", 1)[1]: v for k, v in s.items()}
    both = [k for k in tid if k in sid]
    agree = sum(1 for k in both if tid[k] == sid[k])
    rate = agree / len(both) if both else 0
    print(f"traditional/simplified polarity agreement: {agree}/{len(both)} = {rate:.4f}  {'ok' if rate >= .99 else 'BELOW'} 0.99")
PY

# Speed: extract alone on the largest set present, 1 and 2 threads, RUNS
# times each (the machine's speed drifts: one run misleads), median and
# best of the stage's MB/s of match text.
SPEED=shopping
[ -n "$ONLY" ] && SPEED=$ONLY
[ "$SPEED" = traditional ] || [ -d "$WORK/$SPEED" ] || SPEED=$(echo $SETS | awk '{print $1}')
for t in 1 2; do
  secs=()
  for r in $(seq "$RUNS"); do
    "$BIN/vocmine-extract" --out "$WORK/$SPEED" --quiet --threads $t ${EXTRA[@]+"${EXTRA[@]}"}
    secs+=("$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["seconds"])' "$WORK/$SPEED/manifest.extract.json")")
  done
  python3 - "$WORK/$SPEED/manifest.extract.json" "$t" "$SPEED" "${secs[@]}" <<'PY'
import json, statistics, sys
m = json.load(open(sys.argv[1]))
secs = [float(x) for x in sys.argv[4:]]
mb = m["match_bytes"] / 1e6
med, best = statistics.median(secs), min(secs)
print(f"speed ({sys.argv[3]}, {m['rows_in']} rows, {mb:.1f} MB match text), threads {sys.argv[2]}: "
      f"{mb / med:.2f} MB/s median of {len(secs)} runs (best {mb / best:.2f}), "
      f"{m['rows_in'] / med:.0f} rows/s (stage {med:.3f} s, analyzer loading excluded)")
PY
done
