#!/usr/bin/env bash
# A visitor's appointment from booking to the next day, with the real programs on 127.0.0.1
# (also a ctest, and a part of packaging/demo.sh). Every step is the ctl twin of a screen
# action:
#   1. the kiosk books a slot online for the next day; its booking slip is printed as a PNG,
#      and the slip's QR code (read back with zbarimg) is the booking reference;
#   2. the next day (every program's clock moved there with libfaketime), the visitor checks
#      in with the reference at the kiosk: a ticket with appointment priority;
#   3. the desk calls the next visitor: the one with the appointment, before a walk-in who came
#      earlier; refers them to a partner with a printed slip whose QR code is the partner's
#      web page; and hands them to case management with a first case-management appointment
#      (printed as a booking slip);
#   4. the case managers' desk lists the hand-off with its appointment.
# Usage: day_story.sh BIN_DIR CATALOGUE_DIR [SLIP_DIR]
# Exits 77 (skipped) without zbarimg (zbar-tools) or libfaketime (faketime).
set -euo pipefail
bin=$1
. "$(dirname "$0")/../sync/loopback_central.sh"
fail() { echo "FAILED: $*" >&2; exit 1; }

command -v zbarimg >/dev/null || { echo "zbarimg (Debian package zbar-tools) is not installed"; exit 77; }
faketime_lib=""
for candidate in /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
  [ -e "$candidate" ] && faketime_lib=$candidate && break
done
[ -n "$faketime_lib" ] || { echo "libfaketime (Debian package faketime) is not installed"; exit 77; }

# zbarimg's output only (it may complain about a missing D-Bus on stderr).
zbarimg_raw() { zbarimg --quiet --raw "$@" 2>/dev/null; }
slips=${3:-$dir/slips}
mkdir -p "$slips"
# The shipped catalogue, open every day and without holidays, so the story runs on any date.
cp -r "$2" "$dir/catalogue"
sed -i 's/^hours = .*/hours = ["mon-sun 08:00-18:00"]/; /^holidays = /,/]$/d' "$dir/catalogue/offices.toml"
service=abh.settlement-permit

