#!/usr/bin/env bash
# Score `innocity doc extract` on the development set.
# Runs the release binary over every seed into a temporary folder, then the project scorer.
# usage: scripts/score-extract.sh [--no-build]   (INNOCITY_BIN=path uses that binary instead)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="$REPO/../shared"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
# INNOCITY_BIN overrides the binary (then nothing is built).
BIN="${INNOCITY_BIN:-$TARGET/release/innocity}"
if [[ -z "${INNOCITY_BIN:-}" && "${1:-}" != "--no-build" ]]; then
  (cd "$REPO" && cargo build --release -q -p innocity)
fi
[[ -x "$BIN" ]] || { echo "no binary at $BIN" >&2; exit 2; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for f in "$SHARED"/seeds/*.txt; do
  name="$(basename "$f" .txt)"
  "$BIN" doc extract "$f" --format json > "$OUT/$name.json"
done
python3 "$SHARED/tools/score_extract.py" "$SHARED/devset/gold" "$OUT" --verbose
