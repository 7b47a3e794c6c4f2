# The shipped lexicons pass `vocmine lexicon check`, and a broken copy
# fails with the file and line of each problem.
. "$(dirname "$0")/lib/common.sh"
vocmine lexicon check "$VM_SRC/lexicons" > "$WORK/out" 2>&1 || { cat "$WORK/out"; fail "shipped lexicons have problems"; }
cp -r "$VM_SRC/lexicons" "$WORK/lex"
printf 'no tabs here\n好\t9\n' >> "$WORK/lex/sentiment.zh.tsv"
n=$(wc -l < "$WORK/lex/sentiment.zh.tsv")
if vocmine lexicon check "$WORK/lex" > "$WORK/out" 2>&1; then fail "a broken lexicon passed the check"; fi
grep -q "sentiment.zh.tsv:$((n - 1)): malformed line" "$WORK/out" || { cat "$WORK/out"; fail "no malformed-line report"; }
grep -q "sentiment.zh.tsv:$n: weight 9 out of range" "$WORK/out" || { cat "$WORK/out"; fail "no range report"; }
echo "ok: shipped lexicons pass; problems reported with file:line"
