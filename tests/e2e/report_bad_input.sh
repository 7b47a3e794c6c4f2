#!/bin/bash
# report_bad_input.sh - the report stage on damaged inputs: bad rows and
# values are reported (file, row, reason), counted in the manifest and
# skipped while the run goes on; a missing column or file fails with a
# clear message (exit 1); bad options are usage errors (exit 2).
source "$(dirname "$0")/report_lib.bash"

RUN="$WORK/run"
python3 "$FIXTURE" "$RUN" --lexicons "$WORK/lex" --days 2 --per-day 100
python3 - "$RUN" <<'PY'
import gzip, sys
run = sys.argv[1]
def edit(name, fn):
    p = f"{run}/{name}"
    lines = gzip.open(p, "rt", encoding="utf-8").read().splitlines()
    lines = fn(lines)
    open(p, "wb").write(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
def features(lines):
    h = lines[0].split("\t")
    row = lines[5].split("\t")
    row[h.index("score")] = "abc"
    lines[5] = "\t".join(row)
    row = lines[6].split("\t")
    row[h.index("severity")] = "apocalyptic"
    lines[6] = "\t".join(row)
    lines.insert(8, "too\tfew\tfields")
    return lines
edit("features.tsv.gz", features)
edit("assignments.tsv.gz", lambda l: l + ["C999999\tT99\t0.5"])
PY
vocmine-report --out "$RUN" --lexicons "$WORK/lex" 2>"$WORK/err" || fail "report failed on bad rows: $(cat "$WORK/err")"
grep -q "features.tsv.gz: line 9: 3 fields" "$WORK/err" || fail "bad row not reported: $(cat "$WORK/err")"
grep -q "features.tsv.gz: row 6: score is not a number" "$WORK/err" || fail "bad score not reported"
grep -q "row 7: unknown severity" "$WORK/err" || fail "bad severity not reported"
grep -q "topic T99 is not in topics.tsv" "$WORK/err" || fail "unknown topic not reported"
# Warnings come in input order, whatever the thread count.
grep -o "row 6: score\|row 7: unknown\|line 9: 3 fields" "$WORK/err" | tr '\n' ' ' >"$WORK/order"
[ "$(cat "$WORK/order")" = "row 6: score row 7: unknown line 9: 3 fields " ] || fail "warning order: $(cat "$WORK/order")"
vocmine-report --out "$RUN" --lexicons "$WORK/lex" --threads 1 2>"$WORK/err1" || fail "report --threads 1 failed"
vocmine-report --out "$RUN" --lexicons "$WORK/lex" --threads 2 2>"$WORK/err2" || fail "report --threads 2 failed"
cmp -s "$WORK/err1" "$WORK/err2" || fail "warnings differ between 1 and 2 threads: $(diff "$WORK/err1" "$WORK/err2")"
python3 - "$RUN/manifest.report.json" <<'PY' || fail "manifest counts"
import json, sys
c = json.load(open(sys.argv[1]))["counts"]
want = {"bad_feature_rows": 1, "bad_values": 2, "unknown_topics": 1, "unmatched_assignments": 1, "rows": 200}
for k, v in want.items():
    if c[k] != v: sys.exit("%s = %s, want %s" % (k, c[k], v))
PY
ok "bad rows and values reported, counted and skipped"

zcat "$RUN/features.tsv.gz" | cut -f1-9,11- | gzip >"$WORK/f.gz" && mv "$WORK/f.gz" "$RUN/features.tsv.gz"
set +e
vocmine-report --out "$RUN" 2>"$WORK/err"
rc=$?
vocmine-report --out "$WORK/nothing" 2>"$WORK/err2"
rc2=$?
vocmine-report 2>/dev/null
rc3=$?
vocmine-report --out "$RUN" --run-id 'a b' 2>/dev/null
rc4=$?
vocmine-report --out "$RUN" --top 0 2>/dev/null
rc5=$?
set -e
[ "$rc" = 1 ] && grep -q "features.tsv.gz: missing column 'score'" "$WORK/err" || fail "missing column: rc $rc $(cat "$WORK/err")"
[ "$rc2" = 1 ] && grep -q "topics.tsv.gz" "$WORK/err2" || fail "missing inputs: rc $rc2 $(cat "$WORK/err2")"
[ "$rc3" = 2 ] && [ "$rc4" = 2 ] && [ "$rc5" = 2 ] || fail "usage errors gave $rc3 $rc4 $rc5"
ok "missing column, missing files and bad options"
