# A rerun with one edited lexicon entry (好吃 +1.5 -> -1.5 in a copy of the
# lexicons) changes exactly the comments that hold that word, and
# `vocmine diff` / `vocmine lexicon diff` name the entry by file:line.
. "$(dirname "$0")/lib/common.sh"
TERM_ZH=好吃
cp -r "$VM_SRC/lexicons" "$WORK/lex"
vocmine run --input "$VM_SRC/samples/comments.csv" --out "$WORK/runs/orig" --db "$WORK/db" --run-id 2026-11-07 \
  --lexicons "$WORK/lex" --quiet

cp -r "$WORK/lex" "$WORK/lex2"
line=$(awk -F'\t' -v t="$TERM_ZH" '$1 == t { print NR; exit }' "$WORK/lex2/sentiment.zh.tsv")
[ -n "$line" ] || fail "$TERM_ZH is not in sentiment.zh.tsv"
weight=$(sed -n "${line}p" "$WORK/lex2/sentiment.zh.tsv" | cut -f2)
case "$weight" in -*) fail "$TERM_ZH is not positive ($weight)" ;; esac
awk -F'\t' -v OFS='\t' -v n="$line" 'NR == n { $2 = "-" $2 } { print }' "$WORK/lex/sentiment.zh.tsv" \
  > "$WORK/lex2/sentiment.zh.tsv"
vocmine lexicon check "$WORK/lex2" >/dev/null || fail "the edited lexicons do not load"

out=$(vocmine rerun --from "$WORK/runs/orig" --lexicons "$WORK/lex2" --quiet)
IFS=$'\t' read -r orig vid vdir <<<"$out"
[[ "$vid" =~ ^2026-11-07\+[0-9a-f]{8}$ ]] || fail "variant id '$vid'"

# The comments whose score or polarity changed are exactly those with the word as a token.
python3 - "$WORK/runs/orig/features.tsv.gz" "$vdir/features.tsv.gz" "$TERM_ZH" <<'EOF' || fail "changed comments"
import gzip, sys
def load(p):
    rows = [l.rstrip("\n").split("\t") for l in gzip.open(p, "rt", encoding="utf-8")]
    h = rows[0]
    out = {r[h.index("id")]: (r[h.index("score")], r[h.index("polarity")], r[h.index("tokens")].split(" "))
           for r in rows[1:]}
    for r in rows[1:]:  # an exact duplicate's tokens are its original's
        dup = r[h.index("dup_of")]
        if dup:
            assert out[r[h.index("id")]][2] == [""], "a duplicate with tokens"
            out[r[h.index("id")]] = out[r[h.index("id")]][:2] + (out[dup][2],)
    return out
a, b, term = load(sys.argv[1]), load(sys.argv[2]), sys.argv[3]
assert a.keys() == b.keys()
changed = {i for i in a if a[i][:2] != b[i][:2]}
holding = {i for i in a if term in a[i][2]}
assert holding, "no comment holds the word"
assert changed == holding, (sorted(changed - holding), sorted(holding - changed))
assert any(a[i][1] != b[i][1] for i in changed), "no polarity changed"
print(len(changed), "comments changed")
EOF

# vocmine diff names the entry, under A with its old weight and under B with the new one.
vocmine diff "$WORK/runs/orig" "$vdir" --format csv > "$WORK/diff.csv"
grep -q "^entry,[^,]*,only_a,,,,,\"sentiment.zh.tsv:$line sentiment \"\"$TERM_ZH\"\" +1.50\"" "$WORK/diff.csv" ||
  { cat "$WORK/diff.csv"; fail "diff does not name sentiment.zh.tsv:$line under A"; }
grep -q "^entry,[^,]*,only_b,,,,,\"sentiment.zh.tsv:$line sentiment \"\"$TERM_ZH\"\" -1.50\"" "$WORK/diff.csv" ||
  fail "diff does not name sentiment.zh.tsv:$line under B"
# Only that entry differs in any explained comment.
[ "$(grep -c '^entry,' "$WORK/diff.csv")" = "$(( 2 * $(grep -c '^comment,' "$WORK/diff.csv") ))" ] ||
  fail "entries other than the edited one are named"
vocmine diff "$WORK/runs/orig" "$vdir" > "$WORK/diff.txt"
grep -q "lexicon files that differ: sentiment.zh.tsv$" "$WORK/diff.txt" || fail "diff table: changed files"
grep -q "+ B sentiment.zh.tsv:$line sentiment \"$TERM_ZH\" -1.50" "$WORK/diff.txt" || fail "diff table: entry"
# The same by run id through the database.
vocmine diff --db "$WORK/db" --format json 2026-11-07 "$vid" > "$WORK/diff.json"
python3 - "$WORK/diff.json" "$line" <<'EOF' || fail "diff json by run id"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["b"]["variant_of"] == "2026-11-07" and d["lexicon_files_changed"] == ["sentiment.zh.tsv"]
assert d["comments"]["score_changed"] >= 1
s = d["samples"][0]
assert [(e["file"], e["line"], e["value"]) for e in s["only_b"]] == [("sentiment.zh.tsv", int(sys.argv[2]), "-1.50")]
EOF

vocmine lexicon diff "$WORK/lex" "$WORK/lex2" > "$WORK/lexdiff.txt"
grep -q "^  ~ $TERM_ZH  $weight -> -$weight  (sentiment.zh.tsv:$line, was line $line)" "$WORK/lexdiff.txt" ||
  { cat "$WORK/lexdiff.txt"; fail "lexicon diff does not name the entry"; }
grep -q "^1 change in" "$WORK/lexdiff.txt" || fail "lexicon diff lists other changes"
# Personal-data patterns: the rerun above kept them; an edited pii.tsv
# cannot be applied to stored (masked) text, so the rerun says so.
python3 - "$vdir/manifest.rerun.json" <<'EOF' || fail "pii patterns in manifest.rerun.json (unchanged)"
import json, sys
p = json.load(open(sys.argv[1]))["pii_patterns"]
assert p["changed_not_applied"] is False and p["masked_with_sha256"] == p["lexicons_sha256"], p
EOF
cp -r "$WORK/lex" "$WORK/lex3"
printf '# one more comment line\n' >> "$WORK/lex3/pii.tsv"
vocmine rerun --from "$WORK/runs/orig" --lexicons "$WORK/lex3" > "$WORK/out3" 2> "$WORK/err3" ||
  fail "rerun with an edited pii.tsv failed: $(cat "$WORK/err3")"
grep -q "pii.tsv of the new lexicons differs from the patterns its text was masked with" "$WORK/err3" ||
  fail "no warning about pii.tsv: $(cat "$WORK/err3")"
IFS=$'\t' read -r _ _ vdir3 < "$WORK/out3"
python3 - "$vdir3/manifest.rerun.json" <<'EOF' || fail "pii patterns in manifest.rerun.json (edited)"
import json, sys
p = json.load(open(sys.argv[1]))["pii_patterns"]
assert p["changed_not_applied"] is True and p["masked_with_sha256"] != p["lexicons_sha256"], p
assert len(p["masked_with_sha256"]) == 64, p
EOF
cmp "$WORK/runs/orig/normalized.tsv.gz" "$vdir3/normalized.tsv.gz" || fail "the rerun changed the stored text"
echo "ok: one edited entry changes exactly its comments; diff names sentiment.zh.tsv:$line; an edited pii.tsv is reported"
