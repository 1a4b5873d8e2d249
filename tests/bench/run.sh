#!/usr/bin/env bash
# Runs every benchmark present: builds the bench_* targets, then runs each build/bin/bench_*.
# Benchmarks are never part of ctest; figures go to docs/PERFORMANCE.md by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake -S . -B build -DANL_BUILD_BENCH=ON >/dev/null
targets=$(cmake --build build --target help | sed -n 's/^\.\.\. \(bench_[a-z0-9_]*\).*/\1/p')
[ -n "$targets" ] || { echo "run.sh: no benchmarks found" >&2; exit 1; }
for t in $targets; do cmake --build build -j2 --target "$t" >/dev/null; done
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
for t in $targets; do
  echo "## $t"
  "build/bin/$t" "$@"
done
