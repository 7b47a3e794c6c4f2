#!/usr/bin/env bash
# Benchmarks: generates exports with ../shared/tools/make_corpus.py (cached
# in $BENCH_DIR) and prints, per stage and thread count, input MB/s,
# rows/s and peak RSS, next to the floor of just decompressing the input.
# Usage: scripts/bench.sh [ROWS…]   (default: 100000 1000000)
# Environment: BUILD (default ./build), BENCH_DIR (default /tmp/vocmine-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BENCH_DIR=${BENCH_DIR:-/tmp/vocmine-bench}
SHARED=${VM_SHARED:-../shared}
mkdir -p "$BENCH_DIR"
[ $# -gt 0 ] || set -- 100000 1000000
export PATH="$PWD/$BUILD:$PATH"

now() { date +%s.%N; }

# peak RSS (MB) and wall seconds of a command, via GNU time when present.
measure() {  # measure LOGFILE CMD…
  local log=$1; shift
  local t0 t1
  t0=$(now)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$log.rss" "$@" >/dev/null 2>"$log"
  else
    "$@" >/dev/null 2>"$log"; echo 0 > "$log.rss"
  fi
  t1=$(now)
  SECS=$(echo "$t1 - $t0" | bc -l)
  RSS_MB=$(( $(tail -1 "$log.rss") / 1024 ))
}

line() {  # line STAGE THREADS ROWS BYTES
  printf '%-22s threads=%s  %8.1f MB/s  %10.0f rows/s  %7.2f s  peak RSS %5d MB\n' \
    "$1" "$2" "$(echo "$4 / 1000000 / $SECS" | bc -l)" "$(echo "$3 / $SECS" | bc -l)" "$SECS" "$RSS_MB"
}

for rows in "$@"; do
  in="$BENCH_DIR/comments-$rows.csv.gz"
  if [ ! -f "$in" ]; then
    echo "generating $rows rows…" >&2
    python3 "$SHARED/tools/make_corpus.py" --rows "$rows" --seed 42 -o "$in"
  fi
  bytes=$(gzip -dc "$in" | wc -c)
  echo "== $rows rows: $(du -h "$in" | cut -f1) gzip, $((bytes / 1000000)) MB uncompressed"
  t0=$(now); gzip -dc "$in" | wc -l >/dev/null; t1=$(now)
  SECS=$(echo "$t1 - $t0" | bc -l); RSS_MB=0
  line "floor: gzip -dc | wc -l" 1 "$rows" "$bytes"
  for threads in 1 2; do
    out="$BENCH_DIR/run-$rows-$threads"
    measure "$out.log" vocmine normalize --input "$in" --out "$out" --threads "$threads" --max-reject-rate 1
    line normalize "$threads" "$rows" "$bytes"
    if [ -x "$BUILD/vocmine-extract" ]; then
      measure "$out.log" vocmine extract --out "$out" --threads "$threads"
      line extract "$threads" "$rows" "$bytes"
    fi
    if [ -x "$BUILD/vocmine-cluster" ]; then
      measure "$out.log" vocmine cluster --out "$out" --threads "$threads"
      line cluster "$threads" "$rows" "$bytes"
    fi
    if [ -x "$BUILD/vocmine-report" ]; then
      measure "$out.log" vocmine report --out "$out" --db "$out.lmdb" --run-id bench --threads "$threads"
      line report "$threads" "$rows" "$bytes"
      rm -rf "$out-run" "$out-run.lmdb"
      measure "$out.log" vocmine run --input "$in" --out "$out-run" --db "$out-run.lmdb" --run-id bench \
        --threads "$threads" --max-reject-rate 1
      line "run (end to end)" "$threads" "$rows" "$bytes"
    fi
  done
done
