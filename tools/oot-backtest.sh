#!/usr/bin/env bash
# Backtests a finished run's out-of-time predictions (RUN/oot/predictions.csv, from a config with an `oot:` section such
# as configs/krx-oot.yaml) on the out-of-time panel, with the strategies and controls of docs/notes/oot-backtest.yaml.
# `kosmo backtest` trades a run folder over its config's data range, so this builds a small run folder RUN/oot/run whose
# config is the run's with data.from/to set to the OOT panel's range (the universe rules, frictions and benchmarks are
# the run's), and writes the results to RUN/oot/backtest.
# Usage: tools/oot-backtest.sh [RUN=runs/krx-oot] [DB=data/kosmo.db] [STRATEGIES=docs/notes/oot-backtest.yaml]
set -euo pipefail
cd "$(dirname "$0")/.."
run="${1:-runs/krx-oot}"; db="${2:-data/kosmo.db}"; strategies="${3:-docs/notes/oot-backtest.yaml}"
[ -f "$run/oot/predictions.csv" ] || { echo "no $run/oot/predictions.csv: run an experiment with an oot: section first" >&2; exit 4; }
from="$(sed -n 's/^  finetune_from: *\([0-9-]*\).*/\1/p' "$run/config.yaml")"
data_from="$(sed -n 's/^  data_from: *\([0-9-]*\).*/\1/p' "$run/config.yaml")"
from="${data_from:-$from}"
to="$(awk -F, 'NR > 1 && $1 > m { m = $1 } END { print m }' "$run/oot/predictions.csv")"
[ -n "$from" ] || from="$(awk -F, 'NR == 2 { print $1 }' "$run/oot/predictions.csv")"
mkdir -p "$run/oot/run"
sed -e "s/^  from: .*/  from: $from/" -e "s/^  to: .*/  to: $to/" -e "s/^name: .*/name: $(basename "$run")-oot-backtest/" \
  "$run/config.yaml" > "$run/oot/run/config.yaml"
cp "$run/oot/predictions.csv" "$run/oot/run/predictions.csv"
echo "OOT panel $from .. $to; strategies $strategies" >&2
dotnet src/Kosmo.Cli/bin/Release/net10.0/kosmo.dll backtest --run "$run/oot/run" --db "$db" --config "$strategies" --out "$run/oot/backtest" --capacity
