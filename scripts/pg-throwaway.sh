#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster in a temporary directory.
# usage: eval "$(scripts/pg-throwaway.sh)"   ...   scripts/pg-throwaway.sh stop "$PG_TMPDIR"
set -euo pipefail
if ! command -v pg_config >/dev/null || [ ! -x "$(pg_config --bindir)/initdb" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  else
    echo "PostgreSQL server binaries not found (install the postgresql package)" >&2; exit 1
  fi
fi
PGBIN=$(pg_config --bindir)
[ -x "$PGBIN/initdb" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = stop ]; then
  as_pg "$PGBIN/pg_ctl" -D "$2/data" -m fast -w stop >/dev/null || true
  rm -rf "$2"; exit 0
fi
D=$(mktemp -d); PORT=${PGPORT_THROWAWAY:-$((20000 + RANDOM % 20000))}
[ "$(id -u)" = 0 ] && chown postgres: "$D"
as_pg "$PGBIN/initdb" -D "$D/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w \
  -o "-p $PORT -k $D -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
echo "export INNOCITY_TEST_PG=postgres://postgres@127.0.0.1:$PORT/postgres PG_TMPDIR=$D"
