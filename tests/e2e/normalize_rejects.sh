# Malformed rows are rejected with a reason, counted, and the run goes on;
# --max-reject-rate fails a run; a truncated gzip names the file.
. "$(dirname "$0")/lib/common.sh"
in="$VM_SRC/samples/malformed.csv"
vocmine-normalize --input "$in" --out "$WORK/r" --max-reject-rate 1 2> "$WORK/err" || fail "run failed"
gzip -dc "$WORK/r/rejects.tsv.gz" > "$WORK/rejects.tsv"
for reason in "fields, header has" "empty text" "NUL byte" "text longer than" "unterminated quoted field"; do
  grep -q "$reason" "$WORK/rejects.tsv" || fail "no reject with reason '$reason'"
  grep -q "$reason" "$WORK/err" || fail "no warning on stderr for '$reason'"
done
grep -q 'malformed.csv: line [0-9]' "$WORK/err" || fail "warnings do not name file and line"
read_rows=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["stages"]["normalize"]["counts"]; print(c["rows_read"], c["rows_kept"] + c["rejected"])' "$WORK/r/manifest.json")
set -- $read_rows
[ "$1" = "$2" ] || fail "manifest: rows_read $1 != kept + rejected $2"
# The default 5% limit fails this file, and no normalized output appears.
if vocmine-normalize --input "$in" --out "$WORK/f" 2> "$WORK/err2"; then fail "expected failure above the reject rate"; fi
[ ! -e "$WORK/f/normalized.tsv.gz" ] || fail "normalized.tsv.gz written by a failed run"
grep -q "max-reject-rate" "$WORK/err2" || fail "failure message does not name --max-reject-rate"
# Truncated gzip input.
gzip -c "$VM_SRC/samples/comments.csv" | head -c 3000 > "$WORK/cut.csv.gz"
if vocmine-normalize --input "$WORK/cut.csv.gz" --out "$WORK/cut" 2> "$WORK/err3"; then fail "truncated gzip accepted"; fi
grep -q "cut.csv.gz: truncated gzip" "$WORK/err3" || { cat "$WORK/err3"; fail "truncated gzip message"; }
[ ! -e "$WORK/cut/normalized.tsv.gz" ] || fail "output left behind by a failed run"
ls -A "$WORK/cut" | grep -q '\.tmp\.' && fail "temporary file left behind"
echo "ok: rejects with reasons, counts add up, reject-rate limit and truncated gzip handled"
