# Golden tests of `vocmine lexicon import | diff | learn | coverage` on small
# fixtures written here.
. "$(dirname "$0")/lib/common.sh"
cd "$WORK"
cp -r "$VM_SRC/lexicons" lex

# ---- import ----
printf '\xef\xbb\xbf; a word list with a comment header\n# and a hash comment\n\n服務很好\nGREAT JOB\nGreat job\nbad\\term\n#tag\n' > words.txt
vocmine lexicon import --format words --polarity neg --weight 1.5 words.txt --out words.tsv 2> words.err
cat > want <<EOF
# imported by vocmine lexicon import --format words from words.txt
# source sha256 $(sha256sum words.txt | cut -d' ' -f1)
# weight -1.5 for every term
# 2 entries; 2 lines skipped (1 duplicates), 0 terms of weight 0 dropped
term	weight
服务很好	-1.5
great job	-1.5
EOF
diff want words.tsv || fail "import words"
grep -q 'words.txt:6: duplicate term after folding' words.err || fail "import words: duplicate not reported"
grep -q 'words.txt:7: holds a backslash' words.err || fail "import words: backslash not reported"

printf ';AFINN-like\nabandon\t-2\ngood\t3\nmeh\t0\ncan'"'"'t stand\t-3\nawful -5\nbroken line\n' > scores.txt
vocmine lexicon import --format scores --max-score 5 scores.txt 2>/dev/null | grep -v '^# source' > scores.tsv
cat > want <<'EOF'
# imported by vocmine lexicon import --format scores from scores.txt
# weight = 2 * score / 5 (--max-score)
# 4 entries; 1 lines skipped (0 duplicates), 1 terms of weight 0 dropped
term	weight
abandon	-0.8
good	1.2
can't stand	-1.2
awful	-2
EOF
diff want scores.tsv || fail "import scores"
vocmine lexicon import --format scores scores.txt 2>/dev/null | grep -q '^good	1.2$' || fail "import scores: file max"

printf 'good\t1.9\t0.9434\t[2, 1, 2, 3]\nhorrible\t-2.5\t0.6708\t[-3, -2]\n:)\t2.0\t1.2\t[2]\nbad\t9\t1\t[]\n' > vader.txt
vocmine lexicon import --format vader vader.txt 2>/dev/null | grep -v "^#" > vader.tsv
printf 'term\tweight\ngood\t0.95\nhorrible\t-1.25\n:)\t1\n' > want
diff want vader.tsv || fail "import vader"

printf '云计算 5 n\n區塊鏈 3\n# comment\nno_freq\n' > dict.txt
vocmine lexicon import --format dict dict.txt 2>/dev/null | grep -v '^#' > dict.tsv
printf '云计算\t5\n區塊鏈\t3\n' > want
diff want dict.tsv || fail "import dict"
if vocmine lexicon import --format words words.txt 2>/dev/null; then fail "words without --polarity accepted"; fi

# ---- lexicon diff ----
mkdir a b
printf '# sentiment\nterm\tweight\n服务好\t1\n一般\t-0.5\n难吃\t-1.5\n' > a/sentiment.zh.tsv
printf '# sentiment, edited\nterm\tweight\n服務好\t1\n难吃\t-2\n超赞\t2\n' > b/sentiment.zh.tsv
printf 'term\tlang\n不\tzh\n' > a/negators.tsv
printf 'term\tlang\n不\tzh\n' > b/negators.tsv
printf 'term\n的\n' > b/stopwords.zh.tsv
vocmine lexicon diff a b > ldiff.txt
cat > want <<'EOF'
sentiment.zh.tsv: 1 added, 1 removed, 1 changed
  ~ 难吃  -1.5 -> -2  (sentiment.zh.tsv:4, was line 5)
  + 超赞  2  (sentiment.zh.tsv:5)
  - 一般  -0.5  (sentiment.zh.tsv:4 in A)
stopwords.zh.tsv: 1 added, 0 removed, 0 changed (file only in B)
  + 的    (stopwords.zh.tsv:2)
4 changes in 3 files
EOF
diff want ldiff.txt || fail "lexicon diff"
vocmine lexicon diff --format csv a b | grep -q '^sentiment.zh.tsv,changed,难吃,-1.5,-2,5,4' || fail "lexicon diff csv"

