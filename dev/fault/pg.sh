#!/usr/bin/env bash
# A PostgreSQL instance of its own for the fault tests (data in .aire/fault/pg, port 32460), so
# that restarting it never touches the shared server on 5432. Debian's binaries, run as the
# postgres user; trust authentication on loopback only (a throw-away test instance).
#   dev/fault/pg.sh up [DB]        initialise once, start, create role aire and DB; prints its URL
#   dev/fault/pg.sh stop | start   stop (fast: in-flight transactions are cut) or start it again
#   dev/fault/pg.sh down [--purge] stop; --purge deletes its data
set -euo pipefail
cd "$(dirname "$0")/../.."
source dev/fault/env.sh
ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1)
[ -n "$ver" ] || { echo "fault-pg: PostgreSQL is not installed" >&2; exit 1; }
bin=/usr/lib/postgresql/$ver/bin
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$FAULT_DIR"
data=$FAULT_DIR/pg
# The server runs as the postgres user: when it cannot reach the checkout (e.g. under /root),
# keep its data in a directory of its own under /var/tmp instead.
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$FAULT_DIR"; then
  data=/var/tmp/aire-fault-pg-$FAULT_PG_PORT
fi
ctl() { as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 "$@" >/dev/null; }
running() { [ -f "$data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }
psql_() { as_pg "$bin/psql" -h 127.0.0.1 -p "$FAULT_PG_PORT" -U postgres -qtAc "$1" postgres; }

start() {
  running && return 0
  ctl start
  for _ in $(seq 1 60); do psql_ 'select 1' >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "fault-pg: not answering on $FAULT_PG_PORT (log $data/server.log)" >&2
  exit 1
}

case "${1:-}" in
  up)
    db=${2:-aire_fault}
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data" && { [ "$(id -u)" != 0 ] || chown postgres: "$data"; }
      chmod 700 "$data"
      as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust >/dev/null
      cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $FAULT_PG_PORT
unix_socket_directories = '$data'
fsync = off
max_connections = 200
CONF
    fi
    start
    psql_ "select 1 from pg_roles where rolname='aire'" | grep -q 1 || psql_ "create role aire login password 'aire' createdb"
    psql_ "drop database if exists $db with (force)" >/dev/null 2>&1
    psql_ "create database $db owner aire"
    echo "postgresql://aire:aire@127.0.0.1:$FAULT_PG_PORT/$db"
    ;;
  start) start ;;
  stop) running && ctl stop -m fast || true ;;
  down)
    running && ctl stop -m fast || true
    if [ "${2:-}" = --purge ]; then rm -rf "$data"; fi
    ;;
  *) echo "usage: $0 up [DB] | start | stop | down [--purge]" >&2; exit 2 ;;
esac
