#!/usr/bin/env bash
# The central judges pushed check-ins with the site's window (--check-in-before/--check-in-after,
# core::JudgeCheckIn), not a built-in default: it says which window it uses when it starts, and
# refuses a window that is not one.
# Usage: central_check_in_window.sh BIN_DIR
set -euo pipefail
bin="$1"
. "$(dirname "$0")/../sync/loopback_central.sh"

central_args=(--check-in-before 60 --check-in-after 5)
start_central
grep -q "check-in from 60 min before to 5 min after an appointment" "$dir/central.log" || {
  echo "the central does not use the site's check-in window:" >&2; cat "$dir/central.log" >&2; exit 1; }
kill_central

# Without the options: the terminals' default (QueueRules: 30 and 15 minutes).
central_args=()
port=0
start_central
grep -q "check-in from 30 min before to 15 min after" "$dir/central.log" || { cat "$dir/central.log" >&2; exit 1; }
kill_central

# A negative window is a usage error (exit 64, EX_USAGE), never a silent default.
rc=0
"$bin/anlaufstelle-central" --db "$dir/x.db" --check-in-before -5 >"$dir/bad.log" 2>&1 || rc=$?
[ "$rc" = 64 ] || { echo "expected exit 64, got $rc:" >&2; cat "$dir/bad.log" >&2; exit 1; }
grep -q -- "--check-in-before" "$dir/bad.log" || { cat "$dir/bad.log" >&2; exit 1; }
echo "ok: the central's check-in window is the site's"
