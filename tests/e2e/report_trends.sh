#!/bin/bash
# report_trends.sh - trends and alerts on fixture data: a week with an
# incident (one store, delivery complaints, last two days) run as seven
# nightly runs into one database, and as one run over the whole week. The
# incident's topic must rank in the TOP-3 and an alert must name the
# store; the same weeks without the incident must not alert on it.
source "$(dirname "$0")/report_lib.bash"

nightly() {  # $1 = name, rest = fixture options; prints the last run's dir
    local name=$1 d
    shift
    for d in 0 1 2 3 4 5 6; do
        python3 "$FIXTURE" "$WORK/$name/d$d" --lexicons "$WORK/lex" --day "$d" "$@"
        vocmine-report --out "$WORK/$name/d$d" --db "$WORK/$name/db" --lexicons "$WORK/lex" --quiet
    done
}

top3_has_t1() { zcat "$1/topn.csv.gz" | awk -F, 'NR>1 && NR<=4 && $2=="T1" {found=1} END {exit !found}'; }
alerts_for() { zcat "$1/alerts.csv.gz" | awk -F, -v k="$2" -v s="$3" 'NR>1 && $2==k && $4==s' ; }

nightly inc --incident 2
last="$WORK/inc/d6"
vocmine-query --db "$WORK/inc/db" --format csv runs | tail -n +2 | cut -d, -f1 | tr '\n' ' ' |
    grep -qx "2026-11-01 2026-11-02 2026-11-03 2026-11-04 2026-11-05 2026-11-06 2026-11-07 " ||
    fail "nightly runs not stored in order"
top3_has_t1 "$last" || fail "nightly: incident topic T1 not in the TOP-3"
[ -n "$(alerts_for "$last" complaint_spike S001)" ] || fail "nightly: no complaint_spike alert naming S001"
alerts_for "$last" complaint_spike S001 | grep -q "late delivery" || fail "nightly: alert does not name the theme"
zcat "$last/topn.csv.gz" | awk -F, 'NR==2' | grep -q ',rising,' || fail "nightly: T1 not marked rising"
[ "$(vocmine-query --db "$WORK/inc/db" --format csv topic T1 | tail -n +2 | wc -l)" = 7 ] ||
    fail "topic history does not hold 7 runs"
grep -q "Share of comments per run" "$last/report.html" || fail "no per-run trend chart"
ok "nightly runs: incident in TOP-3, alert names S001"

nightly calm
calm="$WORK/calm/d6"
[ -z "$(alerts_for "$calm" complaint_spike S001)" ] || fail "nightly without incident alerts on S001"
zcat "$calm/alerts.csv.gz" | grep -q 'spike' && fail "nightly without incident has spike alerts: $(zcat "$calm/alerts.csv.gz")"
ok "nightly runs without incident: no spike alert"

W="$WORK/week"
python3 "$FIXTURE" "$W" --lexicons "$WORK/lex" --incident 2
vocmine-report --out "$W" --db "$WORK/week.db" --lexicons "$WORK/lex" --quiet
top3_has_t1 "$W" || fail "week: incident topic T1 not in the TOP-3"
[ -n "$(alerts_for "$W" complaint_spike_recent S001)" ] || fail "week: no complaint_spike_recent alert naming S001"
alerts_for "$W" complaint_spike_recent S001 | grep -q "2026-11-06..2026-11-07" || fail "week: alert window"
grep -q "Share of comments per day" "$W/report.html" || fail "no per-day trend chart"
ok "one run over the week: incident in TOP-3, alert names S001"

C="$WORK/weekcalm"
python3 "$FIXTURE" "$C" --lexicons "$WORK/lex"
vocmine-report --out "$C" --lexicons "$WORK/lex" --quiet
zcat "$C/alerts.csv.gz" | grep -q 'spike' && fail "week without incident has spike alerts: $(zcat "$C/alerts.csv.gz")"
ok "one run over a calm week: no spike alert"
