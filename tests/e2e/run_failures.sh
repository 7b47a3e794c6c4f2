# `vocmine run` streams normalize -> extract -> cluster in one process; a
# failing stage must fail the run (non-zero exit, the stage named), leave
# no output of a later stage, and never hang the stages around it, also
# when more than the handoff's 16 MB bound is waiting for a stage that
# stopped.
. "$(dirname "$0")/lib/common.sh"
need_shared
make_corpus --rows 80000 --seed 5 -o "$WORK/big.csv.gz"

expect_failure() {  # expect_failure NAME STAGE ARGS…: the run fails in STAGE
  local name=$1 stage=$2; shift 2
  local status=0
  timeout 300 vocmine run --out "$WORK/$name" --run-id x --threads 2 "$@" \
    2> "$WORK/$name.err" || status=$?
  [ "$status" -ne 124 ] || fail "$name: the run hung"
  [ "$status" -eq 1 ] || { cat "$WORK/$name.err"; fail "$name: exit status $status, want 1"; }
  grep -q "run: stage $stage failed" "$WORK/$name.err" || { cat "$WORK/$name.err"; fail "$name: $stage not named"; }
}

expect_failure missing normalize --input "$WORK/no-such-file.csv"
for f in normalized.tsv.gz features.tsv.gz comments.csv.gz; do
  [ ! -e "$WORK/missing/$f" ] || fail "missing input: $f written"
done

printf 'id,text\n1,fine\n2,\n3,\n4,\n' > "$WORK/rejects.csv"
expect_failure rejected normalize --input "$WORK/rejects.csv" --max-reject-rate 0.5
[ -e "$WORK/rejected/rejects.tsv.gz" ] || fail "rejects.tsv.gz not kept for diagnosis"
for f in normalized.tsv.gz features.tsv.gz assignments.tsv.gz; do
  [ ! -e "$WORK/rejected/$f" ] || fail "too many rejects: $f written"
done

expect_failure nodict extract --input "$WORK/big.csv.gz" --dict "$WORK/no-such-dict.txt"
[ -e "$WORK/nodict/normalized.tsv.gz" ] || fail "normalize did not finish alone when extract stopped"
gzip -t "$WORK/nodict/normalized.tsv.gz" || fail "normalized.tsv.gz is not a whole gzip file"
for f in features.tsv.gz assignments.tsv.gz comments.csv.gz; do
  [ ! -e "$WORK/nodict/$f" ] || fail "extract failed: $f written"
done

echo "not a model" > "$WORK/bad_model.tsv"
expect_failure nomodel cluster --input "$WORK/big.csv.gz" --model "$WORK/bad_model.tsv"
for f in normalized.tsv.gz features.tsv.gz; do
  gzip -t "$WORK/nomodel/$f" || fail "$f incomplete when cluster stopped"
done
[ ! -e "$WORK/nomodel/assignments.tsv.gz" ] || fail "cluster failed: assignments.tsv.gz written"

# The same export through the stage programs gives the same features.
vocmine-normalize --input "$WORK/big.csv.gz" --out "$WORK/st" --quiet
vocmine-extract --out "$WORK/st" --quiet
cmp "$WORK/st/features.tsv.gz" "$WORK/nomodel/features.tsv.gz" || fail "streamed features differ from the stage program's"
echo "ok: failing normalize, extract and cluster fail the run without hanging or partial outputs"
