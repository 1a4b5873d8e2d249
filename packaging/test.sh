#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through ctest.
# Screen tests need a display: without one, this starts Xvfb for the run.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
packaging/build.sh

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

cd build
ctest --output-on-failure -j"$(nproc)" --timeout 600 "$@"
