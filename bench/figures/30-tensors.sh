#!/usr/bin/env bash
# Kosmo.Tensors figures: SGEMM GFLOP/s vs numpy/OpenBLAS (2 threads, same run) and the TFT-Lite op sequence
# (B=256, L=60, K=16, D=64, H=4, forward + backward + AdamW, 2 threads) vs the PyTorch reference training.
# Usage (from the repository root): bash bench/figures/30-tensors.sh [--quick]
set -uo pipefail
quick="${1:-}"
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
sizes="64 128 256 512 1024 2048"
[ "$quick" = "--quick" ] && sizes="64 256 1024"

ours="$(KOSMO_THREADS=2 dotnet "$dll" figure tensors $quick)" || { echo "sgemm_gflops_1024=NA"; echo "error: tensors figure failed" >&2; exit 1; }
echo "$ours"
get() { echo "$1" | sed -n "s/^$2=//p" | head -1; }

if numpy_out="$(OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 /usr/bin/python3 bench/numpy_sgemm.py $sizes 2>/dev/null)"; then
  echo "$numpy_out"
  ratios=""
  for n in $sizes; do
    o="$(get "$ours" "sgemm_gflops_$n")"; p="$(get "$numpy_out" "numpy_sgemm_gflops_$n")"
    r="$(awk -v o="$o" -v p="$p" 'BEGIN { printf "%.3f", o / p }')"
    echo "sgemm_ratio_openblas_$n=$r"
  done
  o="$(get "$ours" sgemm_gflops_1024)"; p="$(get "$numpy_out" numpy_sgemm_gflops_1024)"
  echo "sgemm_ratio_openblas=$(awk -v o="$o" -v p="$p" 'BEGIN { printf "%.3f", o / p }')"
else
  echo "sgemm_ratio_openblas=NA"; echo "numpy not available for the SGEMM ratio" >&2
fi

steps=10; [ "$quick" = "--quick" ] && steps=3
if py_out="$(/usr/bin/python3 /work/shared/reference/tft_lite.py --threads 2 --steps $steps 2>/dev/null)"; then
  p="$(echo "$py_out" | sed -n 's/.*train_samples_per_s=\([0-9.]*\).*/\1/p')"
  echo "pytorch_train_samples_per_s=$p"
  o="$(get "$ours" engine_tft_opseq_samples_per_s)"
  echo "engine_tft_opseq_ratio_pytorch=$(awk -v o="$o" -v p="$p" 'BEGIN { printf "%.2f", o / p }')"
else
  echo "pytorch_train_samples_per_s=NA"; echo "PyTorch reference not runnable" >&2
fi
