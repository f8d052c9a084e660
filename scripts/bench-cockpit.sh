#!/usr/bin/env bash
# Participant cockpit latency: GET /api/v1/monitoring/scorecard/{德州} (every target's
# tracking and series, data completeness) with 50 concurrent clients for 20 s against
# `innocity serve --demo` on SQLite (release build), measured with wrk (Debian package `wrk`)
# or oha (`cargo install oha`) when wrk is missing.
#   scripts/bench-cockpit.sh [CONNECTIONS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
C=${1:-50}
D=${2:-20}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release -q -p innocity
BIN=$TARGET/release/innocity
DIR=$(mktemp -d); PORT=$((30000 + RANDOM % 20000))
cd "$DIR"
INNOCITY_LOG=warn INNOCITY_DEMO_PASSWORD=bench-Pass-2026 "$BIN" serve --demo --bind 127.0.0.1:$PORT --db bench.db > serve.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.05; done
BASE=http://127.0.0.1:$PORT
curl -fs -c jar -H 'content-type: application/json' -d '{"username":"coordinator","password":"bench-Pass-2026"}' "$BASE/api/v1/auth/login" > /dev/null
COOKIE=$(awk '$6 == "innocity_session" {print $6 "=" $7}' jar)
PID_DZ=$(curl -fs -b jar "$BASE/api/v1/participants?region_code=371400" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
URL="$BASE/api/v1/monitoring/scorecard/$PID_DZ"
curl -fs -b jar "$URL" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("cockpit:", d["region_name"], len(d["rows"]), "targets", d["counts"])'
if command -v wrk > /dev/null; then
  wrk -t2 -c"$C" -d"${D}s" --latency -H "Cookie: $COOKIE" "$URL"
elif command -v oha > /dev/null; then
  oha -c "$C" -z "${D}s" --no-tui -H "Cookie: $COOKIE" "$URL"
else
  echo "needs wrk (apt-get install wrk) or oha (cargo install oha)" >&2
  exit 1
fi
