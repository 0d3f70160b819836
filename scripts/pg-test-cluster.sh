#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite, in a temporary directory.
#
#   eval "$(scripts/pg-test-cluster.sh start)"   # prints the exports the tests read
#   cargo test                                   # now also runs against PostgreSQL
#   scripts/pg-test-cluster.sh stop "$SALUDYA_TEST_PG_DIR"
#
# The server listens on 127.0.0.1 only (a free port) and on a socket inside the directory; the
# role `saludya` logs in with a password (scram-sha-256), which the tests pass in PGPASSWORD,
# so the password path is the one exercised. fsync is off: this cluster holds test data only
# and is never benchmarked (the benches start their own, durable one).
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$found" ] && echo "$found"
}

as_owner() {
  # initdb and postgres refuse to run as root: run them as the `postgres` system user.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local initdb pg_ctl
  initdb=$(find_bin initdb) || true
  pg_ctl=$(find_bin pg_ctl) || true
  if [ -z "${initdb:-}" ] || [ -z "${pg_ctl:-}" ]; then
    echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
    exit 1
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  local dir port password
  dir=$(mktemp -d /tmp/saludya-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  printf '%s\n' "$password" >"$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/pwfile"
  as_owner "$initdb" -D "$dir/data" -U saludya --pwfile="$dir/pwfile" -A scram-sha-256 \
    --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  # TLS with a self-signed certificate (what sslmode=require meets at a clinic), and one role,
  # `tlsdesk`, that the server refuses without TLS: the test that uses it proves encryption.
  local ssl_opts=""
  if command -v openssl >/dev/null 2>&1; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
      -keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1
    chmod 600 "$dir/data/server.key"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/data/server.key" "$dir/data/server.crt"
    ssl_opts="-c ssl=on"
    { echo "hostnossl all tlsdesk 127.0.0.1/32 reject"; cat "$dir/data/pg_hba.conf"; } >"$dir/pg_hba.new"
    mv "$dir/pg_hba.new" "$dir/data/pg_hba.conf"
    [ "$(id -u)" = 0 ] && chown postgres "$dir/data/pg_hba.conf"
  fi
  as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200 $ssl_opts" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "export SALUDYA_TEST_PG_DIR=$dir"
  echo "export SALUDYA_TEST_POSTGRES=postgres://saludya@127.0.0.1:$port/postgres"
  echo "export SALUDYA_TEST_PGPASSWORD=$password"
  [ -n "$ssl_opts" ] && echo "export SALUDYA_TEST_PG_TLS=1"
  true
}

stop() {
  local dir=${1:?usage: $0 stop DIR}
  local pg_ctl
  pg_ctl=$(find_bin pg_ctl) || true
  if [ -n "${pg_ctl:-}" ] && [ -d "$dir/data" ]; then
    as_owner "$pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
