# report_lib.bash - helpers sourced by the report stage's e2e tests
# (not a test itself: ctest runs only *.sh).
set -euo pipefail

: "${VM_SRC:?VM_SRC must point at the source tree}"
: "${VM_BIN:?VM_BIN must point at the build directory}"
export PATH="$VM_BIN:$PATH"

FIXTURE="$VM_SRC/tests/e2e/report_fixture.py"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vm_report_e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

ok() { echo "ok: $*"; }

# A Python that has the lmdb module (python3-lmdb is a Debian package, so
# /usr/bin/python3 has it even when another python3 comes first on PATH).
lmdb_python() {
    local p
    for p in python3 /usr/bin/python3; do
        if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import lmdb' 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# sha256 of every report output in DIR (missing files show as MISSING).
output_hashes() {
    local dir=$1 f
    for f in comments.csv.gz topn.csv.gz topics.json.gz alerts.csv.gz report.md.gz report.html; do
        if [ -e "$dir/$f" ]; then sha256sum "$dir/$f" | cut -d' ' -f1; else echo "MISSING $f"; fi
    done
}

# Full dump of the database (all named databases), for before/after checks.
db_dump() { mdb_dump -a "$1"; }

# Runs vocmine-report in the background with a pause hook; waits until the
# hook is reached, then SIGKILLs it. $1 = hook point, rest = report args.
kill_at() {
    local point=$1
    shift
    local log="$WORK/kill_$point.log"
    VOCMINE_TEST_PAUSE="$point:30" vocmine-report "$@" 2>"$log" &
    local pid=$! i
    for i in $(seq 1 300); do
        grep -q "test hook: pause at $point" "$log" && break
        kill -0 "$pid" 2>/dev/null || fail "report ended before reaching hook $point: $(cat "$log")"
        sleep 0.1
    done
    grep -q "test hook: pause at $point" "$log" || fail "hook $point never reached"
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
}
