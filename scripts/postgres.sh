#!/usr/bin/env bash
# Start (or reuse) a throwaway PostgreSQL server on 127.0.0.1:54329 for the tests and print its
# URL. Installs Debian's postgresql with apt-get when missing. The data folder is outside the
# checkout (a clone in a private temporary folder is not readable by the postgres user).
set -u
cd "$(dirname "$0")/.."
PORT=${UPPFOLJ_PG_PORT:-54329}
BASE=${UPPFOLJ_PG_DIR:-/var/tmp/uppfolj-pg-$PORT}
DATA="$BASE/data"
URL="postgresql://uppfolj:uppfolj@127.0.0.1:$PORT/uppfolj"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  [ -n "$bin" ] || exit 1
fi
# As the postgres user, from a folder it may enter.
run() { (cd "$BASE" && if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi); }
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  mkdir -p "$BASE"
  [ "$(id -u)" = 0 ] && chown postgres "$BASE"
  if [ ! -f "$DATA/PG_VERSION" ]; then
    run "$bin/initdb" -D "$DATA" -U postgres -A trust >/dev/null 2>&1 || exit 1
  fi
  run "$bin/pg_ctl" -D "$DATA" -l "$BASE/server.log" -w -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null 2>&1 || exit 1
fi
psql() { "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAq "$@"; }
psql -c "SELECT 1 FROM pg_roles WHERE rolname='uppfolj'" | grep -q 1 || psql -c "CREATE ROLE uppfolj LOGIN SUPERUSER PASSWORD 'uppfolj'" >/dev/null
psql -c "SELECT 1 FROM pg_database WHERE datname='uppfolj'" | grep -q 1 || psql -c "CREATE DATABASE uppfolj OWNER uppfolj" >/dev/null
echo "$URL"
