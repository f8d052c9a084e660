#!/usr/bin/env bash
# Benchmarks of the evaluation engine (issue 5).
#
#   scripts/bench-evaluate.sh [RUNS]
#
# 1. Builds the release CLI and times the ASEM standard pipeline (COINr build_example_coin())
#    as a whole process, best of RUNS (default 20).
# 2. Times uncertainty N = 1,000 on ASEM through the CLI (best of 3).
# 3. Runs the divan benchmarks (in-process: ASEM, synthetic 3,000 × 60, uncertainty).
# 4. Generates the synthetic 3,000 × 60 set (reproducible: seed 2026) and runs uncertainty
#    N = 10,000 on it through the CLI on 2 threads, reporting wall time and peak RSS
#    (/usr/bin/time -v).
#
# Environment: CARGO_TARGET_DIR (default target), INNOCITY_BIN (skip the build and use this
# binary), SHARED (default ../shared beside the repository), SKIP_DIVAN=1, SKIP_BIG=1.
set -euo pipefail

RUNS=${1:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
REF=$SHARED/reference/coinr-asem
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export INNOCITY_QUIET=1

if [ -z "${INNOCITY_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p innocity)
  INNOCITY_BIN=$TARGET/release/innocity
fi
BIN=$INNOCITY_BIN
METHOD=$ROOT/crates/engine/fixtures/asem_standard.toml

now_ns() { date +%s%N; }

best_of() { # best_of N cmd...: prints the best wall time in ms
  local n=$1; shift
  local best=""
  for _ in $(seq "$n"); do
    local t0 t1 dt
    t0=$(now_ns)
    "$@" >/dev/null 2>&1
    t1=$(now_ns)
    dt=$(( (t1 - t0) / 1000 ))
    if [ -z "$best" ] || [ "$dt" -lt "$best" ]; then best=$dt; fi
  done
  awk -v us="$best" 'BEGIN { printf "%.2f ms", us / 1000 }'
}

echo "== ASEM standard pipeline, whole CLI process (best of $RUNS) =="
"$BIN" evaluate --data "$REF/input_iData.csv" --meta "$REF/input_iMeta.csv" --method "$METHOD" --out "$WORK/asem" >/dev/null
echo "   outputs: $(ls "$WORK/asem" | tr '\n' ' ')"
echo "   $(best_of "$RUNS" "$BIN" evaluate --data "$REF/input_iData.csv" --meta "$REF/input_iMeta.csv" --method "$METHOD" --out "$WORK/asem")   (target < 20 ms)"

echo "== ASEM uncertainty N = 1,000, whole CLI process (best of 3) =="
echo "   $(best_of 3 "$BIN" evaluate --data "$REF/input_iData.csv" --meta "$REF/input_iMeta.csv" --method "$METHOD" --out "$WORK/asem_u" --uncertainty 1000 --seed 1)   (target < 1 s)"

if [ -z "${SKIP_DIVAN:-}" ]; then
  echo "== divan (in-process) =="
  (cd "$ROOT" && cargo bench -q -p innocity-engine --bench pipeline)
fi

if [ -z "${SKIP_BIG:-}" ]; then
  echo "== synthetic 3,000 × 60 (seed 2026), uncertainty N = 10,000 on 2 threads =="
  (cd "$ROOT" && cargo run --release -q -p innocity-engine --example synth_fixture -- "$WORK/synth" 3000 60 2026)
  echo "   nominal pipeline, whole CLI process: $(best_of 5 "$BIN" evaluate --data "$WORK/synth/iData.csv" --meta "$WORK/synth/iMeta.csv" --method "$WORK/synth/method.toml" --out "$WORK/synth_out")"
  /usr/bin/time -v "$BIN" evaluate --data "$WORK/synth/iData.csv" --meta "$WORK/synth/iMeta.csv" \
    --method "$WORK/synth/method.toml" --out "$WORK/synth_u" --uncertainty 10000 --seed 1 --threads 2 \
    2> "$WORK/time.txt" || { cat "$WORK/time.txt"; exit 1; }
  grep -E "Elapsed \(wall clock\)|Maximum resident set size|User time|System time" "$WORK/time.txt" | sed 's/^\s*/   /'
  echo "   (target < 60 s; rows in uncertainty.csv: $(($(wc -l < "$WORK/synth_u/uncertainty.csv") - 1)))"
fi
