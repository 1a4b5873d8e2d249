#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through ctest (docs/TESTING.md).
# Screen tests need a display: without one, this starts Xvfb for the run.
#
# Then two more configurations, each in its own build directory, after the normal run:
#   ANL_TEST_SANITIZE=1  Debug (-O1) with AddressSanitizer + UndefinedBehaviorSanitizer
#                        (build-asan/), the whole ctest suite again. On by default under CI
#                        (CI=true); 0 leaves it out (docs/TESTING.md).
#   ANL_TEST_FUZZ=1      every libFuzzer target for a short while (packaging/fuzz.sh,
#                        build-fuzz/, clang); ANL_FUZZ_SECONDS per target (default 45).
#                        On by default under CI (CI=true); 0 leaves it out.
# Arguments go to every ctest run (e.g. -L screen).
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
packaging/build.sh

ci=false
[ "${CI:-}" = "true" ] && ci=true
sanitize=${ANL_TEST_SANITIZE:-$([ $ci = true ] && echo 1 || echo 0)}
fuzz=${ANL_TEST_FUZZ:-$([ $ci = true ] && echo 1 || echo 0)}

if [ -z "${DISPLAY:-}" ]; then
  # Xvfb picks a free display itself (-displayfd) and says which: a number of our own
  # choosing could belong to another X server, whose end would take our tests with it.
  display_file=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$display_file" >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true; rm -f "$display_file"' EXIT
  for _ in $(seq 100); do
    [ -s "$display_file" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || { echo "Xvfb did not start." >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$display_file" ] || { echo "Xvfb did not report its display within 10 s." >&2; exit 1; }
  export DISPLAY=":$(tr -d '[:space:]' <"$display_file")"
fi

seconds() { date +%s; }
began=$(seconds)
summary_file=$(mktemp)
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 600 "$@") | tee "$summary_file"
echo "test.sh: the normal run took $(( $(seconds) - began )) s"
# ctest's count, said again as the last line (after the fuzz output), so the run's totals are
# what a reader of its end sees: "ctest: N passed, N failed".
summary=$(sed -n 's/^[0-9]*% tests passed, \([0-9]*\) tests failed out of \([0-9]*\)$/\2 \1/p' "$summary_file" | tail -1)
rm -f "$summary_file"

if [ "$sanitize" = 1 ]; then
  began=$(seconds)
  werror=OFF
  [ $ci = true ] && werror=ON
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DANL_SANITIZE=address,undefined \
    -DANL_BUILD_BENCH=OFF -DANL_WERROR=$werror "${launcher[@]}" >/dev/null
  cmake --build build-asan -j"$(nproc)"
  built=$(seconds)
  # Leaks of third-party libraries only (Mesa under Xvfb ...): tests/sanitizer/lsan.supp.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizer/lsan.supp:print_suppressions=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:suppressions=$PWD/tests/sanitizer/ubsan.supp}
  (cd build-asan && ctest --output-on-failure -j"$(nproc)" --timeout 900 "$@")
  echo "test.sh: AddressSanitizer + UBSan: build $(( built - began )) s, suite $(( $(seconds) - built )) s"
fi

if [ "$fuzz" = 1 ]; then
  began=$(seconds)
  packaging/fuzz.sh
  echo "test.sh: fuzzing took $(( $(seconds) - began )) s"
fi

if [ -n "$summary" ]; then
  read -r total failed <<<"$summary"
  echo "ctest: $(( total - failed )) passed, $failed failed"
fi
