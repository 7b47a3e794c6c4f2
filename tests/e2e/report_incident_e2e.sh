#!/bin/bash
# report_incident_e2e.sh - the whole pipeline on a generated week with an
# incident (make_corpus.py --days 7 --incident 2: delivery complaints at
# one store, S001, on the last two days). Run once over the whole week and
# as seven nightly runs (split by day, through scripts/nightly.sh), the
# incident's topic must be in the TOP-3 and an alert must name S001.
# Skipped (77) only while a stage program is not built yet.
source "$(dirname "$0")/report_lib.bash"

for p in vocmine-normalize vocmine-extract vocmine-cluster vocmine-report; do
    command -v "$p" >/dev/null || { echo "skip: $p not built yet"; exit 77; }
done
SHARED=${VM_SHARED:-/work/shared}
ROWS=${VM_E2E_ROWS:-20000}
python3 "$SHARED/tools/make_corpus.py" --rows "$ROWS" --days 7 --incident 2 -o "$WORK/week.csv" \
    --truth "$WORK/truth.tsv"
awk -F'\t' '$2 == "incident" {print $1}' "$WORK/truth.tsv" >"$WORK/incident_ids"
[ -s "$WORK/incident_ids" ] || fail "make_corpus wrote no incident rows"

# check_run DIR LABEL: incident topic in the TOP-3, an alert naming S001.
check_run() {
    python3 - "$1" "$WORK/incident_ids" "$2" <<'PY'
import collections, csv, gzip, sys
run, ids_file, label = sys.argv[1:4]
ids = set(open(ids_file).read().split())
topics = collections.Counter()
with gzip.open(f"{run}/comments.csv.gz", "rt", encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        if row["id"] in ids and row["topic"]:
            topics[row["topic"]] += 1
if not topics: sys.exit(f"FAIL ({label}): no incident comment was assigned a topic")
topic, n = topics.most_common(1)[0]
with gzip.open(f"{run}/topn.csv.gz", "rt", encoding="utf-8", newline="") as f:
    top = list(csv.DictReader(f))
ranks = {r["topic"]: int(r["rank"]) for r in top}
print(f"{label}: incident topic {topic} ({n} incident comments) rank {ranks.get(topic)}; "
      f"TOP-3: {[(r['topic'], r['label'], r['impact']) for r in top[:3]]}")
if ranks.get(topic, 99) > 3: sys.exit(f"FAIL ({label}): incident topic {topic} not in the TOP-3")
with gzip.open(f"{run}/alerts.csv.gz", "rt", encoding="utf-8", newline="") as f:
    alerts = list(csv.DictReader(f))
named = [a for a in alerts if a["subject"] == "S001" and "spike" in a["kind"]]
for a in alerts[:6]: print(f"  alert: {a['level']} {a['kind']} {a['subject']}: {a['message'][:150]}")
if not named: sys.exit(f"FAIL ({label}): no spike alert names S001")
PY
}

# One run over the whole week.
W="$WORK/week"
vocmine-normalize --input "$WORK/week.csv" --out "$W" --quiet || fail "normalize"
vocmine-extract --out "$W" --quiet || fail "extract"
vocmine-cluster --out "$W" --db "$WORK/week.db" --quiet || fail "cluster"
vocmine-report --out "$W" --db "$WORK/week.db" --quiet || fail "report"
check_run "$W" "whole week" || exit 1
ok "whole week: incident in the TOP-3, alert names S001"

# Seven nightly runs, one export per day, through scripts/nightly.sh.
python3 - "$WORK/week.csv" "$WORK/days" <<'PY'
import csv, os, sys
src, out = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
with open(src, encoding="utf-8-sig", newline="") as f:
    r = csv.reader(f)
    header = next(r)
    by_day = {}
    for row in r:
        by_day.setdefault(row[1][:10], []).append(row)
for day, rows in by_day.items():
    with open(os.path.join(out, day + ".csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
PY
for f in "$WORK"/days/*.csv; do
    day=$(basename "$f" .csv)
    "$VM_SRC/scripts/nightly.sh" --input "$f" --base "$WORK/nightly" --db "$WORK/nightly.db" --run-id "$day" \
        --bin "$VM_BIN" --keep 100000 || fail "nightly run $day failed"
done
[ "$(vocmine-query --db "$WORK/nightly.db" --format csv runs | tail -n +2 | wc -l)" = 7 ] || fail "not 7 runs stored"
last=$(ls "$WORK/days" | sort | tail -1)
check_run "$WORK/nightly/${last%.csv}" "nightly" || exit 1
ok "seven nightly runs: incident in the TOP-3, alert names S001"
