#!/usr/bin/env bash
# The Debian packages, as an operator meets them (docs/OPERATOR-GUIDE.md):
#   1. cpack builds anlaufstelle-common, -terminal and -central from the build;
#   2. dpkg installs them: programs in /usr/bin, data in /usr/share/anlaufstelle, settings in
#      /etc/anlaufstelle (conffiles), units, system users; no build or source path in a program;
#   3. the central starts with its unit's own command line, as its own user, and answers /healthz,
#      on the previous release's central database put in its data directory (the upgrade);
#   4. a terminal store is set up and enrolled with the installed ctl, issues a ticket and syncs it;
#      a terminal of the old database's site receives the old events;
#   5. backup while in use, one more ticket synced, restore: the later ticket comes back from the
#      central and the next ticket syncs without a clash;
#   6. dpkg --purge leaves no file of the packages and no /etc/anlaufstelle.
# It installs packages on this machine, so it runs only as root, and not where an Anlaufstelle
# package is installed already (it would replace the operator's): then it is skipped (77), and
# under CI=true that fails.
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1") source=$(realpath "$2")

skip() {
  echo "SKIPPED: $*"
  if [ "${CI:-}" = "true" ]; then echo "CI must run this test." >&2; exit 1; fi
  exit 77
}
[ "$(id -u)" = 0 ] || skip "installing packages needs root"
command -v dpkg >/dev/null && command -v cpack >/dev/null || skip "dpkg or cpack is missing"
if dpkg-query -W -f '${Package} ${Status}\n' 'anlaufstelle*' 2>/dev/null | grep -q ' installed$'; then
  skip "an Anlaufstelle package is installed on this machine already; this test would replace it"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/anl-package.XXXXXX")
