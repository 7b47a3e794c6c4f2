#!/bin/bash
# report_determinism.sh - the same inputs give byte-identical outputs and
# database contents (manifests and their timestamps excepted), in another
# directory and database, with 1 or 2 threads, and when rerun in place.
source "$(dirname "$0")/report_lib.bash"

A="$WORK/a"
B="$WORK/b"
python3 "$FIXTURE" "$A" --lexicons "$WORK/lex" --incident 2 --hostile --per-day 1000
cp -r "$A" "$B"
vocmine-report --out "$A" --db "$WORK/dba" --lexicons "$WORK/lex" --threads 1 --quiet
vocmine-report --out "$B" --db "$WORK/dbb" --lexicons "$WORK/lex" --threads 2 --quiet
[ "$(output_hashes "$A")" = "$(output_hashes "$B")" ] || fail "outputs differ between two runs (1 and 2 threads)"
for f in comments.csv.gz topn.csv.gz topics.json.gz alerts.csv.gz report.md.gz report.html; do
    cmp -s "$A/$f" "$B/$f" || fail "$f differs"
done
ok "output files identical"

for db in meta topn topics topic_history groups alerts model model_runs; do
    [ "$(mdb_dump -s "$db" "$WORK/dba" | sha256sum)" = "$(mdb_dump -s "$db" "$WORK/dbb" | sha256sum)" ] ||
        fail "database '$db' differs"
done
PY=$(lmdb_python) || fail "python3-lmdb missing"
"$PY" - "$WORK/dba" "$WORK/dbb" <<'PY' || fail "runs values differ beyond the manifest"
import json, lmdb, sys
def runs(path):
    env = lmdb.open(path, readonly=True, max_dbs=16)
    with env.begin() as txn:
        db = env.open_db(b"runs", txn=txn, create=False)
        out = {}
        for k, v in txn.cursor(db=db):
            d = json.loads(v)
            d.pop("manifest")
            out[k] = d
        return out
a, b = runs(sys.argv[1]), runs(sys.argv[2])
if a != b or not a: sys.exit("%r != %r" % (a, b))
PY
ok "database contents identical"

before=$(output_hashes "$A")
vocmine-report --out "$A" --db "$WORK/dba" --lexicons "$WORK/lex" --quiet
[ "$(output_hashes "$A")" = "$before" ] || fail "rerun in place changed the outputs"
ok "rerun in place identical"
