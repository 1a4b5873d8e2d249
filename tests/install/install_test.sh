#!/usr/bin/env bash
# Installs the build into a temporary prefix, moves the installed tree elsewhere, hides the
# source and build trees (a private mount namespace with an empty tmpfs over each) and runs
# the installed programs there:
#   - `strings` on every installed program finds neither the source nor the build path;
#   - anlaufstelle-ctl init + ticket issue on a new store (the shipped catalogue found through
#     ../share/anlaufstelle), and a clear error naming where it looked once the data is gone,
#     with ANL_DATA_DIR and --data-dir pointing to it again;
#   - anlaufstelle-central --help, then a start whose /healthz answers;
#   - the terminal's --screenshot of one screen when DISPLAY is set (else that part is skipped).
# Exit 77 (skipped) when the system allows no mount namespace; under CI=true that fails.
# Usage: install_test.sh CMAKE BUILD_DIR SOURCE_DIR [SANITIZERS]
#   SANITIZERS: the build's ANL_SANITIZE (empty for a shipped build). GCC keeps the full path
#   in the source locations that -fsanitize=address,undefined compiles in (-ffile-prefix-map
#   does not reach them), so a sanitizer build skips the `strings` step and runs the rest.
set -euo pipefail
cmake=$1 build=$(realpath "$2") source=$(realpath "$3") sanitizers=${4:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/anl-install.XXXXXX")
central_pid=""
cleanup() {
  [ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
case $work/ in "$source"/* | "$build"/*)
  echo "The temporary directory $work lies in the source or build tree; set TMPDIR elsewhere." >&2; exit 1 ;;
esac

# 1. Install into one prefix, then move the tree: nothing may depend on where it was installed.
"$cmake" --install "$build" --prefix "$work/first-prefix" >"$work/install.log"
mkdir -p "$work/moved"
mv "$work/first-prefix" "$work/moved/anlaufstelle-0"
prefix=$work/moved/anlaufstelle-0
for program in anlaufstelle anlaufstelle-ctl anlaufstelle-central; do
  [ -x "$prefix/bin/$program" ] || { echo "not installed: bin/$program" >&2; exit 1; }
done
[ -f "$prefix/share/anlaufstelle/catalogue/services.toml" ] || { echo "not installed: the catalogue" >&2; exit 1; }
[ -f "$prefix/share/anlaufstelle/i18n/catalogs/de/meta.toml" ] || { echo "not installed: the translations" >&2; exit 1; }

# 2. No path of the source or build tree in any installed program.
if [ -n "$sanitizers" ]; then
  echo "strings: not checked in a build with -fsanitize=$sanitizers (its source locations keep full paths)"
else
  found=0
  for program in "$prefix"/bin/*; do
    if strings -a "$program" | grep -F -e "$source" -e "$build"; then
      echo "$(basename "$program") carries a path of the source or build tree (above)." >&2
      found=1
    fi
  done
  [ $found = 0 ] || exit 1
  echo "strings: no source or build path in $(ls "$prefix/bin" | tr '\n' ' ')"
fi

# 3. The programs, with both trees hidden. The inner script is copied out of the source tree.
cat >"$work/inside.sh" <<'INSIDE'
set -euo pipefail
prefix=$1 work=$2 source=$3 build=$4
for tree in "$build" "$source"; do
  if [ -e "$tree" ]; then mount -t tmpfs -o size=1m anl-hidden "$tree" 2>/dev/null || mount -t tmpfs anl-hidden "$tree"; fi
done
[ ! -e "$source/CMakeLists.txt" ] && [ ! -e "$build/CMakeCache.txt" ] || { echo "the trees are still visible" >&2; exit 1; }
cd "$work"
unset ANL_DATA_DIR
bin=$prefix/bin
fail() { echo "FAILED: $*" >&2; exit 1; }

"$bin/anlaufstelle-ctl" --db "$work/kiosk.db" init --role kiosk >/dev/null || fail "ctl init"
"$bin/anlaufstelle-ctl" --db "$work/kiosk.db" ticket issue --service abh.permit-extension --lang de \
  | tee "$work/ticket.txt" || fail "ctl ticket issue"
grep -q "A-" "$work/ticket.txt" || fail "ticket issue printed no ticket number"
echo "ctl: init and ticket issue work from the moved tree"

# Without its data the program says where it looked and how to say where the data is.
mv "$prefix/share" "$work/data-elsewhere"
if "$bin/anlaufstelle-ctl" catalogue show >"$work/out.txt" 2>&1; then fail "catalogue show ran without its data"; fi
grep -qF "$prefix/share/anlaufstelle" "$work/out.txt" || { cat "$work/out.txt"; fail "the error does not name where it looked"; }
grep -qF "ANL_DATA_DIR" "$work/out.txt" || { cat "$work/out.txt"; fail "the error does not name ANL_DATA_DIR"; }
echo "ctl without data: $(head -c 300 "$work/out.txt")"
ANL_DATA_DIR=$work/data-elsewhere/anlaufstelle "$bin/anlaufstelle-ctl" catalogue show >/dev/null || fail "ANL_DATA_DIR"
ANL_DATA_DIR=/nonexistent "$bin/anlaufstelle-ctl" --data-dir "$work/data-elsewhere/anlaufstelle" catalogue show \
  >/dev/null || fail "--data-dir over ANL_DATA_DIR"
if "$bin/anlaufstelle-ctl" --data-dir "$work/nowhere" catalogue show 2>"$work/out.txt"; then fail "--data-dir nowhere"; fi
grep -qF "$work/nowhere" "$work/out.txt" || { cat "$work/out.txt"; fail "--data-dir's error does not name it"; }
mv "$work/data-elsewhere" "$prefix/share"
echo "ctl: the data found through ANL_DATA_DIR and --data-dir, and a clear error without it"

"$bin/anlaufstelle-central" --help >"$work/help.txt" || fail "central --help"
grep -q -- "--data-dir" "$work/help.txt" || fail "central --help lists no --data-dir"
"$bin/anlaufstelle-central" --listen 127.0.0.1:0 --db "$work/central.db" >"$work/central.log" 2>&1 &
central=$!
port=""
for _ in $(seq 200); do
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/central.log")
  [ -n "$port" ] && break
  kill -0 "$central" 2>/dev/null || { cat "$work/central.log"; fail "central exited"; }
  sleep 0.05
done
[ -n "$port" ] || { kill "$central"; cat "$work/central.log"; fail "central did not listen within 10 s"; }
curl -fsS "http://127.0.0.1:$port/healthz" >"$work/healthz.txt" || { kill "$central"; fail "/healthz"; }
kill "$central"; wait "$central" 2>/dev/null || true
echo "central: --help and /healthz ($(head -c 100 "$work/healthz.txt"))"

if [ -n "${DISPLAY:-}" ]; then
  screen=$("$bin/anlaufstelle" --role kiosk --list-screens | head -1)
  "$bin/anlaufstelle" --role kiosk --lang ar --screen "$screen" --size 1080x1920 --screenshot "$work/kiosk.png" \
    >"$work/terminal.log" 2>&1 || { cat "$work/terminal.log"; fail "terminal --screenshot"; }
  [ -s "$work/kiosk.png" ] || fail "no screenshot"
  echo "terminal: --screenshot of the kiosk's $screen screen"
else
  echo "terminal: skipped (DISPLAY is not set)"
fi
INSIDE

run_hidden() {
  unshare --mount --propagation private "$@" bash "$work/inside.sh" "$prefix" "$work" "$source" "$build"
}
probe() { unshare --mount --propagation private "$@" sh -c "mount -t tmpfs anl-probe '$work/moved'" 2>/dev/null; }
if probe; then
  run_hidden
elif probe --map-root-user; then
  run_hidden --map-root-user
else
  echo "This system allows no private mount namespace (unshare --mount), so the trees cannot be hidden."
  if [ "${CI:-}" = true ]; then echo "CI=true: that is a failure here." >&2; exit 1; fi
  exit 77
fi
echo "The installed programs run from $prefix with the source and build trees out of reach."
