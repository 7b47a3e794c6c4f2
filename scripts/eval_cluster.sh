#!/usr/bin/env bash
# eval_cluster.sh - quality and speed of the cluster stage, as numbers.
#
#  1. Topics vs product category: the negative reviews (label 0) of
#     $VM_SHARED/data/zh/online_shopping_9_cats.csv go through the real
#     pipeline (vocmine-normalize, vocmine-extract, vocmine-cluster --all:
#     every negative review is clustered even if extract calls it
#     neutral); NMI and ARI of vocmine's topics against `cat` are printed
#     next to a plain TF-IDF (jieba words) + k-means (k = 9) baseline;
#     vocmine runs with seeds 1, 2 and 3 and the mean is printed too.
#  2. Incident: a generated week (make_corpus.py --rows 20000 --days 7
#     --incident 2) through the pipeline, clustered once for the whole
#     week and night by night (each day with the previous day's model);
#     prints the share of the incident's clustered complaints that land
#     in their most common topic (seeds 1, 2, 3).
#  3. Speed: 1M synthetic complaints (resampled from the shopping run's
#     features) clustered with --threads 1 and 2: seconds, CPU seconds and
#     peak RSS (/usr/bin/time -v).
#
# Needs Debian's python3 with python3-sklearn and python3-jieba.
#
# usage: scripts/eval_cluster.sh [--bin BUILD_DIR] [--lexicons DIR] [--keep DIR] [--rows N] [--no-speed]
#   --bin DIR    where the vocmine programs are (default: $VM_BIN or ./build)
#   --lexicons DIR  lexicon directory for every stage (default: the shipped one)
#   --keep DIR   keep the run directories in DIR (default: a temp dir, removed)
#   --rows N     complaints of the speed test (default 1000000)
#   --no-speed   skip the speed test
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${VM_BIN:-$ROOT/build}
SHARED=${VM_SHARED:-$ROOT/../shared}
PY=${PYTHON:-/usr/bin/python3}
KEEP="" ROWS=1000000 SPEED=1 LEX=() SEEDS="1 2 3"
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) BIN=$2; shift 2 ;;
    --lexicons) LEX=(--lexicons "$2"); shift 2 ;;
    --keep) KEEP=$2; shift 2 ;;
    --rows) ROWS=$2; shift 2 ;;
    --no-speed) SPEED=0; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "eval_cluster.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
for p in vocmine-normalize vocmine-extract vocmine-cluster; do
  [ -x "$BIN/$p" ] || { echo "eval_cluster.sh: $BIN/$p not built" >&2; exit 1; }
done
"$PY" -c 'import sklearn, jieba' 2>/dev/null ||
  { echo "eval_cluster.sh: $PY lacks sklearn or jieba (apt-get install python3-sklearn python3-jieba)" >&2; exit 1; }
if [ -n "$KEEP" ]; then WORK=$KEEP; mkdir -p "$WORK"; else WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT; fi
HELP="$PY $ROOT/scripts/eval_cluster.py"

pipeline() {  # pipeline DIR INPUT [normalize options...]
  local dir=$1 input=$2
  shift 2
  "$BIN/vocmine-normalize" --input "$input" --out "$dir" --quiet "${LEX[@]}" "$@"
  "$BIN/vocmine-extract" --out "$dir" --quiet "${LEX[@]}"
}

echo "== 1. topics vs product category (online_shopping_9_cats, negative reviews)"
$HELP negatives "$SHARED/data/zh/online_shopping_9_cats.csv" "$WORK/neg.csv"
pipeline "$WORK/shop" "$WORK/neg.csv" --id id --text review
for seed in $SEEDS; do
  "$BIN/vocmine-cluster" --out "$WORK/shop" --all --quiet --seed "$seed" "${LEX[@]}"
  echo -n "seed $seed  "
  $HELP score "$WORK/shop" "$WORK/neg.csv"
done | tee "$WORK/shop.scores"
awk '{ n++; nmi += $7; ari += $9 } END { printf "mean of %d seeds                     NMI %.4f  ARI %.4f\n", n, nmi / n, ari / n }' \
  "$WORK/shop.scores"
$HELP baseline "$WORK/neg.csv"

echo "== 2. incident on a generated week"
python3 "$SHARED/tools/make_corpus.py" --rows 20000 --days 7 --incident 2 --truth "$WORK/truth.tsv" \
  -o "$WORK/week.csv"
pipeline "$WORK/week" "$WORK/week.csv"
days=$($HELP split-days "$WORK/week" "$WORK/nights")
for seed in $SEEDS; do
  "$BIN/vocmine-cluster" --out "$WORK/week" --quiet --seed "$seed" "${LEX[@]}"
  echo -n "seed $seed one run for the week:   "
  $HELP incident "$WORK/week" "$WORK/truth.tsv"
  model=()
  for n in $(seq 1 "$days"); do
    "$BIN/vocmine-cluster" --out "$WORK/nights/day$n" --quiet --seed "$seed" "${LEX[@]}" "${model[@]}"
    model=(--model "$WORK/nights/day$n/topic_model.tsv.gz")
  done
  echo -n "seed $seed nightly, last 2 of $days days: "
  $HELP incident "$WORK/nights/day$((days - 1))" "$WORK/nights/day$days" "$WORK/truth.tsv"
done | tee "$WORK/incident.scores"
awk '{ for (i = 1; i < NF; i++) if ($i == "share") v = $(i + 1)
       if (/one run/) { a += v; na++ } else { b += v; nb++ } }
     END { printf "mean share: one run %.3f, nightly %.3f\n", a / na, b / nb }' "$WORK/incident.scores"

if [ "$SPEED" = 1 ]; then
  echo "== 3. speed: $ROWS synthetic complaints"
  mkdir -p "$WORK/speed"
  $HELP synth "$WORK/shop/features.tsv.gz" "$ROWS" "$WORK/speed/features.tsv.gz"
  for t in 1 2; do
    /usr/bin/time -v "$BIN/vocmine-cluster" --out "$WORK/speed" --threads "$t" --quiet "${LEX[@]}" 2>"$WORK/speed/time.$t"
    awk -v t="$t" -v rows="$ROWS" -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
      /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident/ { rss = $2 }
      END { printf "threads %d: %d complaints in %.1f s wall (%.1f s CPU), peak RSS %.0f MB\n", t, rows, wall, user + sys, rss / 1024 }
    ' "$WORK/speed/time.$t"
  done
fi
