#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through ctest.
# Screen tests need a display: without one, this starts Xvfb for the run.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
packaging/build.sh

if [ -z "${DISPLAY:-}" ]; then
  display=":$(( 90 + RANDOM % 100 ))"
  Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
  export DISPLAY="$display"
  sleep 1
fi

cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600 "$@"
