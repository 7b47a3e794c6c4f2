# Output bytes are identical for any thread count and across runs.
. "$(dirname "$0")/lib/common.sh"
need_shared
make_corpus --rows 30000 --seed 3 --noise 2 --invalid-utf8 0.01 --dup 0.05 -o "$WORK/in.csv.gz"
vocmine-normalize --input "$WORK/in.csv.gz" --out "$WORK/t1" --threads 1 --quiet
vocmine-normalize --input "$WORK/in.csv.gz" --out "$WORK/t2" --threads 2 --quiet
vocmine-normalize --input "$WORK/in.csv.gz" --out "$WORK/t4" --threads 4 --quiet
for f in normalized.tsv.gz rejects.tsv.gz; do
  cmp "$WORK/t1/$f" "$WORK/t2/$f" || fail "$f differs between 1 and 2 threads"
  cmp "$WORK/t1/$f" "$WORK/t4/$f" || fail "$f differs between 1 and 4 threads"
done
rows=$(gzip -dc "$WORK/t1/normalized.tsv.gz" | wc -l)
[ "$rows" -gt 29000 ] || fail "only $rows lines in normalized.tsv.gz"
dups=$(col "$WORK/t1/normalized.tsv.gz" dup_of | grep -c . || true)
near=$(col "$WORK/t1/normalized.tsv.gz" near_dup_of | grep -c . || true)
[ "$dups" -gt 0 ] && [ "$near" -gt 0 ] || fail "expected duplicates and near duplicates, got $dups / $near"
repaired=$(col "$WORK/t1/normalized.tsv.gz" repairs | awk '$1 > 0' | wc -l)
[ "$repaired" -gt 100 ] || fail "expected >100 rows with repaired UTF-8, got $repaired"
echo "ok: identical at 1/2/4 threads; $rows lines, $dups duplicates, $near near duplicates, $repaired repaired"
