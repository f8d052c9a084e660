#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit and integration tests on SQLite and
# PostgreSQL, and the browser test in headless Chromium. Installs what it needs.
#   scripts/test.sh            # everything
#   scripts/test.sh -p innocity-web   # extra arguments go to `cargo test`
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
[ "$(fc-list 2>/dev/null | grep -ci "noto sans cjk")" -gt 0 ] || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "== missing ${need_apt[*]}: the browser test will fail under CI (install them as root)"
  fi
fi

# PostgreSQL: the local server when it answers, otherwise a throwaway cluster.
PG_TMPDIR=""
cleanup() { [ -n "$PG_TMPDIR" ] && scripts/pg-throwaway.sh stop "$PG_TMPDIR"; return 0; }
trap cleanup EXIT
if [ -z "${INNOCITY_TEST_PG:-}" ]; then
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
    export INNOCITY_TEST_PG=postgres://postgres@127.0.0.1:5432/postgres
  else
    echo "== no PostgreSQL on 127.0.0.1:5432: starting a throwaway cluster"
    eval "$(scripts/pg-throwaway.sh)"
    export INNOCITY_TEST_PG
  fi
fi
echo "== PostgreSQL for tests: $INNOCITY_TEST_PG"
# Drop databases left by interrupted earlier runs.
psql "$INNOCITY_TEST_PG" -Atc "select datname from pg_database where datname like 'innocity_test_%'" 2>/dev/null \
  | while read -r d; do psql "$INNOCITY_TEST_PG" -qc "drop database if exists $d" >/dev/null 2>&1 || true; done

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test --workspace "$@"
