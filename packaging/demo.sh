#!/usr/bin/env bash
# The demo site: installs what is missing, builds, and runs a scripted demo morning of a
# service centre through anlaufstelle-ctl on a fresh demo store (build/demo/demo.db), then
# prints the queue. Idempotent: every run starts the demo store afresh.
# Then, when a display is available, it starts the terminals on the same demo store: a kiosk,
# a front desk (signed in as 1042 / 482913 at counter 1) and a call display, in the background.
# Until sync exists they share one local store file.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/install-deps.sh
packaging/build.sh >/dev/null

ctl=build/bin/anlaufstelle-ctl
demo=build/demo
db=$demo/demo.db
mkdir -p "$demo"
rm -f "$db" "$db-wal" "$db-shm"

say() { printf '\n== %s\n' "$*"; }
run() { printf '$ anlaufstelle-ctl %s\n' "$*"; "$ctl" --db "$db" "$@"; }

say "Opening the centre: the site, its three offices and their services from the shipped catalogue"
run init --site demo-centre --device kiosk-1 --slot 0
run staff add --number 1042 --name "Demo Desk" --pin 482913 >/dev/null
run staff sign-in --number 1042 --pin 482913

say "08:00 Visitors take tickets at the kiosk, each in their own language"
run ticket issue --service abh.permit-extension --lang ps --interpreter
run ticket issue --service fsa.benefits --lang ar --priority children
run ticket issue --service int.language-course --lang uk
run ticket issue --service abh.address-change --lang fa
run ticket issue --service fsa.accommodation --lang ti --interpreter
run ticket issue --service abh.eat-collect --lang tr
run ticket issue --service int.job-training --lang en --priority mobility

say "The queue as the desks see it"
run queue list

say "The foreigners' authority calls its first visitor and serves them"
run desk --staff 1042 call-next --office abh --counter 1
run desk start --ticket A-001

say "They need social work too: sent on without queueing again (the one-stop idea)"
run desk transfer --ticket A-001 --service fsa.accommodation --note "needs a flat; permit extended"

say "Social work calls: the family with small children first, then the transferred visitor, who keeps their place"
run desk call-next --office fsa --counter 3
run desk start --ticket S-001
run desk finish --ticket S-001 --outcome resolved
run desk call-next --office fsa --counter 3
run desk start --ticket A-001
run desk finish --ticket A-001 --outcome follow_up

say "A visitor does not come: called, recalled, then marked a no-show; another fetches a photo (parked)"
run desk call-next --office abh --counter 2
run desk recall --ticket A-002
run desk no-show --ticket A-002
run desk call-next --office abh --counter 2
run desk park --ticket A-003

say "Integration services call next"
run desk call-next --office int --counter 5

say "The queue now"
run queue list

say "Every change is an event in the outbox (what sync sends to the central service)"
run events list | tail -n 8
echo "(store: $db; see all with: $ctl --db $db events list)"

say "The terminals: a kiosk, a front desk and a call display, sharing the demo store"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display here (DISPLAY is not set), so the terminals were not started."
  echo "Run packaging/demo.sh in a graphical session, or try a virtual one:"
  echo "  Xvfb :99 & DISPLAY=:99 packaging/demo.sh"
  exit 0
fi
term=build/bin/anlaufstelle
logs=$demo/logs
mkdir -p "$logs"
"$term" --role board --db "$db" --size 1280x720 >"$logs/board.log" 2>&1 &
board=$!
"$term" --role desk --db "$db" --size 1280x720 --office abh --counter 1 >"$logs/desk.log" 2>&1 &
desk=$!
"$term" --role kiosk --db "$db" --size 720x1280 >"$logs/kiosk.log" 2>&1 &
kiosk=$!
echo "$kiosk $desk $board" >"$demo/terminals.pid"
echo "Started on $db: kiosk (pid $kiosk), front desk (pid $desk), call display (pid $board)."
echo "At the desk sign in with staff number 1042 and PIN 482913; F1 calls the next visitor."
echo "Take a ticket at the kiosk: it appears at the desk; a call appears (with a chime) on the display."
echo "Logs: $logs/. To stop all three: kill $kiosk $desk $board   (or close their windows)"
