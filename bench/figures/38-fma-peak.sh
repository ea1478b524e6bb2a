#!/usr/bin/env bash
# The ceiling of this machine for TFT-Lite's training step: the FMA peak of one core (bench/peak/fma_peak.c, built
# here with gcc: 512-bit fp32 FMA and VDPBF16PS chains, no memory, thread CPU time) and the GEMM FLOPs of one
# benchmark step (figure gemm-census, tft_bench: B=256, L=60, K=16, D=64, H=4, Kosmo's forecast-day formulation).
# Prints fma_fp32_gflops_per_core, fma_bf16_gflops_per_core, tft_bench_gemm_gflop_per_step and the floors
# tft_train_fp32_floor_samples_per_s / tft_train_bf16_floor_samples_per_s: the samples per second two cores could
# reach if every product ran at that peak and everything else (element-wise work, joins) cost nothing. No real step
# can pass them; compare the measured tft_train_samples_per_s and the LibTorch figures of 37-tft-reference.sh.
# NA (reason on stderr) where gcc or AVX-512 is missing. Usage: bash bench/figures/38-fma-peak.sh [--quick]
set -uo pipefail
quick="${1:-}"
n=100000000; [ "$quick" = "--quick" ] && n=20000000
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
get() { echo "$1" | sed -n "s/^$2=//p" | head -1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
if command -v gcc >/dev/null && gcc -O2 bench/peak/fma_peak.c -o "$tmp/fma_peak" 2>"$tmp/err"; then
  peak="$("$tmp/fma_peak" "$n")"
else
  echo "fma peak: gcc missing or cannot target AVX-512: $(head -c 300 "$tmp/err" 2>/dev/null)" >&2
  peak="$(printf 'fma_fp32_gflops_per_core=NA\nfma_bf16_gflops_per_core=NA')"
fi
echo "$peak"
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
census="$(dotnet "$dll" figure gemm-census 2>/dev/null)" || census=""
gflop="$(get "$census" gemm_census_tft_bench_gflop_per_step)"; [ -n "$gflop" ] || { gflop=NA; echo "gemm census failed" >&2; }
echo "tft_bench_gemm_gflop_per_step=$gflop"
floor() { awk -v p="$1" -v g="$2" 'BEGIN { if (p == "NA" || g == "NA" || g == 0) print "NA"; else printf "%.0f", 256 * 2 * p / g }'; }
echo "tft_train_fp32_floor_samples_per_s=$(floor "$(get "$peak" fma_fp32_gflops_per_core)" "$gflop")"
echo "tft_train_bf16_floor_samples_per_s=$(floor "$(get "$peak" fma_bf16_gflops_per_core)" "$gflop")"
