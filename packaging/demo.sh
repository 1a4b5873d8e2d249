#!/usr/bin/env bash
# The demo site, the way a real one runs: a central service on 127.0.0.1 with its embedded
# store, and three terminals enrolled to it, each with its own store:
#   1. installs what is missing and builds (skip with ANL_DEMO_SKIP_BUILD=1);
#   2. starts anlaufstelle-central (build/demo/central.db) and publishes the site's
#      configuration: the shipped catalogue and translations, opening hours and the staff
#      list (PIN hashes only);
#   3. sets up, registers and enrols a kiosk, a front desk and a call display, and starts a
#      sync worker for each (`anlaufstelle-ctl sync run`) for the scripted morning;
#   4. plays a scripted morning: the kiosk issues, the desk calls; then the network goes
#      (the central service is stopped), kiosk and desk keep working, the central returns and
#      all three converge;
#   5. plays a visitor's appointment on a side site of its own (tests/appointments/day_story.sh):
#      booked at a kiosk, the slip's QR code read back, checked in the next day, called,
#      referred to a partner with a slip, handed to case management (slips in build/demo/slips);
#   6. stops those workers and starts the three terminal windows on their own stores: an
#      enrolled terminal syncs itself (in-process worker). Without a display that outlives
#      this script (DISPLAY unset, or xvfb-run's, which ends with the script) the demo starts
#      its own Xvfb and keeps it for the windows' lifetime.
# Idempotent: every run stops the previous demo (only the processes it recorded) and starts
# afresh. `packaging/demo.sh stop` stops everything it started, and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

demo=build/demo
pids=$demo/demo.pids
ctl=build/bin/anlaufstelle-ctl
central_bin=build/bin/anlaufstelle-central
term=build/bin/anlaufstelle
site=demo-centre

# Stops what an earlier run recorded, by process id, the last started first (the windows
# before their display).
stop_previous() {
  [ -f "$pids" ] || return 0
  tac "$pids" | while read -r pid what; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; echo "stopped $what (pid $pid)"; fi
  done
  rm -f "$pids"
}
if [ "${1:-}" = "stop" ]; then stop_previous; exit 0; fi

if [ "${ANL_DEMO_SKIP_BUILD:-}" != 1 ]; then
  packaging/install-deps.sh
  packaging/build.sh >/dev/null
fi

stop_previous
rm -rf "$demo"
mkdir -p "$demo/logs"
record() { echo "$1 $2" >>"$pids"; }
say() { printf '\n== %s\n' "$*"; }
run() { local db=$1; shift; printf '$ anlaufstelle-ctl --db %s %s\n' "$(basename "$db")" "$*"; "$ctl" --db "$db" "$@"; }

# --- the central service -------------------------------------------------------------------
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$demo/admin.token"
chmod 600 "$demo/admin.token"
port=${ANL_DEMO_PORT:-0}  # 0: a free port on the first start; a restart reuses it
central=""
url=""
start_central() {
  : >"$demo/logs/central.log"
  "$central_bin" --listen "127.0.0.1:$port" --db "$demo/central.db" \
    --admin-token-file "$demo/admin.token" >>"$demo/logs/central.log" 2>&1 &
  central=$!
  record "$central" central
  for _ in $(seq 100); do
    listening=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$demo/logs/central.log")
    if [ -n "$listening" ]; then port=$listening; url="http://127.0.0.1:$port"; return 0; fi
    kill -0 "$central" 2>/dev/null || break
    sleep 0.05
  done
  echo "The central service did not start:" >&2; cat "$demo/logs/central.log" >&2; exit 1
}

say "The central service with its embedded store, on 127.0.0.1 only"
start_central
echo "anlaufstelle-central (pid $central) at $url, store $demo/central.db"

