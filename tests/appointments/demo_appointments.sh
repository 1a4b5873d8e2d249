#!/usr/bin/env bash
# Appointment slots with the real programs, on 127.0.0.1 only (also a ctest):
#   a central service and two kiosks and a desk enrolled to it. kiosk-1 books online; kiosk-2
#   cannot take the same slot; the central goes away (kill -9); kiosk-1 books offline from its
#   escrow, kiosk-2 cannot give out kiosk-1's escrow slot; the central returns, everything
#   syncs, the desk sees both bookings and cancels one.
# Usage: demo_appointments.sh BIN_DIR CATALOGUE_DIR
set -euo pipefail
bin=$1
. "$(dirname "$0")/../sync/loopback_central.sh"
fail() { echo "FAILED: $*" >&2; exit 1; }

# The shipped catalogue, open every day and without holidays, so the demo finds slots on any date.
cp -r "$2" "$dir/catalogue"
sed -i 's/^hours = .*/hours = ["mon-sun 08:00-18:00"]/; /^holidays = /,/]$/d' "$dir/catalogue/offices.toml"
service=abh.settlement-permit

central_args=(--catalogue "$dir/catalogue")

start_central
slot=0
for t in kiosk-1 kiosk-2 desk-1; do
  enrol_terminal "$dir/$t.db" demo "$t" $slot "${t%-*}" --catalogue "$dir/catalogue" >/dev/null
  "$ctl" --db "$dir/$t.db" sync now >/dev/null  # the round also renews the escrow
  slot=$((slot + 1))
done

tomorrow=$(date -d tomorrow +%F)
say "kiosk-1: the slots of $service tomorrow ($tomorrow), from the central"
"$ctl" --db "$dir/kiosk-1.db" appointment slots --service $service --date "$tomorrow" | head -8
free=$("$ctl" --db "$dir/kiosk-1.db" appointment slots --service $service --date "$tomorrow" | awk '$4 == "free" {print $3; exit}')
[ -n "$free" ] || fail "no free slot tomorrow"

say "kiosk-1 books $free online"
"$ctl" --db "$dir/kiosk-1.db" appointment book --service $service --slot "$free" --lang ps
say "kiosk-2 tries the same slot online"
if "$ctl" --db "$dir/kiosk-2.db" appointment book --service $service --slot "$free"; then fail "a booked slot was booked twice"; fi

say "kiosk-1 holds in escrow"
"$ctl" --db "$dir/kiosk-1.db" appointment escrow
mine=$("$ctl" --db "$dir/kiosk-1.db" appointment escrow | awk -v s=$service '$3 == s {print $4; exit}')
[ -n "$mine" ] || fail "kiosk-1 holds no escrow slot of $service"

say "the central goes away (kill -9)"
kill_central
say "kiosk-1 books its escrow slot $mine offline"
"$ctl" --db "$dir/kiosk-1.db" appointment book --service $service --slot "$mine"
say "kiosk-2 cannot give out kiosk-1's escrow slot offline"
if "$ctl" --db "$dir/kiosk-2.db" appointment book --service $service --slot "$mine"; then fail "kiosk-2 booked a slot it did not hold"; fi

say "the central comes back; everyone syncs"
start_central
for t in kiosk-1 kiosk-2 desk-1 kiosk-1 desk-1; do "$ctl" --db "$dir/$t.db" sync now >/dev/null; done
say "desk-1 knows both bookings"
"$ctl" --db "$dir/desk-1.db" appointment list
booked=$("$ctl" --db "$dir/desk-1.db" appointment list | grep -c ' booked$' || true)
[ "$booked" = 2 ] || fail "desk-1 knows $booked bookings, not 2"
ref=$("$ctl" --db "$dir/desk-1.db" appointment list | awk 'NR == 1 {print $1}')
say "desk-1 cancels $ref; the slot is free again at the central"
"$ctl" --db "$dir/desk-1.db" appointment cancel --ref "$ref"
"$ctl" --db "$dir/kiosk-1.db" sync now >/dev/null
"$ctl" --db "$dir/kiosk-1.db" appointment list
[ "$("$ctl" --db "$dir/kiosk-1.db" appointment list | grep -c ' cancelled$' || true)" = 1 ] || fail "the cancellation did not reach kiosk-1"
say "check-in at kiosk-2: the cancelled one says so, the other is tomorrow (early), a typo is unknown"
other=$("$ctl" --db "$dir/kiosk-1.db" appointment list | awk '/ booked$/ {print $1; exit}')
"$ctl" --db "$dir/kiosk-2.db" sync now >/dev/null
checkin() { "$ctl" --json --db "$dir/kiosk-2.db" appointment check-in --reference "$1" 2>&1 >/dev/null | sed -n 's/.*"reason":"\([a-z_]*\)".*/\1/p'; }
[ "$(checkin "$ref")" = cancelled ] || fail "checking in $ref did not say cancelled"
[ "$(checkin "$other")" = early ] || fail "checking in $other a day ahead did not say early"
[ "$(checkin "Z-0000-0000-9")" = unknown ] || fail "an unknown reference was not refused as unknown"
say "ok: no slot booked twice, offline booking from the escrow, every terminal agrees"
