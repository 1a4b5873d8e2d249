#!/usr/bin/env bash
# ctest fixture: a throw-away PostgreSQL 15 cluster for the central store's test suite.
#   postgres_fixture.sh setup DIR    initdb + pg_ctl start on a free 127.0.0.1 port; writes
#                                    DIR/conninfo ("postgresql://..." or "unavailable: why")
#   postgres_fixture.sh setup DIR durable   the same with fsync on (benchmarks); tests run
#                                    with fsync=off, which only speeds them up
#   postgres_fixture.sh cleanup DIR  stops the cluster and removes DIR
# Runs the server as the postgres user (initdb refuses root); needs root for that (CI is).
set -uo pipefail
action=$1
dir=$2
bin=/usr/lib/postgresql/15/bin

unavailable() {
  mkdir -p "$dir"
  echo "unavailable: $1" > "$dir/conninfo"
  echo "postgres_fixture: PostgreSQL tests skipped: $1"
  exit 0
}

case "$action" in
  setup)
    rm -rf "$dir"
    [ -x "$bin/initdb" ] || unavailable "PostgreSQL 15 is not installed (packaging/install-deps.sh installs it)"
    [ "$(id -u)" -eq 0 ] || unavailable "starting a cluster as the postgres user needs root"
    id postgres >/dev/null 2>&1 || unavailable "there is no postgres user"
    mkdir -p "$dir"
    chown postgres "$dir"
    chmod 700 "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
           || echo $(( 20000 + RANDOM % 20000 )))
    runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 \
      || unavailable "initdb failed (see $dir/initdb.log)"
    fsync="-c fsync=off"
    [ "${3:-}" = "durable" ] && fsync=""
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $fsync" start >/dev/null \
      || unavailable "the server did not start (see $dir/server.log)"
    echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$dir/conninfo"
    ;;
  cleanup)
    if [ -d "$dir/data" ]; then
      runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 setup|cleanup DIR" >&2
    exit 64
    ;;
esac
