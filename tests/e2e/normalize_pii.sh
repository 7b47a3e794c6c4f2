# No injected personal data survives normalization: every value in
# make_corpus.py's truth file is absent from every output file.
. "$(dirname "$0")/lib/common.sh"
need_shared
make_corpus --rows 20000 --seed 7 --noise 2 --truth "$WORK/truth.tsv" -o "$WORK/in.csv"
vocmine-normalize --input "$WORK/in.csv" --out "$WORK/run" --quiet
awk -F'\t' '$2 != "incident" { print $3 }' "$WORK/truth.tsv" | sort -u > "$WORK/values"
n=$(wc -l < "$WORK/values")
[ "$n" -gt 100 ] || fail "expected >100 PII values in the truth file, got $n"
for f in "$WORK"/run/*; do
  case "$f" in *.gz) gzip -dc "$f" ;; *) cat "$f" ;; esac > "$WORK/plain"
  if grep -F -f "$WORK/values" "$WORK/plain" > "$WORK/leaks"; then
    head -5 "$WORK/leaks" >&2
    fail "$(wc -l < "$WORK/leaks") lines of $(basename "$f") contain injected personal data"
  fi
done
masked=$(col "$WORK/run/normalized.tsv.gz" masks | grep -c . || true)
[ "$masked" -gt 100 ] || fail "only $masked rows carry masks"
echo "ok: $n injected values, none in the outputs; $masked rows masked"
# The shipped sample's planted values (mainland, Taiwan and Hong Kong
# phones, cards with spaces, ID numbers, orders) are all masked too.
vocmine-normalize --input "$VM_SRC/samples/comments.csv" --out "$WORK/sample" --quiet
cut -f3 "$VM_SRC/samples/truth.tsv" > "$WORK/sample_values"
if gzip -dc "$WORK"/sample/*.gz | grep -F -f "$WORK/sample_values"; then fail "sample personal data survived"; fi
echo "ok: $(wc -l < "$WORK/sample_values") planted sample values masked"
