#!/usr/bin/env bash
# The sync story with the real programs, on 127.0.0.1 only (also a ctest):
#   a central service, a kiosk, a desk and a call display enrolled to it; the central goes
#   away (kill -9) while the kiosk issues and the desk calls; it comes back; everything
#   converges: all three terminals show the same queue. Also: the administrator publishes the
#   site's configuration and the desk signs in with the staff list it received; and the
#   central over HTTPS (throw-away certificate) with the terminal verifying it with --ca; and a
#   visitor's erasure at the central that the desk carries out on its own copy when it syncs.
# Usage: demo_loopback.sh BIN_DIR        (BIN_DIR holds anlaufstelle-ctl and anlaufstelle-central)
set -euo pipefail
bin=$1
. "$(dirname "$0")/loopback_central.sh"

start_central
slot=0
for t in kiosk desk board; do
  [ $t = board ] && slot=5
  enrol_terminal "$dir/$t.db" demo "$t-1" $slot $t
  slot=$((slot + 1))
done

say "the administrator publishes the configuration; the desk receives the staff list, the kiosk does not"
printf 'hours = ["mon-fri 08:00-12:00"]\nclosed = ["2026-12-25"]\n' > "$dir/hours.toml"
hash=$(printf '4711\n' | "$ctl" config hash-pin)
printf '[[staff]]\nnumber = "7"\nname = "Desk Seven"\npin_hash = "%s"\n' "$hash" > "$dir/staff.toml"
"$ctl" --central "$url" config publish --site demo --hours "$dir/hours.toml" --staff "$dir/staff.toml" \
  --admin-token-file "$dir/admin.token"
grep -q "Applied configuration version 1" <<<"$("$ctl" --db "$dir/desk.db" sync now)"
"$ctl" --db "$dir/desk.db" staff sign-in --number 7 --pin 4711
grep -q "Applied configuration version 1" <<<"$("$ctl" --db "$dir/kiosk.db" sync now)"
if "$ctl" --db "$dir/kiosk.db" staff sign-in --number 7 --pin 4711 2>/dev/null; then
  echo "a kiosk must never receive staff records" >&2; exit 1
fi
grep -q '"config_version":1' <<<"$("$ctl" --db "$dir/kiosk.db" --json sync status)"
# A malformed catalogue is refused with the loader's sentence and changes nothing.
mkdir -p "$dir/broken"; printf '[[office]]\nid = "x"\n' > "$dir/broken/offices.toml"
if "$ctl" --central "$url" config publish --site demo --catalogue "$dir/broken" \
     --admin-token-file "$dir/admin.token" 2>"$dir/refused.txt"; then
  echo "a malformed catalogue must be refused" >&2; exit 1
fi
grep -q "Catalogue refused" "$dir/refused.txt"
# The central keeps every version: a second one, listed, then the first again as version 3,
# which the kiosk moves forward to.
printf 'hours = ["mon-thu 08:00-12:00"]\n' > "$dir/hours2.toml"
"$ctl" --central "$url" config publish --site demo --hours "$dir/hours2.toml" --admin-token-file "$dir/admin.token"
grep -q '"version":2' <<<"$("$ctl" --central "$url" --json config versions --site demo --admin-token-file "$dir/admin.token")"
grep -q "as configuration version 3" \
  <<<"$("$ctl" --central "$url" config rollback --site demo --to 1 --admin-token-file "$dir/admin.token")"
versions=$("$ctl" --central "$url" config versions --site demo --admin-token-file "$dir/admin.token")
grep -q "^version 3 " <<<"$versions"
grep -q "^version 1 " <<<"$versions"
grep -q "Applied configuration version 3" <<<"$("$ctl" --db "$dir/kiosk.db" sync now)"
grep -q "Applied configuration version 3" <<<"$("$ctl" --db "$dir/desk.db" sync now)"
grep -q 'fri 08:00-12:00' "$dir/kiosk.db.config/hours.toml"

say "online: the kiosk issues two tickets, the desk calls one"
"$ctl" --db "$dir/kiosk.db" ticket issue --service abh.permit-extension >/dev/null
"$ctl" --db "$dir/kiosk.db" ticket issue --service abh.address-change >/dev/null
"$ctl" --db "$dir/kiosk.db" sync now
"$ctl" --db "$dir/desk.db" sync now
"$ctl" --db "$dir/desk.db" desk call-next --office abh --counter 3 >/dev/null
"$ctl" --db "$dir/desk.db" sync now

say "the central service dies (kill -9); kiosk and desk keep working"
kill_central
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

say "a visitor's request: the administrator shows and erases what the site holds about A-001"
"$ctl" --db "$dir/desk.db" desk start --ticket A-001 >/dev/null
"$ctl" --db "$dir/desk.db" desk transfer --ticket A-001 --service fsa.counselling --note "Note-LOOPBACK-OCELOT" >/dev/null
"$ctl" --db "$dir/desk.db" sync now >/dev/null
grep -q "note: Note-LOOPBACK-OCELOT" <<<"$("$ctl" --central "$url" privacy show --reference A-001 --site demo \
  --admin-token-file "$dir/admin.token")"
grep -q "Erased the personal fields of 1 event(s), 1 note" <<<"$("$ctl" --central "$url" privacy erase --reference A-001 \
  --site demo --admin-token-file "$dir/admin.token")"
"$ctl" --db "$dir/desk.db" sync now >/dev/null   # the desk pulls the erasure and empties its own copy
if grep -a -q OCELOT "$dir/desk.db" "$dir/desk.db-wal" 2>/dev/null; then echo "the desk still holds the erased note" >&2; exit 1; fi
grep -q "0 event(s) hold personal fields" <<<"$("$ctl" --central "$url" privacy show --reference A-001 --site demo \
  --admin-token-file "$dir/admin.token")"

say "TLS: the central serves HTTPS; the terminal trusts only the site's CA"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/tls.key" -out "$dir/tls.pem" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=impostor \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/other.key" -out "$dir/other.pem" 2>/dev/null
kill_central
port=0
central_args=(--tls-cert "$dir/tls.pem" --tls-key "$dir/tls.key")
start_central
https="https://127.0.0.1:$port"
code=$(enrol_code "$https" demo kiosk --ca "$dir/tls.pem")
"$ctl" --db "$dir/kiosk2.db" init --site demo --device kiosk-2 --slot 7 --role kiosk >/dev/null
"$ctl" --db "$dir/kiosk2.db" enroll --central "$https" --code "$code" --ca "$dir/tls.pem"
"$ctl" --db "$dir/kiosk2.db" sync now   # the CA is remembered from enrolment
if "$ctl" --central "$https" device list --ca "$dir/other.pem" --admin-token-file "$dir/admin.token" 2>"$dir/tls.err"; then
  echo "a certificate from another CA must be refused" >&2; exit 1
fi
cat "$dir/tls.err"
grep -q "certificate" "$dir/tls.err"
say "HTTPS works with the site's CA and refuses another"
