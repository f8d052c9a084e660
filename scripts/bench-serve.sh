#!/usr/bin/env bash
# Start-up and home-page latency of `innocity serve --demo` (release build).
#   scripts/bench-serve.sh   → prints time to first 200 on /healthz and home-page latencies
set -euo pipefail
cd "$(dirname "$0")/.."
# INNOCITY_BIN=path measures that binary instead of building one.
if [ -z "${INNOCITY_BIN:-}" ]; then cargo build --release -q -p innocity; fi
BIN=${INNOCITY_BIN:-$PWD/target/release/innocity}
DIR=$(mktemp -d); PORT=$((30000 + RANDOM % 20000))
cd "$DIR"
start=$(date +%s.%N)
INNOCITY_LOG=warn "$BIN" serve --demo --bind 127.0.0.1:$PORT > serve.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.01; done
ready=$(date +%s.%N)
echo "healthz answered after $(python3 -c "print(f'{($ready-$start)*1000:.0f} ms')") (empty directory, demo data loaded)"
for i in $(seq 1 200); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/"; done > home.txt
python3 - home.txt <<'PY'
import sys
t = sorted(float(x) * 1000 for x in open(sys.argv[1]))
pick = lambda q: t[min(len(t) - 1, int(q * len(t)))]
print(f"home page (/): n={len(t)} p50={pick(0.5):.2f} ms p99={pick(0.99):.2f} ms max={t[-1]:.2f} ms")
PY
