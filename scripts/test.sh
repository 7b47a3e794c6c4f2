#!/usr/bin/env bash
# Test command: builds with warnings as errors, runs the whole ctest suite,
# runs it again under AddressSanitizer + UndefinedBehaviorSanitizer, and
# runs every fuzz target for a short bounded time (clang + libFuzzer).
# Needs the dependencies that scripts/setup.sh installs.
# Environment: FUZZ_SECONDS (default 20 per target; 0 skips fuzzing).
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
fuzz_seconds=${FUZZ_SECONDS:-20}
passed=0
failed=0

note() { printf '== %s\n' "$*"; }
tally() {  # tally NAME STATUS: one check that passed (0) or failed
  if [ "$2" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); note "FAILED: $1"; fi
}
run_ctest() {  # run_ctest BUILD_DIR [ENV…]: adds ctest's own counts to the tally
  local dir=$1 log
  shift
  log=$(mktemp)
  (cd "$dir" && env "$@" ctest --output-on-failure -j"$jobs") 2>&1 | tee "$log"
  local summary total bad
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -1)
  rm -f "$log"
  if [ -z "$summary" ]; then tally "ctest in $dir" 1; return; fi
  total=${summary##* out of }
  bad=$(echo "$summary" | sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/')
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  [ "$bad" = 0 ] || note "FAILED: $bad ctest tests in $dir"
}

note "build (warnings are errors)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVM_WERROR=ON >/dev/null &&
  cmake --build build -j"$jobs" >/dev/null
tally build $?
run_ctest build

note "sanitizer build (ASan + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVM_WERROR=ON -DVM_SANITIZE=ON >/dev/null &&
  cmake --build build-asan -j"$jobs" >/dev/null
tally build-asan $?
run_ctest build-asan ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

if [ "$fuzz_seconds" -gt 0 ] && command -v clang >/dev/null; then
  note "fuzz targets, ${fuzz_seconds}s each"
  targets=$(for src in tests/fuzz/fuzz_*.c; do basename "$src" .c; done)
  # shellcheck disable=SC2086
  CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DVM_FUZZ=ON -DVM_SANITIZE=ON >/dev/null &&
    cmake --build build-fuzz -j"$jobs" --target $targets >/dev/null
  tally build-fuzz $?
  for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    work=$(mktemp -d)
    cp tests/fuzz/corpus/"$name"/* "$work"/
    ./build-fuzz/tests/"$name" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$work/" "$work" >"$work.log" 2>&1
    status=$?
    [ "$status" = 0 ] || { tail -40 "$work.log"; ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null; }
    tally "fuzz $name" "$status"
    rm -rf "$work" "$work.log"
  done
fi

echo "test.sh: $passed passed, $failed failed"
[ "$failed" = 0 ]
