#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a short while (docs/TESTING.md).
#   packaging/fuzz.sh [SECONDS_PER_TARGET]   (default 45; environment ANL_FUZZ_SECONDS too)
# Builds only the fuzz targets and the libraries they need, with clang, libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer, into build-fuzz/. Each target starts from
# its seed corpus in the repository (read only: new inputs go to build-fuzz/corpus/<target>);
# a crash leaves its input in build-fuzz/findings/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${ANL_FUZZ_SECONDS:-45}}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANL_FUZZ=ON -DANL_BUILD_BENCH=OFF \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target anl_fuzz

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p build-fuzz/findings
failed=0
for source in tests/fuzz/*.cpp; do
  target=$(basename "$source" .cpp)
  [ -d "tests/fuzz/$target" ] || continue  # replay_main.cpp and helpers have no corpus
  work=build-fuzz/corpus/$target
  mkdir -p "$work"
  echo "fuzz_$target: ${seconds} s"
  if ! build-fuzz/tests/fuzz_"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix=build-fuzz/findings/"$target"- -print_final_stats=1 \
       "$work" "tests/fuzz/$target" >build-fuzz/fuzz_"$target".log 2>&1; then
    echo "fuzz_$target FAILED: see build-fuzz/fuzz_$target.log and build-fuzz/findings/" >&2
    tail -n 40 build-fuzz/fuzz_"$target".log >&2
    failed=1
  else
    grep -E "stat::number_of_executed_units|cov: " build-fuzz/fuzz_"$target".log | tail -n 2
  fi
done
exit $failed
