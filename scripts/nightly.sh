#!/bin/bash
# nightly.sh - cron-ready nightly vocmine run.
#
#   nightly.sh --input FILE [--input FILE ...] --base DIR --db PATH
#              [--run-id ID] [--keep DAYS] [--lexicons DIR] [--models DIR]
#              [--threads N] [--bin DIR] [--log FILE] [--lock FILE] [--verbose]
#
# Runs the pipeline (normalize -> extract -> cluster -> report) on the
# night's export(s) into a dated directory BASE/RUN_ID (RUN_ID defaults to
# today's date, YYYY-MM-DD) and stores the run in the LMDB database PATH.
# It uses `vocmine run` when the driver has it, else the four stage
# programs in sequence with the same options.
#
#   lock       flock on BASE/.nightly.lock (or --lock): a run that finds
#              another still going exits 75 at once with one line on stderr
#   log        BASE/logs/RUN_ID.log (or --log), appended, one time-stamped
#              line per step plus everything the programs print
#   retention  after a successful run, dated run directories BASE/YYYY-MM-DD*
#              and logs older than --keep DAYS (default 30) are deleted;
#              nothing else in BASE is touched; failed runs keep everything
#   exit       0 ok (silent, so cron mails nothing); 1 failure, with one line
#              "nightly: FAILED ..." on stderr naming the step and the log;
#              2 usage error; 75 another run holds the lock
#
# cron (02:30 every night; cron mails the one failure line):
#   30 2 * * * /opt/vocmine/scripts/nightly.sh --input /data/export/comments.csv.gz --base /srv/vocmine --db /srv/vocmine/db --keep 60
# systemd: a oneshot service running the same command line, and a timer
# with OnCalendar=*-*-* 02:30:00 and Persistent=true.
#
# Rerunning the same RUN_ID replaces that run in the directory and the
# database (each stage writes atomically; the report commits the database
# in one transaction). Comment text never reaches a shell command or a
# file name here: the script only passes file names the caller gave.
set -uo pipefail

inputs=()
base="" db="" run_id="" keep=30 lexicons="" models="" threads="" bin="" log="" lock="" verbose=0

die_usage() {
    echo "nightly: $*" >&2
    echo "usage: nightly.sh --input FILE [--input FILE ...] --base DIR --db PATH [--run-id ID] [--keep DAYS]" >&2
    echo "                  [--lexicons DIR] [--models DIR] [--threads N] [--bin DIR] [--log FILE] [--lock FILE] [--verbose]" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
        --verbose) verbose=1; shift; continue ;;
        -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    esac
    [ $# -ge 2 ] || die_usage "missing value for $1"
    case "$1" in
        --input) inputs+=("$2") ;;
        --base) base=$2 ;;
        --db) db=$2 ;;
        --run-id) run_id=$2 ;;
        --keep) keep=$2 ;;
        --lexicons) lexicons=$2 ;;
        --models) models=$2 ;;
        --threads) threads=$2 ;;
        --bin) bin=$2 ;;
        --log) log=$2 ;;
        --lock) lock=$2 ;;
        *) die_usage "unknown option $1" ;;
    esac
    shift 2
done

[ ${#inputs[@]} -gt 0 ] || die_usage "--input is required"
[ -n "$base" ] || die_usage "--base is required"
[ -n "$db" ] || die_usage "--db is required"
[[ "$keep" =~ ^[0-9]+$ ]] || die_usage "--keep takes a number of days"
[ -n "$run_id" ] || run_id=$(date +%F)
[[ "$run_id" =~ ^[A-Za-z0-9._:-]{1,64}$ ]] || die_usage "--run-id must be 1-64 characters of A-Z a-z 0-9 . _ : -"

mkdir -p "$base/logs" || { echo "nightly: FAILED: cannot create $base/logs" >&2; exit 1; }
out="$base/$run_id"
[ -n "$log" ] || log="$base/logs/$run_id.log"
[ -n "$lock" ] || lock="$base/.nightly.lock"

# Where the programs are: --bin, else next to a `vocmine` on PATH.
if [ -z "$bin" ]; then
    v=$(command -v vocmine || command -v vocmine-report || true)
    [ -n "$v" ] && bin=$(dirname "$v")
fi
prog() { if [ -n "$bin" ]; then echo "$bin/$1"; else echo "$1"; fi; }

exec 9>>"$lock" || { echo "nightly: FAILED: cannot open lock file $lock" >&2; exit 1; }
if ! flock -n 9; then
    echo "nightly: another run holds $lock; not starting run $run_id" >&2
    exit 75
fi

note() { printf '%s nightly[%d]: %s\n' "$(date '+%F %T')" "$$" "$*" >>"$log"; }

failed() {
    note "FAILED: $*"
    echo "nightly: FAILED: $* (run $run_id, log $log)" >&2
    exit 1
}

# Runs one step, its output appended to the log.
step() {
    local name=$1
    shift
    note "start $name: $*"
    "$@" >>"$log" 2>&1
    local rc=$?
    [ $rc -eq 0 ] || failed "$name exited with status $rc"
    note "done $name"
}

for f in "${inputs[@]}"; do
    [ -r "$f" ] || failed "input $f is missing or unreadable"
done
mkdir -p "$out" || failed "cannot create $out"
note "run $run_id: ${#inputs[@]} input(s) -> $out, database $db"

common=()
[ -n "$lexicons" ] && common+=(--lexicons "$lexicons")
with_models=()
[ -n "$models" ] && with_models+=(--models "$models")
with_threads=()
[ -n "$threads" ] && with_threads+=(--threads "$threads")
input_args=()
for f in "${inputs[@]}"; do input_args+=(--input "$f"); done

if "$(prog vocmine)" run --help >/dev/null 2>&1; then
    step run "$(prog vocmine)" run "${input_args[@]}" --out "$out" --db "$db" --run-id "$run_id" \
        "${common[@]}" "${with_models[@]}" "${with_threads[@]}" --quiet
else
    step normalize "$(prog vocmine-normalize)" "${input_args[@]}" --out "$out" "${common[@]}" "${with_threads[@]}" --quiet
    step extract "$(prog vocmine-extract)" --out "$out" "${common[@]}" "${with_models[@]}" "${with_threads[@]}" --quiet
    step cluster "$(prog vocmine-cluster)" --out "$out" --db "$db" "${common[@]}" "${with_models[@]}" \
        "${with_threads[@]}" --quiet
    step report "$(prog vocmine-report)" --out "$out" --db "$db" --run-id "$run_id" "${common[@]}" --quiet
fi

# Retention: dated run directories and logs older than --keep days.
cutoff=$(date -d "-$keep days" +%F) || failed "cannot compute the retention cutoff"
shopt -s nullglob
for d in "$base"/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*; do
    name=$(basename "$d")
    [ -d "$d" ] && [[ "${name:0:10}" < "$cutoff" ]] && [ "$d" != "$out" ] || continue
    rm -rf -- "$d" && note "retention: removed $d"
done
for f in "$base"/logs/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*.log; do
    name=$(basename "$f")
    [[ "${name:0:10}" < "$cutoff" ]] && [ "$f" != "$log" ] && rm -f -- "$f" && note "retention: removed $f"
done

note "ok: run $run_id in $out"
[ "$verbose" = 1 ] && echo "nightly: ok: run $run_id in $out"
exit 0
