#!/bin/bash
# report_outputs.sh - the report stage on a hostile week of fixture data:
# every output file with its columns, CSV formula guard, HTML escaping,
# the manifest part, and the LMDB database read by mdb_stat, vocmine-query
# and python3-lmdb (scripts/lmdb_example.py).
source "$(dirname "$0")/report_lib.bash"

RUN="$WORK/run"
python3 "$FIXTURE" "$RUN" --lexicons "$WORK/lex" --incident 2 --hostile
vocmine-report --out "$RUN" --db "$WORK/db" --lexicons "$WORK/lex" --top 4 --quiet

for f in comments.csv.gz topn.csv.gz topics.json.gz alerts.csv.gz report.md.gz report.html \
         manifest.report.json manifest.json; do
    [ -s "$RUN/$f" ] || fail "missing output $f"
done
ls -a "$RUN" | grep -q '\.tmp\.' && fail "temporary files left behind"
ok "all outputs present"

python3 - "$RUN" <<'PY'
import csv, gzip, io, json, sys
run = sys.argv[1]
def rows(name):
    with gzip.open(f"{run}/{name}", "rt", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))
def fail(msg):
    sys.exit("FAIL: " + msg)

c = rows("comments.csv.gz")
want = ["id", "lang", "polarity", "score", "severity", "topic", "aspects", "keywords", "group", "channel",
        "time", "rating", "duplicate_of", "near_duplicate_of"]
if c[0][:len(want)] != want: fail("comments.csv header %r" % c[0])
with gzip.open(f"{run}/features.tsv.gz", "rt", encoding="utf-8") as f:
    nfeat = sum(1 for _ in f) - 1
if len(c) - 1 != nfeat: fail("comments.csv has %d rows, features %d" % (len(c) - 1, nfeat))
if any(len(r) != len(c[0]) for r in c): fail("ragged comments.csv")
groups = {r[8] for r in c[1:]}
if not any(g.startswith("'=HYPERLINK") for g in groups): fail("formula guard missing: %r" % groups)
if any(g.startswith("=") for g in groups): fail("unguarded formula cell")
if not all(r[3].startswith("-") or r[3][0].isdigit() for r in c[1:]): fail("numeric score cell was guarded")

t = rows("topn.csv.gz")
want = ["rank", "topic", "label", "comments", "share", "impact"]
if t[0][:6] != want: fail("topn.csv header %r" % t[0])
for col in ("severity_factor", "negativity_factor", "growth_factor", "prev_count", "baseline_share", "change",
            "spike", "top_groups", "top_channels", "exemplars", "owner", "severe", "moderate"):
    if col not in t[0]: fail("topn.csv lacks " + col)
if len(t) - 1 != 4: fail("--top 4 gave %d rows" % (len(t) - 1))
h = t[0]
ranks = [int(r[0]) for r in t[1:]]
if ranks != [1, 2, 3, 4]: fail("ranks %r" % ranks)
impacts = [float(r[h.index("impact")]) for r in t[1:]]
if impacts != sorted(impacts, reverse=True): fail("not ranked by impact")
for r in t[1:]:
    f = lambda k: float(r[h.index(k)])
    prod = f("comments") * f("severity_factor") * f("negativity_factor") * f("growth_factor")
    if abs(prod - f("impact")) > 0.01 * f("impact") + 0.5: fail("impact %s is not the product %s" % (f("impact"), prod))
if t[1][1] != "T1" or t[1][h.index("owner")] != "logistics-ops": fail("top topic %r" % t[1][:3])

a = rows("alerts.csv.gz")
if a[0][:4] != ["level", "kind", "subject_kind", "subject"]: fail("alerts header %r" % a[0])
if not any(r[3] == "S001" and "spike" in r[1] for r in a[1:]): fail("no spike alert for S001: %r" % a)

with gzip.open(f"{run}/topics.json.gz", "rt", encoding="utf-8") as f:
    tj = json.load(f)
if len(tj["topics"]) != 5 or tj["topics"][0]["topic"] != "T1": fail("topics.json topics")
if not tj["topics"][0]["exemplar_texts"][0]["text"]: fail("exemplar text missing")
if len(tj["days"]) != 7 or not tj["groups"] or not tj["channels"]: fail("topics.json days/groups/channels")

with gzip.open(f"{run}/report.md.gz", "rt", encoding="utf-8") as f:
    md = f.read()
for s in ("TOP-4", "logistics-ops", "Rising and new topics", "S001", "## Alerts"):
    if s not in md: fail("report.md lacks " + s)
if "<script" in md or "\u202e" in md: fail("report.md carries raw markup or bidi controls")

