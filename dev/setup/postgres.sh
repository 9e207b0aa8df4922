#!/usr/bin/env bash
# Starts Debian's PostgreSQL cluster if needed and makes a role and database for the console.
# Prints the DATABASE_URL on its last line.
set -euo pipefail
db=${1:-aire_test}
fresh=${2:-}
ver=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
if [ -z "$ver" ]; then
  echo "postgres: no PostgreSQL cluster found (apt-get install postgresql)" >&2
  exit 1
fi
port=$(awk -F= '/^port/{gsub(/[ \t]/,"",$2); print $2}' "/etc/postgresql/$ver/main/postgresql.conf" | cut -d'#' -f1)
port=${port:-5432}
if ! pg_ctlcluster "$ver" main status >/dev/null 2>&1; then
  pg_ctlcluster "$ver" main start
fi
for i in $(seq 1 30); do
  su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $port -qtAc \"select 1 from pg_roles where rolname='aire'\"" | grep -q 1 ||
  su postgres -c "psql -p $port -qc \"create role aire login password 'aire' createdb\""
if [ "$fresh" = --fresh ]; then
  su postgres -c "psql -p $port -qc \"drop database if exists $db with (force)\"" >/dev/null
fi
su postgres -c "psql -p $port -qtAc \"select 1 from pg_database where datname='$db'\"" | grep -q 1 ||
  su postgres -c "psql -p $port -qc \"create database $db owner aire\""
echo "postgresql://aire:aire@127.0.0.1:$port/$db"
