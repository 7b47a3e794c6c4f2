#!/usr/bin/env bash
# ingest_formats.sh - one generated export in CSV, TSV and JSONL, plain and
# gzip, must give identical records through the ingest reader; a GB18030
# copy must be refused without --encoding and match with it; stray invalid
# UTF-8 must not stop it; a truncated gzip must fail with a clear message.
set -euo pipefail

: "${VM_BIN:?VM_BIN must point at the build directory}"
SHARED="${VM_SHARED:-/work/shared}"
GEN="$SHARED/tools/make_corpus.py"
DUMP="$VM_BIN/tests/test_ingest_dump"
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
[ -f "$GEN" ] || { echo "skip: $GEN not found"; exit 77; }
[ -x "$DUMP" ] || { echo "missing $DUMP"; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
ROWS=3000
fail=0
check() {  # check NAME CONDITION...
    local name=$1; shift
    if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}

for noise in 1 2; do
    for fmt in csv tsv jsonl; do
        python3 "$GEN" --rows $ROWS --noise $noise --seed 7 --format $fmt -o "$TMP/n$noise.$fmt"
        python3 "$GEN" --rows $ROWS --noise $noise --seed 7 --format $fmt -o "$TMP/n$noise.$fmt.gz"
        "$DUMP" "$TMP/n$noise.$fmt" > "$TMP/n$noise.$fmt.out"
        "$DUMP" "$TMP/n$noise.$fmt.gz" > "$TMP/n$noise.$fmt.gz.out"
    done
    base="$TMP/n$noise.csv.out"
    check "noise $noise: $ROWS records and the column line" [ "$(wc -l < "$base")" -eq $((ROWS + 1)) ]
    check "noise $noise: no rejects" [ "$(grep -c $'\t!reject\t' "$base" || true)" -eq 0 ]
    check "noise $noise: six columns" grep -qx $'#columns\tcomment_id\tcreated_at\tchannel\tstore\trating\tcomment' "$base"
    for out in n$noise.csv.gz n$noise.tsv n$noise.tsv.gz n$noise.jsonl n$noise.jsonl.gz; do
        check "noise $noise: $out == csv" cmp -s "$base" "$TMP/$out.out"
    done
done

# Embedded line breaks really occur in the noisy corpus (so CSV quoting was exercised).
check "embedded line breaks present" grep -q '\\n' "$TMP/n2.csv.out"

# GB18030: refused without --encoding, identical with it.
iconv -f utf-8 -t gb18030 "$TMP/n1.csv" > "$TMP/gb.csv"
if "$DUMP" "$TMP/gb.csv" > /dev/null 2> "$TMP/gb.err"; then gb_rc=0; else gb_rc=$?; fi
check "gb18030 refused" [ "$gb_rc" -eq 1 ]
check "gb18030 message" grep -q 'gb.csv: input is not UTF-8 (it looks like GB18030/GBK); rerun with --encoding gb18030' "$TMP/gb.err"
"$DUMP" --encoding gb18030 "$TMP/gb.csv" > "$TMP/gb.out"
check "gb18030 with --encoding == utf-8" cmp -s "$TMP/n1.csv.out" "$TMP/gb.out"

# Stray invalid UTF-8 bytes: opens, every row comes back.
python3 "$GEN" --rows $ROWS --seed 7 --invalid-utf8 0.02 -o "$TMP/inv.csv"
"$DUMP" "$TMP/inv.csv" > "$TMP/inv.out"
check "invalid utf-8: all rows" [ "$(grep -c -v '^#' "$TMP/inv.out")" -eq $ROWS ]

# Truncated gzip: exit 1, message names the file and says it is truncated.
size=$(stat -c %s "$TMP/n1.csv.gz")
head -c $((size / 2)) "$TMP/n1.csv.gz" > "$TMP/cut.csv.gz"
if "$DUMP" "$TMP/cut.csv.gz" > /dev/null 2> "$TMP/cut.err"; then cut_rc=0; else cut_rc=$?; fi
check "truncated gzip fails" [ "$cut_rc" -eq 1 ]
check "truncated gzip message" grep -q 'cut.csv.gz: truncated gzip stream' "$TMP/cut.err"

[ $fail -eq 0 ] && echo "ingest_formats: all checks passed"
exit $fail
