# `vocmine rerun` with unchanged lexicons reproduces the original run: every
# output file byte for byte (files that print the run id compared with the
# variant's id put back), the same LMDB rows under the variant's id, and the
# variant stays beside the deployment's timeline (no topic history, not the
# current model, not in a later night's history, not "latest").
. "$(dirname "$0")/lib/common.sh"
PY=
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import lmdb' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "skip: no python3 with the lmdb module"; exit 77; }

IN="$VM_SRC/samples/comments.csv"
cp -r "$VM_SRC/lexicons" "$WORK/lex"   # a snapshot: the runs must see the same files
DB="$WORK/db"
R="$WORK/runs"
vocmine run --input "$IN" --out "$R/2026-11-06" --db "$DB" --run-id 2026-11-06 --lexicons "$WORK/lex" --quiet
vocmine run --input "$IN" --out "$R/2026-11-07" --db "$DB" --run-id 2026-11-07 --lexicons "$WORK/lex" --quiet
cp -r "$DB" "$WORK/control_db"         # the same database without the variant

out=$(vocmine rerun --from "$R/2026-11-07" --lexicons "$WORK/lex" --threads 1 --quiet)
IFS=$'\t' read -r orig vid vdir <<<"$out"
[ "$orig" = 2026-11-07 ] || fail "rerun printed '$out'"
[[ "$vid" =~ ^2026-11-07\+[0-9a-f]{8}$ ]] || fail "variant id '$vid' is not RUN+HASH"
[ "$vdir" = "$R/$vid" ] || fail "variant directory $vdir is not a sibling named after the variant"

# The cluster stage started from the model the original started from (night 1's).
cmp -s "$vdir/start_model.tsv.gz" "$R/2026-11-06/topic_model.tsv.gz" || fail "start model is not night 1's model"
[ "$(stat -c %i "$vdir/normalized.tsv.gz")" = "$(stat -c %i "$R/2026-11-07/normalized.tsv.gz")" ] ||
  fail "normalized.tsv.gz is not a hard link of the original's"

# Every file of the original, manifests aside, is reproduced.
n=0
for f in $(cd "$R/2026-11-07" && ls); do
  case "$f" in manifest*) continue ;; esac
  [ -e "$vdir/$f" ] || fail "$f missing from the variant"
  case "$f" in
    topics.json.gz|report.md.gz)
      cmp -s <(gzip -dc "$R/2026-11-07/$f") <(gzip -dc "$vdir/$f" | sed "s/$vid/$orig/g") || fail "$f differs" ;;
    report.html)
      cmp -s "$R/2026-11-07/$f" <(sed "s/$vid/$orig/g" "$vdir/$f") || fail "$f differs" ;;
    *) cmp -s "$R/2026-11-07/$f" "$vdir/$f" || fail "$f differs" ;;
  esac
  n=$((n + 1))
done
[ "$n" -ge 12 ] || fail "only $n files compared"
gzip -dc "$vdir/topics.json.gz" | grep -q "\"run_id\": \"$vid\"" || fail "the variant's topics.json does not name it"

# The manifest says what the directory is a variant of.
python3 - "$vdir/manifest.json" "$vid" <<'EOF' || fail "manifest"
import json, sys
m = json.load(open(sys.argv[1]))["stages"]
assert m["report"]["run_id"] == sys.argv[2] and m["report"]["variant_of"] == "2026-11-07", m["report"]
assert m["rerun"]["from_run_id"] == "2026-11-07" and m["rerun"]["variant_of"] == "2026-11-07", m["rerun"]
assert m["rerun"]["start_model"]["source"] == "db", m["rerun"]["start_model"]
assert "lexicons_loaded" in m["extract"] and m["normalize"]["counts"]["rows_kept"] == 401
EOF

# LMDB: the variant's rows equal the original's; the timeline ignores it.
"$PY" - "$DB" "$orig" "$vid" <<'EOF' || fail "LMDB rows"
import json, lmdb, sys
env = lmdb.open(sys.argv[1], readonly=True, lock=False, max_dbs=16)
orig, vid = sys.argv[2].encode(), sys.argv[3].encode()
def rows(txn, name, run):
    db = env.open_db(name.encode(), txn=txn, create=False)
    p = run + b"\0"
    return {k[len(p):]: v for k, v in txn.cursor(db=db) if k.startswith(p)}
with env.begin() as t:
    for name in ("topn", "topics", "groups", "alerts"):
        a, b = rows(t, name, orig), rows(t, name, vid)
        assert a and a == b, name
    runs = env.open_db(b"runs", txn=t, create=False)
    ra, rb = json.loads(t.get(orig, db=runs)), json.loads(t.get(vid, db=runs))
    assert rb.pop("variant_of") == "2026-11-07" and "variant_of" not in ra
    for r in (ra, rb):
        r.pop("run_id"), r.pop("manifest")
    assert ra == rb, (ra, rb)
    models = env.open_db(b"model_runs", txn=t, create=False)
    assert t.get(vid, db=models) == t.get(orig, db=models) is not None
    hist = env.open_db(b"topic_history", txn=t, create=False)
    assert not any(k.endswith(b"\0" + vid) for k, _ in t.cursor(db=hist)), "variant in topic history"
    assert any(k.endswith(b"\0" + orig) for k, _ in t.cursor(db=hist))
    meta = env.open_db(b"meta", txn=t, create=False)
    assert t.get(b"current_model_run", db=meta) == b'"2026-11-07"', t.get(b"current_model_run", db=meta)
EOF

# A later night is the same with or without the variant in the database.
vocmine run --input "$IN" --out "$R/2026-11-08" --db "$DB" --run-id 2026-11-08 --lexicons "$WORK/lex" --quiet
vocmine run --input "$IN" --out "$WORK/control/2026-11-08" --db "$WORK/control_db" --run-id 2026-11-08 \
  --lexicons "$WORK/lex" --quiet
for f in $(cd "$R/2026-11-08" && ls); do
  case "$f" in manifest*) continue ;; esac
  cmp -s "$R/2026-11-08/$f" "$WORK/control/2026-11-08/$f" || fail "night 3's $f depends on the variant"
done
[ "$(vocmine query --db "$DB" --format csv top latest)" = "$(vocmine query --db "$DB" --format csv top 2026-11-08)" ] ||
  fail "query latest is not the newest real run"
"$PY" -c '
import lmdb, sys
env = lmdb.open(sys.argv[1], readonly=True, lock=False, max_dbs=16)
with env.begin() as t:
    assert t.get(b"current_model_run", db=env.open_db(b"meta", txn=t, create=False)) == b"\"2026-11-08\""
' "$DB" || fail "night 3 did not become the current model"
vocmine query --db "$DB" runs | grep -q "^$vid .* 2026-11-07\$" || fail "query runs does not name the variant's base"

# The same lexicons give the same variant again; --replace is needed to overwrite the original.
[ "$(vocmine rerun --from "$R/2026-11-07" --lexicons "$WORK/lex" --quiet)" = "$out" ] || fail "a second rerun differs"
if vocmine rerun --from "$R/2026-11-07" --lexicons "$WORK/lex" --run-id 2026-11-07 --quiet 2>/dev/null; then
  fail "a rerun overwrote the original without --replace"
fi
echo "ok: rerun with unchanged lexicons reproduces $orig as $vid ($n files, LMDB rows); the timeline ignores it"