chmod 755 "$work"
central_pid=""
installed=0
cleanup() {
  [ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null || true
  if [ $installed = 1 ]; then dpkg --purge anlaufstelle-terminal anlaufstelle-central anlaufstelle-common >/dev/null 2>&1 || true; fi
  rm -f /var/lib/anlaufstelle/package-test.* /var/lib/anlaufstelle-central/central.db*
  rm -rf "$work"
}
trap cleanup EXIT
rm -f /var/lib/anlaufstelle/package-test.*  # an interrupted earlier run's files
fail() { echo "FAILED: $*" >&2; exit 1; }

# 1. The packages.
(cd "$build" && cpack -G DEB -B "$work/packages" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack"; }
debs=()
for name in common terminal central; do
  deb=$(ls "$work"/packages/anlaufstelle-${name}_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { ls -R "$work/packages" >&2; fail "no anlaufstelle-$name package"; }
  debs+=("$deb")
  echo "package: $(dpkg-deb -f "$deb" Package Version Architecture Depends | tr '\n' ' ')"
done
dpkg-deb -f "${debs[2]}" Depends | grep -q 'anlaufstelle-common' || fail "anlaufstelle-central does not depend on anlaufstelle-common"
dpkg-deb -f "${debs[1]}" Depends | grep -q 'libglfw3' || fail "anlaufstelle-terminal does not declare its libraries (dpkg-shlibdeps)"
dpkg-deb -f "${debs[0]}" Depends | grep -q 'fonts-noto-core' || fail "anlaufstelle-common does not depend on its fonts"
dpkg-deb -I "${debs[2]}" conffiles | grep -qx '/etc/anlaufstelle/central.toml' || fail "central.toml is not a conffile"

# 2. Installed.
installed=1
dpkg -i "${debs[@]}" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -i"; }
for path in /usr/bin/anlaufstelle /usr/bin/anlaufstelle-ctl /usr/bin/anlaufstelle-central \
            /usr/share/anlaufstelle/catalogue/services.toml /usr/share/anlaufstelle/i18n/catalogs/de/meta.toml \
            /etc/anlaufstelle/central.toml /etc/anlaufstelle/kiosk.toml \
            /usr/lib/systemd/system/anlaufstelle-central.service /usr/lib/systemd/system/anlaufstelle-kiosk.service \
            /usr/share/applications/anlaufstelle-desk.desktop; do
  [ -e "$path" ] || fail "not installed: $path"
done
getent passwd anlaufstelle-central >/dev/null || fail "no system user anlaufstelle-central"
getent passwd anlaufstelle >/dev/null || fail "no system user anlaufstelle"
[ "$(stat -c %U /var/lib/anlaufstelle-central)" = anlaufstelle-central ] || fail "/var/lib/anlaufstelle-central is not the central's"
for program in /usr/bin/anlaufstelle /usr/bin/anlaufstelle-ctl /usr/bin/anlaufstelle-central; do
  if strings -a "$program" | grep -F -e "$source" -e "$build"; then fail "$program carries a path of the build machine (above)"; fi
done
/usr/bin/anlaufstelle-central --help | grep -F -e "$source" -e "$build" && fail "--help shows a build path"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /usr/lib/systemd/system/anlaufstelle-central.service >"$work/verify.log" 2>&1 ||
    { cat "$work/verify.log" >&2; fail "systemd-analyze verify anlaufstelle-central.service"; }
fi

# 3. The central, with its unit's command line and user, on a port of its own (set as an operator
# would, in the conffile).
unit=/usr/lib/systemd/system/anlaufstelle-central.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
user=$(sed -n 's/^User=//p' "$unit")
[ -n "$exec_start" ] && [ -n "$user" ] || fail "the unit names no ExecStart or User"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >/etc/anlaufstelle/admin-token
chgrp anlaufstelle-central /etc/anlaufstelle/admin-token && chmod 0640 /etc/anlaufstelle/admin-token
sed -i -e "s/^listen = .*/listen = \"127.0.0.1:$port\"/" \
       -e 's|^# admin-token-file = .*|admin-token-file = "/etc/anlaufstelle/admin-token"|' /etc/anlaufstelle/central.toml
# The upgrade: the previous release's central database (tests/install/fixtures, README.md there)
# is in the data directory before the packaged central first starts; its events must be served.
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (packaging/install-deps.sh)"
sqlite3 /var/lib/anlaufstelle-central/central.db <"$source/tests/install/fixtures/central.sql"
chown "$user": /var/lib/anlaufstelle-central/central.db
old_events=$(sqlite3 /var/lib/anlaufstelle-central/central.db "SELECT count(*) FROM events WHERE site = 'site-old'")
[ "$old_events" -gt 0 ] || fail "the old central database holds no events of site-old"
# shellcheck disable=SC2086 # the unit's command line, split as systemd splits this simple one
(cd /var/lib/anlaufstelle-central && exec runuser -u "$user" -- $exec_start) >"$work/central.log" 2>&1 &
central_pid=$!
url=http://127.0.0.1:$port
for _ in $(seq 200); do
  curl -fsS "$url/healthz" >/dev/null 2>&1 && break
  kill -0 "$central_pid" 2>/dev/null || { cat "$work/central.log" >&2; fail "the packaged central ended"; }
  sleep 0.05
done
curl -fsS "$url/healthz" >/dev/null || { cat "$work/central.log" >&2; fail "the packaged central is not ready"; }
[ -f /var/lib/anlaufstelle-central/central.db ] || fail "the central's store is not in /var/lib/anlaufstelle-central"
echo "central: ready at $url as $user"

# 4. A terminal, set up as the operator guide says (as the user anlaufstelle).
db=/var/lib/anlaufstelle/package-test.db
ctl() { runuser -u anlaufstelle -- /usr/bin/anlaufstelle-ctl "$@"; }
ctl --db "$db" init --site site-1 --device kiosk-2 --slot 0 --role kiosk >/dev/null
code=$(/usr/bin/anlaufstelle-ctl --central "$url" --json device add --site site-1 --role kiosk --name "package test" \
         --admin-token-file /etc/anlaufstelle/admin-token | sed -n 's/.*"enrol_code":"\([^"]*\)".*/\1/p')
[ -n "$code" ] || fail "device add gave no enrolment code"
ctl --db "$db" enroll --central "$url" --code "$code" >/dev/null
ctl --db "$db" ticket issue --service abh.permit-extension --lang de >/dev/null
ctl --db "$db" sync now | tee "$work/sync1.log"
grep -q '^Synced: 1 sent' "$work/sync1.log" || fail "the first ticket was not synced"

# 4b. The old central's events, served by the upgraded central to a terminal enrolled now.
old_db=/var/lib/anlaufstelle/package-test.old-site.db
ctl --db "$old_db" init --site site-old --device desk-9 --slot 9 --role desk >/dev/null
code=$(/usr/bin/anlaufstelle-ctl --central "$url" --json device add --site site-old --role desk --name "upgrade check" \
         --admin-token-file /etc/anlaufstelle/admin-token | sed -n 's/.*"enrol_code":"\([^"]*\)".*/\1/p')
ctl --db "$old_db" enroll --central "$url" --code "$code" >/dev/null
ctl --db "$old_db" sync now >/dev/null
served=$(ctl --db "$old_db" --json events list --limit 100000 | grep -o '"seq":' | wc -l)
[ "$served" -ge "$old_events" ] || fail "the upgraded central served $served of the old database's $old_events events"
echo "upgrade: the packaged central serves the previous release's $old_events events ($served received)"

# 5. Backup while in use, one more ticket synced after it, then restore.
ctl --db "$db" backup --out /var/lib/anlaufstelle/package-test.backup
ctl --db "$db" ticket issue --service abh.permit-extension --lang de >/dev/null
ctl --db "$db" sync now | grep -q '^Synced: 1 sent' || fail "the second ticket was not synced"
ctl --db "$db" restore --from /var/lib/anlaufstelle/package-test.backup | tee "$work/restore.log"
grep -q 'received' "$work/restore.log" || fail "restore did not sync"
tickets=$(ctl --db "$db" --json queue list | grep -o '"number":"[^"]*"' | sort -u | wc -l)
[ "$tickets" = 2 ] || fail "after the restore the store holds $tickets tickets, not the 2 the central has"
ctl --db "$db" ticket issue --service abh.permit-extension --lang de >/dev/null
ctl --db "$db" sync now | tee "$work/sync3.log"
grep -q '^Synced: 1 sent' "$work/sync3.log" || fail "a ticket after the restore did not reach the central"
ctl --db "$db" sync status | grep -qi 'refused\|rejected' && fail "the central refused an event after the restore"
rm -f /var/lib/anlaufstelle/package-test.backup /var/lib/anlaufstelle/package-test.db.before-restore*
kill "$central_pid"; wait "$central_pid" 2>/dev/null || true; central_pid=""

# 6. Purged: nothing of the packages is left (the admin token is the operator's file, not the package's).
rm -f /etc/anlaufstelle/admin-token
dpkg --purge anlaufstelle-terminal anlaufstelle-central anlaufstelle-common >"$work/purge.log" 2>&1 ||
  { cat "$work/purge.log" >&2; fail "dpkg --purge"; }
installed=0
for path in /usr/bin/anlaufstelle /usr/bin/anlaufstelle-ctl /usr/bin/anlaufstelle-central /usr/share/anlaufstelle \
            /etc/anlaufstelle /usr/lib/systemd/system/anlaufstelle-central.service; do
  [ ! -e "$path" ] || fail "left after purge: $path"
done
if dpkg-query -W -f '${Package} ${Status}\n' 'anlaufstelle*' 2>/dev/null | grep -q 'installed\|config-files'; then
  fail "a package is still known to dpkg"
fi
echo "packages: built, installed, run, backed up and restored, purged"
