#!/usr/bin/env bash
# TFT-Lite training speed at the real experiment's shape with a 60-day window (features.lookback: 60 on
# configs/krx-default.yaml: K=56 features, D=32, H=4, B=256, static cats [3, 10], 2 static reals, 2 threads), as the
# tft figure measures a step (bench/figures/35-tft.sh). Prints tft_train_real60_samples_per_s,
# tft_train_real60_cpu_ms_per_step and tft_train_real60_peak_mb (median over steps after warm-up; --quick: 3 steps).
# Usage (from the repository root): bash bench/figures/36-tft-real60.sh [--quick]
set -uo pipefail
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
out="$(TFT_TRAIN_SHAPE=60,56,32 dotnet "$dll" figure tft "${1:-}")" || { echo "tft_train_real60_samples_per_s=NA"; echo "error: tft figure failed" >&2; exit 1; }
get() { echo "$out" | sed -n "s/^$1=//p" | head -1; }
echo "tft_train_real60_samples_per_s=$(get tft_train_samples_per_s)"
echo "tft_train_real60_cpu_ms_per_step=$(get tft_train_cpu_ms_per_step)"
echo "tft_train_real60_peak_mb=$(get tft_train_peak_mb)"
echo "load_avg_1m=$(get load_avg_1m)"
