#!/bin/bash
# report_atomic.sh - a report killed with SIGKILL at each stage of its
# commit protocol (test hook VOCMINE_TEST_PAUSE, see report/testhook.h)
# leaves the database and the final output names as they were; rerunning
# a run id replaces it whole; a second writer waits for the first.
source "$(dirname "$0")/report_lib.bash"

A="$WORK/a"
DB="$WORK/db"
LEX="$WORK/lex"
python3 "$FIXTURE" "$A" --lexicons "$LEX" --seed 1 --per-day 150
vocmine-report --out "$A" --db "$DB" --run-id R1 --lexicons "$LEX" --quiet
db_before=$(db_dump "$DB" | sha256sum)
files_before=$(output_hashes "$A")
manifest_before=$(sha256sum "$A/manifest.json")

# New inputs in the same directory: a finished run would change everything.
python3 "$FIXTURE" "$A" --seed 2 --per-day 150

for point in files lmdb; do
    kill_at "$point" --out "$A" --db "$DB" --run-id R1 --lexicons "$LEX" --quiet
    [ "$(db_dump "$DB" | sha256sum)" = "$db_before" ] || fail "database changed by a report killed at '$point'"
    [ "$(output_hashes "$A")" = "$files_before" ] || fail "outputs changed by a report killed at '$point'"
    [ "$(sha256sum "$A/manifest.json")" = "$manifest_before" ] || fail "manifest changed (killed at '$point')"
    mdb_stat -a "$DB" >/dev/null || fail "database unreadable after a kill at '$point'"
    ok "killed at '$point': database and outputs unchanged"
done

# Killed inside the transaction after the map had to grow several times.
VOCMINE_TEST_MAPSIZE=65536 kill_at lmdb --out "$A" --db "$DB" --run-id R2 --lexicons "$LEX" --quiet
[ "$(db_dump "$DB" | sha256sum)" = "$db_before" ] || fail "database changed by a kill after map growth"
ok "killed after map growth: database unchanged"

ls -a "$A" | grep -q '\.tmp\.' || fail "expected the killed runs' temporary files to be left"

# Killed after the commit, before the renames: the database has the new
# run, the files are old; a rerun of the same id repairs the directory.
kill_at rename --out "$A" --db "$DB" --run-id R1 --lexicons "$LEX" --quiet
[ "$(db_dump "$DB" | sha256sum)" != "$db_before" ] || fail "commit before rename did not reach the database"
[ "$(output_hashes "$A")" = "$files_before" ] || fail "outputs renamed before the kill point"
vocmine-report --out "$A" --db "$DB" --run-id R1 --lexicons "$LEX" --quiet
ls -a "$A" | grep -q '\.tmp\.' && fail "stale temporary files of killed runs not removed"
top_db=$(vocmine-query --db "$DB" --format csv top R1 | sed -n 2p | cut -d, -f1-4)
top_file=$(zcat "$A/topn.csv.gz" | sed -n 2p | cut -d, -f1-4)
[ "$top_db" = "$top_file" ] || fail "rerun left database ($top_db) and files ($top_file) out of step"
ok "kill after commit repaired by a rerun"

# Rerunning a run id replaces it: drop topics T4 and T5, rerun R1.
python3 - "$A/assignments.tsv.gz" <<'PY'
import gzip, sys
lines = gzip.open(sys.argv[1], "rt", encoding="utf-8").read().splitlines(True)
keep = [l for l in lines if l.split("\t")[1] not in ("T4", "T5")]
open(sys.argv[1], "wb").write(gzip.compress("".join(keep).encode(), mtime=0))
PY
vocmine-report --out "$A" --db "$DB" --run-id R1 --lexicons "$LEX" --quiet
n=$(vocmine-query --db "$DB" --format json top R1 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = 3 ] || fail "rerun of R1 has $n TOP rows, expected 3"
vocmine-query --db "$DB" topic T4 | grep -q R1 && fail "topic T4 history still lists the replaced run R1"
PY3=$(lmdb_python) || fail "python3-lmdb missing"
"$PY3" - "$DB" <<'PY' || fail "stale keys of R1"
import lmdb, sys
env = lmdb.open(sys.argv[1], readonly=True, max_dbs=16)
with env.begin() as txn:
    for name, want in ((b"topics", 3), (b"topn", 3)):
        db = env.open_db(name, txn=txn, create=False)
        n = sum(1 for k, _ in txn.cursor(db=db) if k.startswith(b"R1\0"))
        if n != want: sys.exit("%s has %d keys of R1, want %d" % (name.decode(), n, want))
PY
ok "rerunning a run id replaces it"

# A second writer waits for the first one's transaction.
B="$WORK/b"
python3 "$FIXTURE" "$B" --seed 3 --per-day 100
VOCMINE_TEST_PAUSE=lmdb:3 vocmine-report --out "$A" --db "$DB" --run-id R3 --lexicons "$LEX" 2>"$WORK/first.log" &
first=$!
for i in $(seq 1 100); do grep -q "pause at lmdb" "$WORK/first.log" && break; sleep 0.1; done
vocmine-report --out "$B" --db "$DB" --run-id R4 --lexicons "$LEX" --quiet &
second=$!
sleep 1.5
kill -0 "$first" 2>/dev/null || fail "first writer finished too early for the test"
kill -0 "$second" 2>/dev/null || fail "second writer did not wait for the first"
vocmine-query --db "$DB" runs >/dev/null || fail "a reader blocked while a writer holds the lock"
wait "$first" || fail "first writer failed"
wait "$second" || fail "second writer failed"
runs=$(vocmine-query --db "$DB" --format csv runs | cut -d, -f1 | tail -n +2 | tr '\n' ' ')
[ "$runs" = "R1 R3 R4 " ] || fail "runs after concurrent writers: $runs"
ok "second writer waited; reader did not block"
