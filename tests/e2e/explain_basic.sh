# `vocmine explain` shows lexicon hits with file:line, scopes and the
# score arithmetic, and agrees with extract on the same comment.
. "$(dirname "$0")/lib/common.sh"
vocmine explain "送餐很快，但是客服態度太差！！！" > "$WORK/out"
grep -q 'contrast (but) "但是" (contrast.tsv:[0-9]*)' "$WORK/out" || { cat "$WORK/out"; fail "no contrast scope with file:line"; }
grep -q 'sentiment.zh.tsv:[0-9]' "$WORK/out" || fail "no sentiment hit with file:line"
grep -q '^  score = ' "$WORK/out" || fail "no score arithmetic"
grep -q '^result: score -[0-9.]*, negative' "$WORK/out" || { cat "$WORK/out"; fail "not negative"; }
echo "i would not call it fresh" | vocmine explain > "$WORK/out2"
grep -q 'negation "not"' "$WORK/out2" || { cat "$WORK/out2"; fail "no negation scope"; }
# Same comment through normalize + extract gives the same score.
printf 'id,text\n1,"送餐很快，但是客服態度太差！！！"\n' > "$WORK/in.csv"
vocmine-normalize --input "$WORK/in.csv" --out "$WORK/run" --id id --text text --quiet
vocmine-extract --out "$WORK/run" --quiet
want=$(sed -n 's/^result: score \([-0-9.]*\),.*/\1/p' "$WORK/out")
got=$(col "$WORK/run/features.tsv.gz" score)
[ "$want" = "$got" ] || fail "explain says $want, extract says $got"
echo "ok: explain traces hits, scopes and arithmetic; agrees with extract ($got)"
