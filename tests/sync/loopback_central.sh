# Sourced by the demos that run the real programs on 127.0.0.1 (tests/sync/demo_loopback.sh,
# tests/appointments/demo_appointments.sh): a scratch directory removed on exit, an admin
# token, and a central service that can be killed (kill -9) and started again on its port.
# Before sourcing, set `bin` (the folder with anlaufstelle-ctl and anlaufstelle-central).
# Then: $ctl, $dir, $url (after start_central), central_args (more options for the central,
# e.g. TLS), port (0: the next start picks a free port; a restart reuses the port).
ctl="$bin/anlaufstelle-ctl"
dir=$(mktemp -d)
central_pid=""
cleanup() {
  if [ -n "$central_pid" ]; then kill -9 "$central_pid" 2>/dev/null; wait "$central_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
port=0
url=""
central_args=()
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/admin.token"

start_central() {
  : > "$dir/central.log"
  "$bin/anlaufstelle-central" --listen "127.0.0.1:$port" --db "$dir/central.db" \
    --admin-token-file "$dir/admin.token" "${central_args[@]}" >>"$dir/central.log" 2>&1 &
  central_pid=$!
  # Waits for the line saying so, 30 s at most (a sanitizer build on a loaded machine is slow).
  for _ in $(seq 600); do
    # "anlaufstelle-central: listening on 127.0.0.1:PORT with the sqlite store"
    listening=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/central.log")
    if [ -n "$listening" ]; then port=$listening; url="http://127.0.0.1:$port"; return 0; fi
    sleep 0.05
  done
  echo "the central service did not start:" >&2; cat "$dir/central.log" >&2; exit 1
}

# The central dies without a chance to finish anything, as in a power cut.
kill_central() {
  kill -9 "$central_pid"; wait "$central_pid" 2>/dev/null || true; central_pid=""
}

# Registers a device with the admin token and prints its enrolment code.
# enrol_code CENTRAL_URL SITE ROLE [more anlaufstelle-ctl options, e.g. --ca FILE]
enrol_code() {
  local central=$1 site=$2 role=$3
  shift 3
  "$ctl" --central "$central" --json device add --site "$site" --role "$role" \
    --admin-token-file "$dir/admin.token" "$@" | sed -n 's/.*"enrol_code":"\([^"]*\)".*/\1/p'
}

# Initialises a terminal's store and enrols it at the running central ($url).
# enrol_terminal DB SITE DEVICE SLOT ROLE [more init options, e.g. --catalogue DIR]
enrol_terminal() {
  local db=$1 site=$2 device=$3 slot=$4 role=$5 code
  shift 5
  "$ctl" --db "$db" init --site "$site" --device "$device" --slot "$slot" --role "$role" "$@" >/dev/null
  code=$(enrol_code "$url" "$site" "$role")
  "$ctl" --db "$db" enroll --central "$url" --code "$code"
}

say() { echo "--- $*"; }
