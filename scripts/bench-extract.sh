#!/usr/bin/env bash
# Time `innocity doc extract` on the largest seed as a whole process (best of N runs),
# then run the divan benchmark of repair + extraction.
# usage: scripts/bench-extract.sh [RUNS]   (INNOCITY_BIN=path times that binary instead)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$REPO/../shared"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
RUNS="${1:-20}"
BIN="${INNOCITY_BIN:-$TARGET/release/innocity}"
if [[ -z "${INNOCITY_BIN:-}" ]]; then
  (cd "$REPO" && cargo build --release -q -p innocity)
fi
LARGEST="$(ls -S "$SHARED"/seeds/*.txt | head -n 1)"
echo "largest seed: $LARGEST ($(wc -c < "$LARGEST") bytes)"
best=""
for _ in $(seq "$RUNS"); do
  s=$(date +%s%N)
  "$BIN" doc extract "$LARGEST" --format json > /dev/null
  e=$(date +%s%N)
  ms=$(( (e - s) / 1000 ))
  if [[ -z "$best" || "$ms" -lt "$best" ]]; then best="$ms"; fi
done
printf 'whole process, best of %s runs: %d.%03d ms\n' "$RUNS" $((best / 1000)) $((best % 1000))
(cd "$REPO" && cargo bench -q -p innocity-text --bench extract)