say "The administrator publishes the site's configuration (catalogue, translations, hours, staff)"
cat >"$demo/hours.toml" <<'HOURS'
# When the centre's doors are open for walk-ins (appointment hours are in the catalogue).
hours = ["mon-fri 08:00-12:00", "mon,thu 13:00-17:30"]
closed = ["2026-12-24", "2026-12-25", "2026-12-31"]
HOURS
hash=$(printf '482913\n' | "$ctl" config hash-pin)
printf '[[staff]]\nnumber = "1042"\nname = "Demo Desk"\npin_hash = "%s"\n' "$hash" >"$demo/staff.toml"
echo '$ anlaufstelle-ctl --central URL config publish --site demo-centre --catalogue assets/catalogue --translations i18n/catalogs --hours hours.toml --staff staff.toml'
"$ctl" --central "$url" config publish --site "$site" --catalogue assets/catalogue --translations i18n/catalogs \
  --hours "$demo/hours.toml" --staff "$demo/staff.toml" --admin-token-file "$demo/admin.token"

say "Three terminals, each with its own store, registered and enrolled"
slot=0
for role in kiosk desk board; do
  db=$demo/$role.db
  "$ctl" --db "$db" init --site "$site" --device "$role-1" --slot $slot --role $role >/dev/null
  code=$("$ctl" --central "$url" --json device add --site "$site" --role $role --name "demo $role" \
         --admin-token-file "$demo/admin.token" | sed -n 's/.*"enrol_code":"\([^"]*\)".*/\1/p')
  "$ctl" --db "$db" enroll --central "$url" --code "$code"
  "$ctl" --db "$db" sync run --poll-ms 1000 >"$demo/logs/sync-$role.log" 2>&1 &
  record $! "sync-$role"
  slot=$((slot + 1))
done
"$ctl" --central "$url" device list --admin-token-file "$demo/admin.token"

# Waits until all three stores show the same queue (the sync workers poll every second).
# (An empty queue is an answer too: grep finding nothing must not end the demo.)
queue_of() { "$ctl" --db "$demo/$1.db" --json queue list | { grep -o '"number":"[^"]*"\|"state":"[^"]*"' || true; } | paste -d' ' - - | sort; }
converge() {
  for _ in $(seq 150); do
    k=$(queue_of kiosk); d=$(queue_of desk); b=$(queue_of board)
    if [ "$k" = "$d" ] && [ "$k" = "$b" ]; then return 0; fi
    sleep 0.2
  done
  echo "The terminals did not converge:" >&2; printf 'kiosk:\n%s\ndesk:\n%s\nboard:\n%s\n' "$k" "$d" "$b" >&2; exit 1
}
configured() {
  for _ in $(seq 150); do
    "$ctl" --db "$demo/$1.db" --json sync status | grep -q '"config_version":[1-9]' && return 0
    sleep 0.2
  done
  echo "The $1 did not receive the configuration." >&2; exit 1
}
for role in kiosk desk board; do configured $role; done
echo "All three terminals applied the published configuration:"
"$ctl" --db "$demo/desk.db" sync status

kiosk=$demo/kiosk.db
desk=$demo/desk.db
say "08:00 Visitors take tickets at the kiosk, each in their own language"
run "$kiosk" ticket issue --service abh.permit-extension --lang ps --interpreter
run "$kiosk" ticket issue --service fsa.benefits --lang ar --priority children
run "$kiosk" ticket issue --service int.language-course --lang uk
run "$kiosk" ticket issue --service abh.address-change --lang fa
run "$kiosk" ticket issue --service fsa.accommodation --lang ti --interpreter
converge

say "The desk signs in with the staff list the central handed down (no PIN ever left the admin)"
run "$desk" staff sign-in --number 1042 --pin 482913

say "The foreigners' authority calls its first visitor; the call reaches the display through the central"
run "$desk" desk --staff 1042 call-next --office abh --counter 1
run "$desk" desk start --ticket A-001
run "$desk" desk transfer --ticket A-001 --service fsa.accommodation --note "needs a flat; permit extended"
run "$desk" desk call-next --office fsa --counter 3
converge
run "$demo/board.db" queue list

say "The network goes: the central service stops. Kiosk and desk keep working on their own stores"
kill "$central"; wait "$central" 2>/dev/null || true
run "$kiosk" ticket issue --service abh.eat-collect --lang tr
run "$kiosk" ticket issue --service int.job-training --lang en --priority mobility
run "$desk" desk start --ticket S-001
run "$desk" desk finish --ticket S-001 --outcome resolved
sleep 2
run "$kiosk" sync status

