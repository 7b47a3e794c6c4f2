# The same export as CSV, TSV, JSONL and gzip gives the same comments.
. "$(dirname "$0")/lib/common.sh"
need_shared
for fmt in csv tsv jsonl; do
  make_corpus --rows 5000 --seed 11 --format "$fmt" -o "$WORK/in.$fmt"
  vocmine-normalize --input "$WORK/in.$fmt" --out "$WORK/$fmt" --quiet
  gzip -dc "$WORK/$fmt/normalized.tsv.gz" | cut -f1,3- > "$WORK/$fmt.rows"
done
gzip -c "$WORK/in.jsonl" > "$WORK/in.data"   # gzip detected by content, not name
vocmine-normalize --input "$WORK/in.data" --out "$WORK/gz" --quiet
gzip -dc "$WORK/gz/normalized.tsv.gz" | cut -f1,3- > "$WORK/gz.rows"
cmp "$WORK/csv.rows" "$WORK/tsv.rows" || fail "CSV and TSV differ"
cmp "$WORK/csv.rows" "$WORK/jsonl.rows" || fail "CSV and JSONL differ"
cmp "$WORK/jsonl.rows" "$WORK/gz.rows" || fail "gzip JSONL differs"
cat "$WORK/in.tsv" | vocmine-normalize --input - --out "$WORK/stdin" --quiet
gzip -dc "$WORK/stdin/normalized.tsv.gz" | cut -f1,3- | cmp - "$WORK/tsv.rows" || fail "stdin differs"
echo "ok: csv, tsv, jsonl, gzip and stdin agree ($(wc -l < "$WORK/csv.rows") lines)"
