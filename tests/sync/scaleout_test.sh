#!/bin/sh
# ctest sync_scaleout_postgresql: runs test_sync_scaleout against the throw-away PostgreSQL of
# the anl_postgres fixture with HAProxy. Without either it is skipped (77), never passed; under
# CI=true a skip is a failure, so CI cannot go green without the scale-out test.
# Usage: scaleout_test.sh TEST_BINARY CONNINFO_FILE HAPROXY
binary=$1 conninfo=$2 haproxy=$3
skip() {
  echo "sync_scaleout_postgresql: $1"
  if [ "${CI:-}" = "true" ]; then echo "CI=true: the scale-out test must run here; that is a failure." >&2; exit 1; fi
  exit 77
}
grep -q '^postgresql://' "$conninfo" 2>/dev/null || skip "no PostgreSQL: $(cat "$conninfo" 2>/dev/null)"
[ -x "$haproxy" ] || skip "HAProxy is not installed (packaging/install-deps.sh installs it)"
ANL_TEST_POSTGRES_FILE=$conninfo exec "$binary" '[scaleout]'
