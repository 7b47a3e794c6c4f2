# Shared helpers for the end-to-end tests (sourced, not run by ctest).
# Provides: $WORK (a temp dir removed on exit), need_shared, make_corpus,
# fail MESSAGE, gz_cat FILE, col FILE.gz NAME (prints one column by name).
set -euo pipefail
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
SHARED=${VM_SHARED:-$VM_SRC/../shared}

fail() { echo "FAIL: $*" >&2; exit 1; }

need_shared() {
  [ -f "$SHARED/tools/make_corpus.py" ] || { echo "skip: no shared data at $SHARED"; exit 77; }
}

make_corpus() { python3 "$SHARED/tools/make_corpus.py" "$@"; }

gz_cat() { gzip -dc "$1"; }

col() {  # col FILE.gz NAME: the named column of one of our TSV files
  gzip -dc "$1" | awk -F'\t' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; if (!c) exit 3; next } { print $c }'
}
