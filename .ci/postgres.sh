#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the test suite and print the
# admin URL on stdout. Installs the server from Debian's packages when it is missing.
# With KZFACTS_PG_DIR_FILE set, the server's folder is written to that file, for
# `bash .ci/postgres.sh stop FOLDER`, which stops the server and removes its folder.
set -euo pipefail
if [ "${1:-}" = stop ]; then
  base=${2:?usage: postgres.sh stop FOLDER}
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); else as_pg=(); fi
  "${as_pg[@]}" "$bin/pg_ctl" -D "$base/data" -m fast stop >/dev/null
  rm -rf "$base"
  exit 0
fi
# A free loopback port unless one is asked for (two runs on one machine must not collide).
port=${KZFACTS_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
base=$(mktemp -d /tmp/kzfacts-pg.XXXXXX)
chmod 755 "$base"
data="$base/data"
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$base"; else as_pg=(); fi
"${as_pg[@]}" "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off -c max_connections=200" start >/dev/null
if [ -n "${KZFACTS_PG_DIR_FILE:-}" ]; then echo "$base" > "$KZFACTS_PG_DIR_FILE"; fi
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