m = json.load(open(f"{run}/manifest.json"))
if "report" not in m["stages"] or m["stages"]["report"]["counts"]["rows"] != nfeat: fail("manifest")
print("ok: csv/json/md contents")
PY

HTML="$RUN/report.html"
grep -q 'http-equiv="Content-Security-Policy" content="default-src '"'"'none'"'"'' "$HTML" || fail "no strict CSP"
grep -qi '<script' "$HTML" && fail "raw <script> in report.html"
grep -qi '</textarea' "$HTML" && fail "raw </textarea> in report.html"
grep -q '&lt;script&gt;' "$HTML" || fail "escaped hostile comment not shown"
grep -q "&#39;single&#39;" "$HTML" || fail "single quotes not escaped"
grep -q "&quot;quoted&quot;" "$HTML" || fail "double quotes not escaped"
if LC_ALL=C grep -q $'\xe2\x80\xae' "$HTML"; then fail "U+202E reached report.html"; fi
if LC_ALL=C grep -q $'\xe2\x81\xa6' "$HTML"; then fail "U+2066 reached report.html"; fi
python3 - "$HTML" <<'PY' || fail "report.html structure"
import html.parser, sys
allowed = {"html", "head", "meta", "title", "style", "body", "header", "main", "h1", "h2", "h3", "p", "div",
           "span", "b", "i", "small", "sub", "section", "ul", "li", "blockquote", "footer", "svg", "rect", "text",
           "line", "polyline", "circle"}
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.data, self.style, self.in_style = [], "", False
    def handle_starttag(self, tag, attrs):
        if tag not in allowed: sys.exit("unexpected element <%s>" % tag)
        for k, v in attrs:
            if k in ("src", "href", "xlink:href", "action") or k.startswith("on"):
                sys.exit("attribute %s on <%s>" % (k, tag))
        self.in_style = tag == "style"
    def handle_endtag(self, tag):
        self.in_style = False
    def handle_data(self, d):
        if self.in_style: self.style += d
        else: self.data.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
if "url(" in p.style or "@import" in p.style: sys.exit("external reference in CSS")
text = "".join(p.data)
for hostile in ("<script>alert('x')</script>", "</textarea><img src=x onerror=alert(1)>", '"quoted"',
                "=cmd|' /C calc'!A0", "+SUM(1,2)"):
    if hostile not in text: sys.exit("hostile text not shown as text: " + hostile)
PY
grep -q '<svg' "$HTML" || fail "no inline SVG chart"
ok "report.html escaped and self-contained"

mdb_stat -a "$WORK/db" >"$WORK/stat.txt" || fail "mdb_stat cannot read the database"
for db in meta runs topn topics topic_history groups alerts model model_runs; do
    grep -q "Status of $db" "$WORK/stat.txt" || fail "mdb_stat: no database $db"
done
ok "mdb_stat reads all named databases"

vocmine-query --db "$WORK/db" runs | grep -q '^2026-11-07 ' || fail "query runs"
vocmine-query --db "$WORK/db" --format json top latest >"$WORK/top.json"
python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); assert [r["rank"] for r in t]==[1,2,3,4], t; assert t[0]["topic"]=="T1"' "$WORK/top.json" || fail "query top json"
vocmine-query --db "$WORK/db" --format csv alerts 2026-11-07 >"$WORK/alerts.csv"
python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],newline=""))); assert r[0][0]=="level" and len(r)>1, r' "$WORK/alerts.csv" || fail "query alerts csv"
vocmine-query --db "$WORK/db" topic T1 | grep -q '2026-11-07' || fail "query topic"
vocmine-query --db "$WORK/db" --format csv top latest | grep -q "^2,T2,.*<b>bold</b>" || fail "query top csv"
if vocmine-query --db "$WORK/db" top 1999-01-01 2>/dev/null; then fail "unknown run accepted"; fi
if vocmine-query --db "$WORK/db" --format xml runs 2>/dev/null; then fail "bad format accepted"; fi
ok "vocmine-query runs/top/topic/alerts"

PY=$(lmdb_python) || fail "python3-lmdb is not installed (Debian package python3-lmdb)"
"$PY" "$VM_SRC/scripts/lmdb_example.py" "$WORK/db" >"$WORK/py.txt" || fail "lmdb_example.py failed"
grep -q "TOP-4 of run 2026-11-07" "$WORK/py.txt" || fail "lmdb_example.py: no TOP-N"
grep -q "history of topic T1" "$WORK/py.txt" || fail "lmdb_example.py: no topic history"
grep -A1 "history of topic T1" "$WORK/py.txt" | grep -q "2026-11-07" || fail "lmdb_example.py: empty history"
ok "python3-lmdb reads the database"