# ---- learn ----
# lagzilla only in negative comments, zoomzy only in positive ones, blorp in both.
{
  echo 'id,review,label'
  for i in $(seq 1 15); do echo "n$i,lagzilla,0"; done
  for i in $(seq 1 10); do echo "m$i,blorp,0"; done
  for i in $(seq 1 15); do echo "p$i,zoomzy,1"; done
  for i in $(seq 1 4); do echo "q$i,blorp,1"; done
} > labelled.csv
vocmine lexicon learn --labeled labelled.csv --text review --label label --lexicons lex --no-dict \
  --prior 1 --min-count 3 --min-z 1 --out learned.tsv 2> learn.err
vocmine lexicon learn --labeled labelled.csv --text review --label label --lexicons lex --no-dict \
  --prior 1 --min-count 3 --min-z 1 2>/dev/null | cmp -s - learned.tsv || fail "learn is not deterministic"
grep -q "^# source labelled.csv sha256 $(sha256sum labelled.csv | cut -d' ' -f1): 44 rows, 44 labelled" learned.tsv ||
  fail "learn: provenance"
grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}' learned.tsv && fail "learn: a date in the output"
# The expected weights, computed here from the formula (Monroe et al. 2008 with a_w = A0 y_w / n).
python3 - learned.tsv <<'EOF' || fail "learn weights"
import math, sys
counts = {"lagzilla": (0, 15), "zoomzy": (15, 0), "blorp": (4, 10)}  # (positive, negative)
npos = sum(p for p, _ in counts.values()); nneg = sum(n for _, n in counts.values()); a0 = 1.0
want = {}
for w, (yp, yn) in counts.items():
    a = a0 * (yp + yn) / (npos + nneg)
    d = math.log((yp + a) / (npos + a0 - yp - a)) - math.log((yn + a) / (nneg + a0 - yn - a))
    z = d / math.sqrt(1 / (yp + a) + 1 / (yn + a))
    wt = round(max(-2, min(2, 0.5 * d)) * 4) / 4
    if abs(z) >= 1 and wt != 0:
        want[w] = wt
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if not l.startswith("#")]
assert lines[0] == ["term", "weight"], lines[0]
got = {t: float(w) for t, w in lines[1:]}
assert got == want, (got, want)
assert got["lagzilla"] < 0 < got["zoomzy"]
EOF
read -r before after < <(sed -n 's/^lexicon learn: .* accuracy before \([0-9.]*\) after \([0-9.]*\)$/\1 \2/p' learn.err)
python3 -c "import sys; b, a = map(float, sys.argv[1:]); assert b < 0.5 and a > 0.9, (b, a)" "$before" "$after" ||
  fail "learn: cross-validated accuracy before $before after $after"

# ---- coverage ----
{
  echo 'id,text,rating'
  echo 'e1,"great food, friendly staff",5'
  echo 'e2,"terrible zorbly, cold fries",1'
  echo 'e3,"zorbly again",1'
  echo 'e4,"zorbly zorbly",2'
  echo 'e5,"the gizmoq was great",5'
  echo 'e6,"gizmoq arrived",2'
  echo 'e7,"gizmoq is excellent",5'
  echo 'e8,"gizmoq and more",1'
  echo 'e9,"lovely gizmoq",5'
  echo 'e10,"gizmoq box",1'
  echo 'z1,很好吃,5'
  echo 'z2,东西不错,4'
} > cov.csv
vocmine normalize --input cov.csv --out covrun --id id --text text --rating rating --lexicons lex --quiet
vocmine extract --out covrun --lexicons lex --no-dict --quiet
vocmine lexicon coverage covrun --format csv > cov.out
python3 - cov.out <<'EOF' || { cat cov.out; fail "coverage"; }
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["section", "key", "comments", "with_hit_or_negative", "missed", "lift"], rows[0]
lang = {r[1]: (int(r[2]), int(r[3])) for r in rows[1:] if r[0] == "lang"}
assert lang["en"][0] == 10 and lang["zh-Hans"] == (2, 2), lang
cand = {r[1]: r for r in rows[1:] if r[0] == "candidate"}
assert "zorbly" in cand and cand["zorbly"][2:4] == ["3", "3"], cand   # in 3 comments, all 3 negative
assert "gizmoq" not in cand, cand                                      # as common in positive comments
EOF
vocmine lexicon coverage covrun > cov.txt
grep -q "^zorbly " cov.txt && grep -q "(lexicons lex)" cov.txt || fail "coverage table (the run's lexicons)"
echo "ok: lexicon import (words, scores, vader, dict), diff, learn, coverage"
