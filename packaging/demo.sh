#!/usr/bin/env bash
# The demo site: installs what is missing, builds, and runs a scripted demo morning of a
# service centre through anlaufstelle-ctl on a fresh demo store (build/demo/demo.db), then
# prints the queue. Idempotent: every run starts the demo store afresh.
# (When the terminal screens exist, this script also starts them on the demo store.)
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
