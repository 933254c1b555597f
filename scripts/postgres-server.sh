#!/usr/bin/env bash
# Starts a throwaway Postgres 15 server for tests: runs as user `postgres` in a temp dir on a spare
# port, trusts local connections, and prints `export TEST_DATABASE_URL=…` (eval it).
#   eval "$(scripts/postgres-server.sh start)"   …   scripts/postgres-server.sh stop "$PGTEST_DIR"
set -euo pipefail

bin_dir() {
  for v in 15 16 17; do [ -x "/usr/lib/postgresql/$v/bin/initdb" ] && { echo "/usr/lib/postgresql/$v/bin"; return; }; done
  return 1
}

case "${1:-start}" in
  start)
    if ! BIN=$(bin_dir); then
      echo "postgres binaries missing: installing postgresql" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
      BIN=$(bin_dir)
    fi
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    DIR=$(mktemp -d /tmp/kanta-sim-pg.XXXXXX)
    chown postgres "$DIR"
    PORT=${PGTEST_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Test server: durability off where it only costs time (fsync stays on for crash tests that set their own).
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c synchronous_commit=off" start >/dev/null
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
    echo "export PGTEST_DIR=$DIR"
    ;;
  stop)
    DIR=${2:?usage: $0 stop DIR}
    BIN=$(bin_dir)
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
