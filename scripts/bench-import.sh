#!/usr/bin/env bash
# Monitoring import benchmark: a generated workbook of N values (default 100,000: every demo
# region × every raw item × years back from 2018) imported with `innocity data import`
# into a fresh demo SQLite database (release build). Reports the file size, the wall time and
# peak resident memory (GNU time) of the dry run and of the commit.
#   scripts/bench-import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release -q -p innocity
cargo build --release -q -p innocity-office --example bench_workbook
BIN=$TARGET/release/innocity
GEN=$TARGET/release/examples/bench_workbook
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"
"$GEN" big.xlsx "$N"
INNOCITY_DEMO_PASSWORD=bench-Pass-2026 "$BIN" demo load --db bench.db > /dev/null
for mode in --dry-run ""; do
  label=${mode:-commit}
  /usr/bin/time -f "$label: wall %e s, peak RSS %M KB" "$BIN" data import big.xlsx $mode --db bench.db > "out$label.json" 2> "err$label.txt" || { cat "err$label.txt"; exit 1; }
  tail -1 "err$label.txt"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"  rows={r['rows']} inserted={r['inserted']} committed={r['committed']} import={r['seconds']:.2f} s\")" "out$label.json"
done
python3 - bench.db <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("  observations in the database:", c.execute("select count(*) from observations").fetchone()[0])
PY
