# `vocmine run` produces exactly the files of the four stage programs run
# one after another (it streams extract and cluster from the stage before
# them; their manifests still record the input files' size and SHA-256),
# and --from-stage redoes the later stages identically.
. "$(dirname "$0")/lib/common.sh"
in="$VM_SRC/samples/comments.csv"
vocmine run --input "$in" --out "$WORK/run" --db "$WORK/run.lmdb" --run-id 2026-11-07 --threads 2 --quiet
vocmine-normalize --input "$in" --out "$WORK/st" --threads 2 --quiet
vocmine-extract --out "$WORK/st" --threads 2 --quiet
vocmine-cluster --out "$WORK/st" --db "$WORK/st.lmdb" --threads 2 --quiet
vocmine-report --out "$WORK/st" --db "$WORK/st.lmdb" --run-id 2026-11-07 --quiet
n=0
for f in "$WORK"/run/*; do
  name=$(basename "$f")
  case "$name" in manifest*) continue ;; esac
  cmp "$f" "$WORK/st/$name" || fail "$name differs between vocmine run and the stage programs"
  n=$((n + 1))
done
[ "$n" -ge 12 ] || fail "only $n output files compared"
for stage in normalize extract cluster; do
  python3 - "$WORK" "$stage" <<'EOF' || fail "manifest.$stage.json differs beyond times and paths"
import json, sys
work, stage = sys.argv[1], sys.argv[2]
timing = {"started", "finished", "seconds", "input_mb_per_s", "match_mb_per_s", "rows_per_s", "phase_seconds"}
def clean(v, side):
    if isinstance(v, dict):
        return {k: clean(x, side) for k, x in v.items() if k not in timing}
    if isinstance(v, list):
        return [clean(x, side) for x in v]
    if isinstance(v, str):
        return v.replace("%s/%s" % (work, side), "DIR")
    return v
a, b = (clean(json.load(open("%s/%s/manifest.%s.json" % (work, d, stage))), d) for d in ("run", "st"))
if a != b:
    sys.exit("%s: %s\n%s" % (stage, json.dumps(a, sort_keys=True)[:2000], json.dumps(b, sort_keys=True)[:2000]))
EOF
done
# --threads 1 runs the stages one after another: the same files.
vocmine run --input "$in" --out "$WORK/one" --db "$WORK/one.lmdb" --run-id 2026-11-07 --threads 1 --quiet
for f in "$WORK"/run/*; do
  name=$(basename "$f")
  case "$name" in manifest*) continue ;; esac
  cmp "$f" "$WORK/one/$name" || fail "$name differs between vocmine run at 2 threads and at 1"
done
cp -r "$WORK/run" "$WORK/again"
vocmine run --from-stage extract --out "$WORK/again" --db "$WORK/again.lmdb" --run-id 2026-11-07 --quiet
for f in features.tsv.gz topics.tsv.gz assignments.tsv.gz comments.csv.gz topn.csv.gz report.html; do
  cmp "$WORK/run/$f" "$WORK/again/$f" || fail "$f differs after --from-stage extract"
done
echo "ok: $n files identical between vocmine run and the stage programs; --from-stage extract reproduces them"
