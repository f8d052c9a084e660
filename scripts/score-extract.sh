#!/usr/bin/env bash
# Score `innocity doc extract` on the development sets: the five seeds (shared/seeds, gold in
# shared/devset/gold) and the other-region documents (shared/devset/ext/docs, gold in
# shared/devset/ext/gold). Prints the verbose report and summary of each, then a combined summary.
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
SCORER="$SHARED/tools/score_extract.py"
# run DOCS_DIR GOLD_DIR NAME: extract every document that has a gold file, score, keep copies
# for the combined score.
run() {
  local docs="$1" gold="$2" name="$3"
  mkdir -p "$OUT/$name" "$OUT/all-gold" "$OUT/all-pred"
  for g in "$gold"/*.json; do
    local base
    base="$(basename "$g" .json)"
    "$BIN" doc extract "$docs/$base.txt" --format json > "$OUT/$name/$base.json" || true
    cp "$g" "$OUT/all-gold/$base.json"
    cp "$OUT/$name/$base.json" "$OUT/all-pred/$base.json"
  done
  echo "== $name"
  python3 "$SCORER" "$gold" "$OUT/$name" --verbose
  echo
}
run "$SHARED/seeds" "$SHARED/devset/gold" seeds
if [[ -d "$SHARED/devset/ext/gold" ]]; then
  run "$SHARED/devset/ext/docs" "$SHARED/devset/ext/gold" ext
fi
echo "== summary"
echo "seeds:    $(python3 "$SCORER" "$SHARED/devset/gold" "$OUT/seeds" | tail -1)"
if [[ -d "$OUT/ext" ]]; then
  echo "ext:      $(python3 "$SCORER" "$SHARED/devset/ext/gold" "$OUT/ext" | tail -1)"
fi
echo "combined: $(python3 "$SCORER" "$OUT/all-gold" "$OUT/all-pred" | tail -1)"
