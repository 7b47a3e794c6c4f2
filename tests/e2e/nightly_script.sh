#!/bin/bash
# nightly_script.sh - scripts/nightly.sh mechanics with stand-in stage
# programs (the real report stage, fixture data from a fake extract):
# a silent successful run into a dated directory and the database, the
# lock against overlapping runs (exit 75), a failing stage (exit 1 with one
# line naming it), a missing input, and retention of old dated outputs.
source "$(dirname "$0")/report_lib.bash"

NIGHTLY="$VM_SRC/scripts/nightly.sh"
FAKE="$WORK/bin"
mkdir -p "$FAKE"
cat >"$FAKE/vocmine-normalize" <<'SH'
#!/bin/bash
exit 0
SH
cat >"$FAKE/vocmine-extract" <<SH
#!/bin/bash
# writes fixture features/assignments/topics into --out
while [ \$# -gt 0 ]; do [ "\$1" = --out ] && out=\$2; shift; done
python3 "$FIXTURE" "\$out" --days 2 --per-day 50
SH
cat >"$FAKE/vocmine-cluster" <<'SH'
#!/bin/bash
[ -n "${FAKE_CLUSTER_FAIL:-}" ] && { echo "cluster: boom" >&2; exit 3; }
exit 0
SH
ln -s "$VM_BIN/vocmine-report" "$FAKE/vocmine-report"
chmod +x "$FAKE"/vocmine-*
printf 'comment_id,comment\n1,x\n' >"$WORK/export.csv"

BASE="$WORK/out"
mkdir -p "$BASE/2000-01-01" "$BASE/keepme" "$BASE/logs"
touch "$BASE/logs/2000-01-01.log"
today=$(date +%F)

"$NIGHTLY" --input "$WORK/export.csv" --base "$BASE" --db "$WORK/db" --bin "$FAKE" --keep 30 \
    >"$WORK/stdout" 2>"$WORK/stderr" || fail "nightly failed: $(cat "$WORK/stderr")"
[ ! -s "$WORK/stdout" ] && [ ! -s "$WORK/stderr" ] || fail "a successful run printed something"
[ -s "$BASE/$today/report.html" ] || fail "no report in the dated directory $BASE/$today"
grep -q "ok: run $today" "$BASE/logs/$today.log" || fail "log lacks the ok line"
vocmine-query --db "$WORK/db" runs | grep -q "^$today " || fail "run $today not in the database"
[ ! -e "$BASE/2000-01-01" ] && [ ! -e "$BASE/logs/2000-01-01.log" ] || fail "retention kept old outputs"
[ -d "$BASE/keepme" ] || fail "retention removed a directory it does not own"
ok "successful run, dated output, database, retention"

flock "$BASE/.nightly.lock" sleep 3 &
holder=$!
sleep 0.5
set +e
"$NIGHTLY" --input "$WORK/export.csv" --base "$BASE" --db "$WORK/db" --bin "$FAKE" 2>"$WORK/stderr"
rc=$?
set -e
wait "$holder" || fail "lock holder failed"
[ "$rc" = 75 ] || fail "overlapping run exited $rc, want 75"
[ "$(wc -l <"$WORK/stderr")" = 1 ] && grep -q "another run holds" "$WORK/stderr" || fail "lock message: $(cat "$WORK/stderr")"
ok "overlapping run refused"

set +e
FAKE_CLUSTER_FAIL=1 "$NIGHTLY" --input "$WORK/export.csv" --base "$BASE" --db "$WORK/db" --bin "$FAKE" \
    --run-id 2026-01-02 2>"$WORK/stderr"
rc=$?
set -e
[ "$rc" = 1 ] || fail "failing stage gave exit $rc"
[ "$(wc -l <"$WORK/stderr")" = 1 ] || fail "failure is not one line: $(cat "$WORK/stderr")"
grep -q "FAILED: cluster exited with status 3" "$WORK/stderr" || fail "failure line: $(cat "$WORK/stderr")"
grep -q "cluster: boom" "$BASE/logs/2026-01-02.log" || fail "stage output not in the log"
ok "failing stage reported in one line"

set +e
"$NIGHTLY" --input "$WORK/nope.csv" --base "$BASE" --db "$WORK/db" --bin "$FAKE" 2>"$WORK/stderr"
rc=$?
"$NIGHTLY" --base "$BASE" --db "$WORK/db" 2>/dev/null
rc2=$?
set -e
[ "$rc" = 1 ] && grep -q "nope.csv is missing" "$WORK/stderr" || fail "missing input: rc $rc $(cat "$WORK/stderr")"
[ "$rc2" = 2 ] || fail "usage error gave $rc2"
ok "missing input and usage errors"
