#!/usr/bin/env bash
# The sync story with the real programs, on 127.0.0.1 only (also a ctest):
#   a central service, a kiosk, a desk and a call display enrolled to it; the central goes
#   away (kill -9) while the kiosk issues and the desk calls; it comes back; everything
#   converges: all three terminals show the same queue.
# Usage: demo_loopback.sh BIN_DIR        (BIN_DIR holds anlaufstelle-ctl and anlaufstelle-central)
set -euo pipefail
bin=$1
ctl="$bin/anlaufstelle-ctl"
dir=$(mktemp -d)
central_pid=""
cleanup() {
  if [ -n "$central_pid" ]; then kill -9 "$central_pid" 2>/dev/null; wait "$central_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
port=0  # the first start picks a free port; restarts reuse it
url=""
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/admin.token"

start_central() {
  : > "$dir/central.log"
  "$bin/anlaufstelle-central" --listen "127.0.0.1:$port" --db "$dir/central.db" \
    --admin-token-file "$dir/admin.token" >>"$dir/central.log" 2>&1 &
  central_pid=$!
  for _ in $(seq 100); do
    # "anlaufstelle-central: listening on 127.0.0.1:PORT with the sqlite store"
    listening=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/central.log")
    if [ -n "$listening" ]; then port=$listening; url="http://127.0.0.1:$port"; return 0; fi
    sleep 0.05
  done
  echo "the central service did not start:" >&2; cat "$dir/central.log" >&2; exit 1
}
say() { echo "--- $*"; }

start_central
slot=0
for t in kiosk desk board; do
  [ $t = board ] && slot=5
  "$ctl" --db "$dir/$t.db" init --site demo --device "$t-1" --slot $slot --role $t >/dev/null
  code=$("$ctl" --central "$url" --json device add --site demo --role $t --admin-token-file "$dir/admin.token" |
         sed -n 's/.*"enrol_code":"\([^"]*\)".*/\1/p')
  "$ctl" --db "$dir/$t.db" enroll --central "$url" --code "$code"
  slot=$((slot + 1))
done

say "online: the kiosk issues two tickets, the desk calls one"
"$ctl" --db "$dir/kiosk.db" ticket issue --service abh.permit-extension >/dev/null
"$ctl" --db "$dir/kiosk.db" ticket issue --service abh.address-change >/dev/null
"$ctl" --db "$dir/kiosk.db" sync now
"$ctl" --db "$dir/desk.db" sync now
"$ctl" --db "$dir/desk.db" desk call-next --office abh --counter 3 >/dev/null
"$ctl" --db "$dir/desk.db" sync now

say "the central service dies (kill -9); kiosk and desk keep working"
kill -9 "$central_pid"; wait "$central_pid" 2>/dev/null || true; central_pid=""
"$ctl" --db "$dir/kiosk.db" ticket issue --service fsa.counselling >/dev/null
"$ctl" --db "$dir/desk.db" desk call-next --office abh --counter 3 >/dev/null
if "$ctl" --db "$dir/kiosk.db" sync now 2>/dev/null; then echo "sync should fail while the central is down" >&2; exit 1; fi
"$ctl" --db "$dir/kiosk.db" sync status

say "the central service returns; everyone converges"
start_central
for round in 1 2; do for t in kiosk desk board; do "$ctl" --db "$dir/$t.db" sync now >/dev/null; done; done
for t in kiosk desk board; do
  "$ctl" --db "$dir/$t.db" --json queue list | grep -o '"number":"[^"]*"\|"state":"[^"]*"' | paste -d' ' - - | sort \
    > "$dir/$t.queue"
done
cat "$dir/kiosk.queue"
cmp "$dir/kiosk.queue" "$dir/desk.queue" && cmp "$dir/kiosk.queue" "$dir/board.queue"
[ "$(grep -c '"called"' "$dir/kiosk.queue")" -eq 2 ] && [ "$(wc -l < "$dir/kiosk.queue")" -eq 3 ]
"$ctl" --central "$url" device list --admin-token-file "$dir/admin.token"
say "all three terminals show the same queue"
