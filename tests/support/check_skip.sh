#!/bin/sh
# check_skip.sh TEST_BINARY: a test program that needs a display, run without one, must say
# "skipped" (exit 77, which ctest's SKIP_RETURN_CODE reports as skipped) and never pass; with
# CI=true it must fail (neither 0 nor 77), so CI cannot go green without the screen tests.
binary=$1
env -u DISPLAY -u CI "$binary" >/dev/null 2>&1
rc=$?
if [ "$rc" -ne 77 ]; then
  echo "without a display $binary exited $rc; want 77 (skipped)"
  exit 1
fi
env -u DISPLAY CI=true "$binary" >/dev/null 2>&1
rc=$?
if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
  echo "without a display under CI=true $binary exited $rc; want a failure"
  exit 1
fi
echo "without a display: skipped (77); under CI: failed ($rc)"
