#!/usr/bin/env bash
# The upgrade: a central database and terminal stores made by the previous release's programs
# (tests/install/fixtures, README.md there) open with this build's programs. The stores'
# migrations run; every ticket, appointment and staff member is still there (a staff member
# signs in with the old PIN); a new ticket is issued on the old kiosk store and synced
# through the new central that opened the old database; the old desk receives it; and a
# terminal enrolled now receives every old event from the central.
# Usage: upgrade_test.sh BIN_DIR FIXTURES_DIR
set -euo pipefail
bin=$(realpath "$1") fixtures=$(realpath "$2")
skip() { echo "SKIPPED: $*"; exit 77; }
for tool in sqlite3 curl python3; do command -v "$tool" >/dev/null || skip "$tool is missing (packaging/install-deps.sh)"; done
work=$(mktemp -d "${TMPDIR:-/tmp}/anl-upgrade.XXXXXX")
central_pid=""
cleanup() { [ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; [ -f "$work/central.log" ] && cat "$work/central.log" >&2; exit 1; }
ctl() { "$bin/anlaufstelle-ctl" "$@"; }
count() { sqlite3 "$work/$1" "$2"; }

# The old files, as the previous release left them.
for name in central kiosk desk; do sqlite3 "$work/$name.db" <"$fixtures/$name.sql"; done
for name in kiosk desk; do
  cp "$fixtures/$name.db.sync.json" "$work/"; chmod 600 "$work/$name.db.sync.json"
  [ -f "$fixtures/$name.db.sync-order" ] && cp "$fixtures/$name.db.sync-order" "$work/"
done
old_version=$(count kiosk.db "PRAGMA user_version")
old_tickets=$(count kiosk.db "SELECT count(*) FROM tickets")
old_desk_tickets=$(count desk.db "SELECT count(*) FROM tickets")
old_bookings=$(count kiosk.db "SELECT count(*) FROM appointment_bookings")
old_staff=$(count desk.db "SELECT count(*) FROM staff")
old_events=$(count central.db "SELECT count(*) FROM events")
echo "old files: kiosk store version $old_version, $old_tickets tickets, $old_bookings bookings; desk: $old_staff staff;" \
     "central: $old_events events"
[ "$old_tickets" -ge 4 ] && [ "$old_bookings" -ge 1 ] && [ "$old_staff" -ge 2 ] && [ "$old_events" -ge 10 ] ||
  fail "the fixtures hold less than their README says"

# The new central on the old database.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
echo "upgrade-test-admin-token-0123456789" >"$work/admin-token"
"$bin/anlaufstelle-central" --listen "127.0.0.1:$port" --db "$work/central.db" --admin-token-file "$work/admin-token" \
  >"$work/central.log" 2>&1 &
central_pid=$!
for _ in $(seq 200); do curl -fsS "$url/healthz" >/dev/null 2>&1 && break; kill -0 "$central_pid" || break; sleep 0.05; done
curl -fsS "$url/healthz" >/dev/null || fail "the new central does not start on the old database"

# The new ctl opens the old stores: the migrations run, nothing is lost.
ctl --db "$work/kiosk.db" --json queue list >"$work/queue.json" || fail "the new ctl cannot open the old kiosk store"
ctl --db "$work/desk.db" --json queue list >/dev/null || fail "the new ctl cannot open the old desk store"
new_version=$(count kiosk.db "PRAGMA user_version")
[ "$new_version" -gt "$old_version" ] || fail "the kiosk store was not migrated ($old_version -> $new_version)"
[ "$(count desk.db 'PRAGMA user_version')" = "$new_version" ] || fail "the desk store was not migrated"
[ "$(count kiosk.db 'SELECT count(*) FROM tickets')" = "$old_tickets" ] || fail "tickets were lost in the migration"
[ "$(count desk.db 'SELECT count(*) FROM tickets')" = "$old_desk_tickets" ] || fail "the desk's tickets were lost"
[ "$(count kiosk.db 'SELECT count(*) FROM appointment_bookings')" = "$old_bookings" ] || fail "bookings were lost"
[ "$(count desk.db 'SELECT count(*) FROM staff')" = "$old_staff" ] || fail "staff were lost in the migration"
ctl --db "$work/kiosk.db" --json appointment list | python3 -c '
import json, sys
bookings = json.load(sys.stdin)
bookings = bookings if isinstance(bookings, list) else bookings.get("appointments", [])
sys.exit(0 if len(bookings) == '"$old_bookings"' else 1)' || fail "appointment list does not show the old bookings"
ctl --db "$work/desk.db" staff sign-in --number 101 --pin 4711 >/dev/null || fail "an old staff member cannot sign in"
ctl --db "$work/kiosk.db" events list --json >/dev/null || fail "the old events cannot be listed"

# A new ticket on the old kiosk store reaches the old desk through the new central.
number=$(ctl --db "$work/kiosk.db" --json ticket issue --service abh.permit-extension --lang ar |
         python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])')
ctl --db "$work/kiosk.db" --central "$url" sync now | tee "$work/sync-kiosk.log"
grep -q '^Synced: 1 sent' "$work/sync-kiosk.log" || fail "the new ticket $number was not synced"
ctl --db "$work/desk.db" --central "$url" sync now >/dev/null || fail "the old desk cannot sync with the new central"
ctl --db "$work/desk.db" --json queue list | grep -q "\"$number\"" || fail "the old desk did not receive $number"

# The central serves the old events: a terminal enrolled now receives all of them.
ctl --db "$work/fresh.db" init --site site-old --device desk-9 --slot 9 --role desk >/dev/null
code=$(ctl --central "$url" --json device add --site site-old --role desk --name fresh --admin-token-file "$work/admin-token" |
       python3 -c 'import json,sys; print(json.load(sys.stdin)["enrol_code"])')
ctl --db "$work/fresh.db" enroll --central "$url" --code "$code" >/dev/null
ctl --db "$work/fresh.db" sync now >/dev/null
central_events=$(ctl --db "$work/fresh.db" --json events list --limit 100000 | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
[ "$central_events" -ge $((old_events + 1)) ] ||
  fail "a new terminal received $central_events events from the upgraded central, not the $old_events old ones and the new ticket"
echo "upgrade: store version $old_version -> $new_version; $old_tickets tickets, $old_bookings bookings, $old_staff staff kept;" \
     "$number synced; $central_events events served to a new terminal"
