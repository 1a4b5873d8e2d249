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
    # The cluster lives in its own directory under /tmp: the build tree may sit below a
    # directory the postgres user cannot enter (a clean clone in a mktemp -d of root's).
    pg=$(mktemp -d /tmp/anl-postgres.XXXXXX)
    echo "$pg" > "$dir/cluster"
    chown postgres "$pg"
    chmod 700 "$pg"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
           || echo $(( 20000 + RANDOM % 20000 )))
    runuser -u postgres -- "$bin/initdb" -D "$pg/data" -A trust -U postgres --no-sync >"$pg/initdb.log" 2>&1 \
      || unavailable "initdb failed (see $pg/initdb.log)"
    fsync="-c fsync=off"
    [ "${3:-}" = "durable" ] && fsync=""
    runuser -u postgres -- "$bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 30 \
      -o "-p $port -k $pg -c listen_addresses=127.0.0.1 $fsync" start >/dev/null \
      || unavailable "the server did not start (see $pg/server.log)"
    echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$dir/conninfo"
    ;;
  cleanup)
    pg=$(cat "$dir/cluster" 2>/dev/null || true)
    if [ -n "$pg" ] && [ -d "$pg/data" ]; then
      runuser -u postgres -- "$bin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    case "$pg" in /tmp/anl-postgres.*) rm -rf "$pg" ;; esac
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 setup|cleanup DIR" >&2
    exit 64
    ;;
esac