# Every program of "the next day" runs with its clock there: the central, the kiosk, the desks.
# (A sanitizer build refuses a preloaded library unless told that the order does not matter.)
next_day=()
on_next_day() { TZ=UTC FAKETIME="$fake_at" LD_PRELOAD="$faketime_lib" FAKETIME_DONT_FAKE_MONOTONIC=1 \
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@"; }
ctl_on() { local db=$1; shift; "${next_day[@]}" "$ctl" --db "$dir/$db.db" "$@"; }

central_args=(--catalogue "$dir/catalogue")
start_central
slot=0
for t in kiosk-1 desk-1 desk-cm; do
  role=${t%-*}
  enrol_terminal "$dir/$t.db" demo "$t" $slot "$role" --catalogue "$dir/catalogue" >/dev/null
  slot=$((slot + 1))
done
say "the administrator publishes the staff list; the desks receive it"
hash=$(printf '482913\n' | "$ctl" config hash-pin)
printf '[[staff]]\nnumber = "1042"\nname = "A. Demir"\npin_hash = "%s"\n' "$hash" > "$dir/staff.toml"
printf '[[staff]]\nnumber = "2001"\nname = "B. Kaya"\npin_hash = "%s"\n' "$hash" >> "$dir/staff.toml"
"$ctl" --central "$url" config publish --site demo --catalogue "$dir/catalogue" --staff "$dir/staff.toml" \
  --admin-token-file "$dir/admin.token" >/dev/null
for t in kiosk-1 desk-1 desk-cm; do "$ctl" --db "$dir/$t.db" sync now >/dev/null; done

tomorrow=$(date -d tomorrow +%F)
say "day 1, at the kiosk: a visitor books $service for tomorrow ($tomorrow), online"
free=$("$ctl" --db "$dir/kiosk-1.db" appointment slots --service $service --date "$tomorrow" |
  awk '$4 == "free" && $2 >= "10:00" {print $3; exit}')
[ -n "$free" ] || fail "no free slot tomorrow from 10:00"
reference=$("$ctl" --db "$dir/kiosk-1.db" --json appointment book --service $service --slot "$free" --lang ar |
  sed -n 's/.*"reference":"\([^"]*\)".*/\1/p')
[ -n "$reference" ] || fail "the booking gave no reference"
echo "booked: $reference"
"$ctl" --db "$dir/kiosk-1.db" print booking --reference "$reference" --printer "png:$slips" --catalogue "$dir/catalogue"
booking_png=$(ls -t "$slips"/*.png | head -1)
decoded=$(zbarimg_raw "$booking_png")
echo "the slip's QR code reads: $decoded"
[ "$decoded" = "$reference" ] || fail "the slip's QR code reads \"$decoded\", not \"$reference\""
"$ctl" --db "$dir/kiosk-1.db" sync now >/dev/null

# The appointment's time, and 10 minutes before it: when the visitor arrives.
starts=$("$ctl" --db "$dir/kiosk-1.db" appointment slots --service $service --date "$tomorrow" |
  awk -v s="$free" '$3 == s {print $2; exit}')
arrives=$(( $(date -d "TZ=\"Europe/Berlin\" $tomorrow $starts" +%s) - 600 ))
fake_at="@$(date -u -d "@$arrives" '+%F %T')"  # read in UTC (TZ=UTC below)
say "day 2 ($tomorrow, 10 minutes before $starts Europe/Berlin): the central and every terminal move to the next day"
kill_central
saved_bin=$bin
# start_central runs $bin/anlaufstelle-central: a wrapper there starts it on the next day's clock.
bin_wrap=$dir/next-day-bin
mkdir -p "$bin_wrap"
cat > "$bin_wrap/anlaufstelle-central" <<EOF
#!/bin/sh
TZ=UTC FAKETIME='$fake_at' LD_PRELOAD='$faketime_lib' FAKETIME_DONT_FAKE_MONOTONIC=1 \\
ASAN_OPTIONS='${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0' exec '$saved_bin/anlaufstelle-central' "\$@"
EOF
chmod +x "$bin_wrap/anlaufstelle-central"
bin=$bin_wrap
start_central
bin=$saved_bin
next_day=(on_next_day)

say "a walk-in visitor takes a ticket first"
walk_in=$(ctl_on kiosk-1 --json ticket issue --service abh.permit-extension --lang uk | sed -n 's/.*"number":"\([^"]*\)".*/\1/p')
[ -n "$walk_in" ] || fail "no walk-in ticket"
say "the visitor with the appointment checks in at the kiosk with the slip's code"
checked_in=$(ctl_on kiosk-1 --json appointment check-in --reference "$decoded")
echo "$checked_in"
ticket=$(echo "$checked_in" | sed -n 's/.*"display":"\([^"]*\)".*/\1/p')
[ -n "$ticket" ] || fail "the check-in gave no ticket"
for t in kiosk-1 desk-1 desk-cm kiosk-1 desk-1; do ctl_on $t sync now >/dev/null; done

say "the desk calls the next visitor: the appointment comes first"
ctl_on desk-1 staff sign-in --number 1042 --pin 482913 >/dev/null
called=$(ctl_on desk-1 --json desk --staff 1042 call-next --office abh --counter 1 | sed -n 's/.*"number":"\([^"]*\)".*/\1/p')
echo "called: $called (walk-in waiting: $walk_in)"
[ "$called" = "$ticket" ] || fail "the desk called $called, not $ticket of the appointment"
ctl_on desk-1 desk --staff 1042 start --ticket "$ticket" >/dev/null

partner=$(ctl_on desk-1 --json referral partners --topic debt | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -1)
[ -n "$partner" ] || fail "no partner helps with debt"
say "the desk refers the visitor to the partner $partner and prints the referral slip"
ctl_on desk-1 referral give --partner "$partner" --ticket "$ticket" --staff 1042
before=$(ls "$slips" | wc -l)
ctl_on desk-1 print referral --partner "$partner" --lang ar --printer "png:$slips" --catalogue "$dir/catalogue"
[ "$(ls "$slips" | wc -l)" -gt "$before" ] || fail "no referral slip was printed"
referral_png=$(ls -t "$slips"/*.png | head -1)
web=$(ctl_on desk-1 --json referral partners | tr '{' '\n' | grep "\"id\":\"$partner\"" |
  sed -n 's/.*"web":"\([^"]*\)".*/\1/p')
read_back=$(zbarimg_raw "$referral_png")
echo "the referral slip's QR code reads: $read_back"
[ -n "$web" ] && [ "$read_back" = "$web" ] || fail "the referral slip's QR code reads \"$read_back\", not \"$web\""

say "the desk hands the visitor to case management, with a first appointment"
day_after=$(date -d "$tomorrow + 1 day" +%F)
cm_slot=$(ctl_on desk-1 appointment slots --service int.case-management --date "$day_after" |
  awk '$4 == "free" {print $3; exit}')
[ -n "$cm_slot" ] || fail "no free case-management slot on $day_after"
cm_reference=$(ctl_on desk-1 --json appointment book --service int.case-management --slot "$cm_slot" --lang ar |
  sed -n 's/.*"reference":"\([^"]*\)".*/\1/p')
[ -n "$cm_reference" ] || fail "the case-management appointment gave no reference"
reason=$(ctl_on desk-1 handoff reasons | head -1)
ctl_on desk-1 handoff give --ticket "$ticket" --reason "$reason" --appointment "$cm_reference" --staff 1042
ctl_on desk-1 print booking --reference "$cm_reference" --printer "png:$slips" --catalogue "$dir/catalogue"
[ "$(zbarimg_raw "$(ls -t "$slips"/*.png | head -1)")" = "$cm_reference" ] ||
  fail "the case-management slip's QR code is not $cm_reference"
ctl_on desk-1 desk --staff 1042 finish --ticket "$ticket" --outcome resolved >/dev/null
for t in desk-1 desk-cm desk-1 desk-cm; do ctl_on $t sync now >/dev/null; done

say "the case managers' desk sees the hand-off and its appointment"
ctl_on desk-cm handoff list
ctl_on desk-cm handoff list | grep -q "$cm_reference" || fail "the case managers' desk does not list the hand-off"
echo "slips: $(ls "$slips" | tr '\n' ' ')"
say "ok: booked, slip read back, checked in the next day, called first, referred with a slip, handed to case management"
