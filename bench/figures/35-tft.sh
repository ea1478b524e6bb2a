#!/usr/bin/env bash
# TFT-Lite figure: one full training step (ForwardLastStep + backward + AdamW, as the trainer runs it) at B=256, L=60,
# K=16, static cats [3, 10], 2 static reals, D=64, H=4, 2 threads, median after warm-up; no-grad inference at this
# shape and at the real run's (D=32, L=30, K=60); peak working set; and, interleaved in the same run, the PyTorch
# reference (shared/reference/tft_lite.py's model through bench/torch_tft_cpu.py, 2 threads) for the ratios.
# tft_train_ratio is the wall-clock ratio (the contract figure); tft_train_cpu_ratio compares samples per CPU-second
# (steadier on a loaded machine). TFT_REPS=N (default 1) interleaves N ours/PyTorch pairs and reports medians.
# Usage (from the repository root): [TFT_REPS=3] bash bench/figures/35-tft.sh [--quick]
set -uo pipefail
quick="${1:-}"
reps="${TFT_REPS:-1}"
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
get() { echo "$1" | sed -n "s/^$2=//p" | head -1; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
steps=10; [ "$quick" = "--quick" ] && steps=3

o_sps=""; o_cpu=""; o_inf=""; o_infr=""; p_sps=""; p_cpu=""; ours=""
for r in $(seq "$reps"); do
  ours="$(dotnet "$dll" figure tft $quick)" || { echo "tft_train_samples_per_s=NA"; echo "error: tft figure failed" >&2; exit 1; }
  o_sps="$o_sps $(get "$ours" tft_train_samples_per_s)"
  o_cpu="$o_cpu $(get "$ours" tft_train_cpu_ms_per_step)"
  o_inf="$o_inf $(get "$ours" tft_infer_samples_per_s)"
  o_infr="$o_infr $(get "$ours" tft_infer_real_samples_per_s)"
  if py_out="$(/usr/bin/python3 bench/torch_tft_cpu.py --threads 2 --steps $steps 2>/dev/null)"; then
    p_sps="$p_sps $(get "$py_out" pytorch_train_samples_per_s)"
    p_cpu="$p_cpu $(get "$py_out" pytorch_train_cpu_ms_per_step)"
  fi
done

echo "$ours" | grep -v -E '^(tft_train_samples_per_s|tft_train_cpu_ms_per_step|tft_infer_samples_per_s|tft_infer_real_samples_per_s)='
echo "tft_train_samples_per_s=$(echo "$o_sps" | median)"
echo "tft_train_cpu_ms_per_step=$(echo "$o_cpu" | median)"
echo "tft_infer_samples_per_s=$(echo "$o_inf" | median)"
echo "tft_infer_real_samples_per_s=$(echo "$o_infr" | median)"
if [ -n "$p_sps" ]; then
  ps="$(echo "$p_sps" | median)"; pc="$(echo "$p_cpu" | median)"
  echo "pytorch_train_samples_per_s=$ps"
  echo "pytorch_train_cpu_ms_per_step=$pc"
  echo "tft_train_ratio=$(awk -v o="$(echo "$o_sps" | median)" -v p="$ps" 'BEGIN { printf "%.2f", o / p }')"
  echo "tft_train_cpu_ratio=$(awk -v o="$(echo "$o_cpu" | median)" -v p="$pc" 'BEGIN { printf "%.2f", p / o }')"
else
  echo "pytorch_train_samples_per_s=NA"; echo "tft_train_ratio=NA"; echo "PyTorch reference not runnable" >&2
fi
echo "tft_reps=$reps"
echo "load_avg_1m_end=$(cut -d' ' -f1 /proc/loadavg)"