say "The central service returns; every terminal converges"
start_central
converge
run "$desk" queue list
echo "Kiosk, desk and call display show the same queue."

say "A visitor's appointment, from the kiosk to the next day (on a side site of its own)"
# The same story as the ctest appointments_day_story: booked at a kiosk, the printed slip's QR
# code read back, checked in the next day (its programs' clocks moved with libfaketime), called
# before a walk-in, referred to a partner with a slip, handed to case management with a first
# appointment. Its slips stay in $demo/slips/ to look at.
mkdir -p "$demo/slips"
if ! tests/appointments/day_story.sh build/bin assets/catalogue "$demo/slips" >"$demo/logs/day-story.log" 2>&1; then
  echo "The appointment story failed:" >&2; cat "$demo/logs/day-story.log" >&2; exit 1
fi
grep -E '^(---|booked|called|the slip|the referral|[A-Z]-[0-9]{3} )' "$demo/logs/day-story.log"
echo "Its printed slips (PNG, as an 80 mm receipt printer would print them): $demo/slips/"

say "The terminals"
started="central (pid $central, $url), sync workers for kiosk, desk and call display"
# xvfb-run's display ends with this script (xvfb-run stops its Xvfb when its command
# returns); it marks itself by the Xauthority file it creates.
case ${XAUTHORITY:-} in */xvfb-run.*/Xauthority) unset DISPLAY ;; esac
own_display=""
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # An Xvfb of our own that outlives this script; it picks a free display and says which.
  display_file=$demo/xvfb.display
  : >"$display_file"
  setsid Xvfb -displayfd 3 -screen 0 1920x1280x24 -nolisten tcp 3>"$display_file" >"$demo/logs/xvfb.log" 2>&1 &
  record $! xvfb
  for _ in $(seq 100); do
    [ -s "$display_file" ] && break
    kill -0 "$!" 2>/dev/null || { echo "Xvfb did not start:" >&2; cat "$demo/logs/xvfb.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$display_file" ] || { echo "Xvfb did not report its display within 10 s." >&2; exit 1; }
  export DISPLAY=":$(tr -d '[:space:]' <"$display_file")"
  own_display=$DISPLAY
  echo "No display to outlive this script, so the demo started its own: Xvfb on $DISPLAY (stopped with the demo)."
  echo "Look at it: xwd -display $DISPLAY -root | convert xwd:- demo.png   (or x11vnc -display $DISPLAY)"
fi
# The windows sync themselves: the scripted morning's workers step aside first.
while read -r pid what; do
  case $what in sync-*) kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true ;; esac
done <"$pids"
grep -v ' sync-' "$pids" >"$pids.tmp" || true; mv "$pids.tmp" "$pids"
started="central (pid $central, $url)"
# setsid: the windows belong to the demo, not to the shell or xvfb-run that started it.
setsid "$term" --role board --db "$demo/board.db" --size 1280x720 >"$demo/logs/board.log" 2>&1 &
record $! board
setsid "$term" --role desk --db "$desk" --size 1280x720 --counter 1 >"$demo/logs/desk.log" 2>&1 &
record $! desk
setsid "$term" --role kiosk --db "$kiosk" --size 720x1280 >"$demo/logs/kiosk.log" 2>&1 &
record $! kiosk
started="$started, and the kiosk, front desk and call display windows (each syncs itself)"
[ -z "$own_display" ] || started="$started on Xvfb $own_display"
echo "At the desk sign in with staff number 1042 and PIN 482913; F1 calls the next visitor."
echo "Take a ticket at the kiosk: it reaches the desk and the display through the central service."
echo
echo "Started: $started."
while read -r pid what; do kill -0 "$pid" 2>/dev/null && echo "  pid $pid  $what"; done <"$pids"
echo "Stores and logs: $demo/ (central.db, kiosk.db, desk.db, board.db, logs/)."
echo "Pull the network: kill $central   (kiosk and desk keep working; restart the central to converge:"
echo "  $central_bin --listen 127.0.0.1:$port --db $demo/central.db --admin-token-file $demo/admin.token)"
echo "Stop everything: packaging/demo.sh stop"
