# normalize + extract on a small generated corpus: every features column
# is there and well-formed, rows match normalized.tsv.gz one to one in
# order, output bytes are identical for 1 and 2 threads and across runs,
# and the manifest part has the counts.
. "$(dirname "$0")/lib/common.sh"
need_shared
make_corpus --rows 3000 --seed 11 --noise 1 --dup 0.03 -o "$WORK/in.csv.gz"
vocmine-normalize --input "$WORK/in.csv.gz" --out "$WORK/run" --threads 2 --quiet
vocmine-extract --out "$WORK/run" --threads 1 --quiet
cp "$WORK/run/features.tsv.gz" "$WORK/f1.tsv.gz"
vocmine-extract --out "$WORK/run" --threads 2 --quiet
cmp "$WORK/f1.tsv.gz" "$WORK/run/features.tsv.gz" || fail "features.tsv.gz differs between 1 and 2 threads"
cp "$WORK/run/features.tsv.gz" "$WORK/f2.tsv.gz"
vocmine-extract --out "$WORK/run" --threads 2 --quiet
cmp "$WORK/f2.tsv.gz" "$WORK/run/features.tsv.gz" || fail "features.tsv.gz differs between two runs"

F=$WORK/run/features.tsv.gz
want="id time epoch group channel rating lang dup_of near_dup_of score polarity severity emphasis aspects keywords tokens display"
got=$(gzip -dc "$F" | sed -n 1p | tr '\t' ' ')
[ "$got" = "$want" ] || fail "features header is '$got'"

# One row per normalized row, same ids in the same order, copied columns equal.
for c in id time epoch group channel rating lang dup_of near_dup_of emphasis display; do
  col "$WORK/run/normalized.tsv.gz" $c > "$WORK/a"
  col "$F" $c > "$WORK/b"
  cmp -s "$WORK/a" "$WORK/b" || fail "column $c not copied row for row"
done
rows=$(col "$F" id | wc -l)
[ "$rows" -gt 2800 ] || fail "only $rows feature rows"

# Field formats.
gzip -dc "$F" | awk -F'\t' 'NR > 1 {
  if (NF != 17) { print "line " NR ": " NF " fields"; bad = 1 }
  if ($10 !~ /^-?[01]\.[0-9][0-9][0-9]$/ || $10 + 0 > 1 || $10 + 0 < -1) { print "line " NR ": score " $10; bad = 1 }
  if ($11 !~ /^(negative|neutral|positive)$/) { print "line " NR ": polarity " $11; bad = 1 }
  if ($12 !~ /^(none|minor|moderate|severe)$/) { print "line " NR ": severity " $12; bad = 1 }
  if ($14 != "" && $14 !~ /^([a-z][a-z0-9_]*:(negative|neutral|positive))(;[a-z][a-z0-9_]*:(negative|neutral|positive))*$/) { print "line " NR ": aspects " $14; bad = 1 }
  if (split($15, k, ";") > 8) { print "line " NR ": more than 8 keywords"; bad = 1 }
  if ($16 ~ /  / || $16 ~ /^ / || $16 ~ / $/) { print "line " NR ": tokens spacing"; bad = 1 }
  if (($11 == "negative") != ($10 + 0 <= -0.1)) { print "line " NR ": polarity " $11 " for score " $10; bad = 1 }
} END { exit bad }' || fail "malformed feature rows"

# The generated corpus has plenty of both opinions, aspects and cues.
neg=$(col "$F" polarity | grep -c '^negative$' || true)
pos=$(col "$F" polarity | grep -c '^positive$' || true)
asp=$(col "$F" aspects | grep -c . || true)
sev=$(col "$F" severity | grep -c -E '^(moderate|severe)$' || true)
[ "$neg" -gt 300 ] && [ "$pos" -gt 300 ] || fail "expected both polarities, got $neg negative / $pos positive"
[ "$asp" -gt 300 ] || fail "only $asp rows with aspects"
[ "$sev" -gt 30 ] || fail "only $sev moderate/severe rows"

# Manifest part and the merged manifest.
M=$WORK/run/manifest.extract.json
python3 - "$M" "$WORK/run/manifest.json" "$rows" <<'PY' || fail "manifest check failed"
import json, sys
m = json.load(open(sys.argv[1])); merged = json.load(open(sys.argv[2])); rows = int(sys.argv[3])
assert m["rows_in"] == rows and m["rows_out"] == rows, (m["rows_in"], rows)
assert sum(m["polarity"].values()) == rows and sum(m["severity"].values()) == rows
assert sum(m["lang"].values()) == rows
assert any(f["file"] == "sentiment.zh.tsv" and len(f["sha256"]) == 64 for f in m["lexicon_files"])
assert m["options"]["threads"] == 2
assert "extract" in merged["stages"] and "normalize" in merged["stages"]
PY
# A damaged stage file: the first record with the wrong field count is
# named (records are split on the workers, the error comes in input
# order), at any thread count, and no features file appears.
mkdir -p "$WORK/bad"
gzip -dc "$WORK/run/normalized.tsv.gz" | awk -F'\t' -v OFS='\t' 'NR == 1500 || NR == 2500 { NF = NF - 1 } { print }' |
  gzip > "$WORK/bad/normalized.tsv.gz"
for t in 1 2; do
  if vocmine-extract --out "$WORK/bad" --threads $t --quiet 2> "$WORK/bad/err"; then fail "extract accepted a short record"; fi
  grep -q 'normalized.tsv.gz: line 1500: 15 fields, header has 16' "$WORK/bad/err" ||
    fail "threads $t: wrong message: $(cat "$WORK/bad/err")"
  [ ! -e "$WORK/bad/features.tsv.gz" ] || fail "a features file was left after the error"
done

echo "ok: $rows rows, $neg negative, $pos positive, $asp with aspects, $sev moderate/severe; identical at 1/2 threads"
