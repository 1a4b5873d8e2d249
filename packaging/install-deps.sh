#!/usr/bin/env bash
# Installs exactly the Debian packages that the build, the tests and the demo need.
# Idempotent: when everything is present it prints nothing and touches nothing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake pkg-config git
  # terminal: window, GL, UI
  libimgui-dev libglfw3-dev libgl-dev libegl-dev
  # terminal: the call display's chime (ALSA)
  libasound2-dev
  # speech: read aloud and call announcements (kiosk/voice; espeak-ng-data holds the voices)
  libespeak-ng-dev espeak-ng-data
  # store
  libsqlite3-dev sqlite3
  # text engine: ICU, HarfBuzz, FreeType, fontconfig, PNG output
  libicu-dev libharfbuzz-dev libharfbuzz-bin libfreetype-dev libfontconfig-dev libpng-dev
  fonts-noto-core fonts-noto-ui-core fonts-material-design-icons-iconfont
  # command line, JSON, hashing
  libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libsodium-dev
  # sync: client and central service
  libcurl4-openssl-dev libboost-dev libboost-system-dev libpq-dev postgresql
  libssl-dev openssl  # TLS in the central service; throw-away test certificates
  libsystemd-dev      # the central tells systemd when it is ready (Type=notify)
  # printed slips: QR codes, CUPS queues; tests read the QR codes back with zbar
  libqrencode-dev libcups2-dev libzbar-dev zbar-tools
  # the appointment story's "next day" (tests/appointments/day_story.sh, packaging/demo.sh)
  faketime
  # translators' files: XLIFF through libxml2; tests check PO and XLIFF exports with gettext's
  # msgfmt and translate-toolkit
  libxml2-dev gettext translate-toolkit
  # key-figure reports as spreadsheets (kiosk/figures); tests read them back with openpyxl
  libxlsxwriter-dev python3-openpyxl
  # tests and benchmarks
  catch2 xvfb xauth libpango1.0-dev
  # the package test: asks the installed central's /healthz
  curl
  # scale-out: the load balancer in front of several central instances (packaging/haproxy;
  # tests/sync/test_scaleout.cpp, the city benchmark)
  haproxy
  # terminal benchmark: headless Chromium as the baseline (tests/bench/ui_bench.cpp)
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
