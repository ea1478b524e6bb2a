#!/usr/bin/env bash
# TFT-Lite figure: one full training step (forward + backward + AdamW) at B=256, L=60, K=16, static cats [3, 10],
# 2 static reals, D=64, H=4, 2 threads, median after warm-up; no-grad inference; peak working set; and, in the
# same run, the PyTorch reference (shared/reference/tft_lite.py --threads 2) for the ratio.
# Usage (from the repository root): bash bench/figures/35-tft.sh [--quick]
set -uo pipefail
quick="${1:-}"
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
get() { echo "$1" | sed -n "s/^$2=//p" | head -1; }

ours="$(dotnet "$dll" figure tft $quick)" || { echo "tft_train_samples_per_s=NA"; echo "error: tft figure failed" >&2; exit 1; }
echo "$ours"

steps=10; [ "$quick" = "--quick" ] && steps=3
if py_out="$(/usr/bin/python3 /work/shared/reference/tft_lite.py --threads 2 --steps $steps 2>/dev/null)"; then
  p="$(echo "$py_out" | sed -n 's/.*train_samples_per_s=\([0-9.]*\).*/\1/p')"
  echo "pytorch_train_samples_per_s=$p"
  o="$(get "$ours" tft_train_samples_per_s)"
  echo "tft_train_ratio=$(awk -v o="$o" -v p="$p" 'BEGIN { printf "%.2f", o / p }')"
else
  echo "pytorch_train_samples_per_s=NA"; echo "tft_train_ratio=NA"; echo "PyTorch reference not runnable" >&2
fi
echo "load_avg_1m_end=$(cut -d' ' -f1 /proc/loadavg)"
