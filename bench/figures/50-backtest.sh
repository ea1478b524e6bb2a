#!/usr/bin/env bash
# backtest_full_s: top-k backtest over a generated 2,000-stock x 4,400-day panel with daily signals
# (median of 3; see bench/Kosmo.Bench/Backtest/BacktestFigure.cs). Usage: bench/figures/50-backtest.sh [--quick]
set -uo pipefail
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
if [ ! -f "$dll" ]; then
  dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1 || { echo "backtest_full_s=NA"; echo "error: bench/Kosmo.Bench does not build" >&2; exit 0; }
fi
dotnet "$dll" figure backtest "$@"
