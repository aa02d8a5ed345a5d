#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 30) on its seed corpus (tests/fuzz/corpus/<name>,
# never modified: new inputs go to build-fuzz/corpus/<name>) and prints the executions per target.
# Builds the `fuzz` preset first (clang-14). A crash leaves its input in build-fuzz/artifacts/ and makes
# the script exit non-zero; turn it into a GoogleTest regression test (tests/io, tests/cli) with the fix.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET ...]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-30}
shift || true
build="$here/build-fuzz"
cd "$here"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
build_start=$SECONDS
[ -f "$build/CMakeCache.txt" ] || cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build --preset fuzz --parallel "$(nproc)" >"$build/build.log" 2>&1 || { tail -40 "$build/build.log"; exit 1; }
echo "fuzz targets built in $((SECONDS - build_start)) s; running each for $seconds s"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for folder in "$here"/tests/fuzz/corpus/*/; do targets+=("$(basename "$folder")"); done
fi
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$here/tests/sanitizers/lsan.supp:print_suppressions=0"
mkdir -p "$build/artifacts"
failed=0
printf '%-16s %12s %10s  %s\n' target executions exec/s result
for target in "${targets[@]}"; do
  work="$build/corpus/$target"
  mkdir -p "$work"
  log="$build/fuzz_$target.log"
  status=0
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$target-" "$work" "$here/tests/fuzz/corpus/$target" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  if [ "$status" -eq 0 ]; then result=ok; else result="FAILED (see $log)"; failed=1; fi
  printf '%-16s %12s %10s  %s\n' "$target" "$runs" "$rate" "$result"
done
exit $failed
