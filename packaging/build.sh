#!/usr/bin/env bash
# Configures and builds everything into build/ (binaries in build/bin/). Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DANL_WERROR=$werror >/dev/null
cmake --build build -j"$(nproc)"
