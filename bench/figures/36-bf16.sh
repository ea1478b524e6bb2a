#!/usr/bin/env bash
# bf16 figures (model.precision: bf16, native/kosmo_bf16.c): GEMM GFLOP/s fp32 vs bf16 on one thread at TFT-Lite's
# shapes (figure bf16-gemm, thread CPU time), then TFT-Lite's training step at the benchmark shape (B=256, L=60, K=16,
# D=64, H=4, two threads, figure tft with TFT_PRECISION=fp32|bf16), fp32 and bf16 alternated BF16_REPS times (default 3)
# in the same run: medians of samples/s (wall clock) and of process CPU ms per step, and their ratios (bf16 over fp32);
# then the one-thread step in thread CPU ms (figure tft-profile), the figure that is steady on a loaded machine.
# Where the bf16 kernels are unavailable (no AVX512_BF16, or no gcc at build time) the bf16 lines print NA.
# Usage (from the repository root): [BF16_REPS=5] bash bench/figures/36-bf16.sh [--quick]
set -uo pipefail
quick="${1:-}"
reps="${BF16_REPS:-3}"
[ "$quick" = "--quick" ] && reps=1
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
get() { echo "$1" | sed -n "s/^$2=//p" | head -1; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b }'; }

gemm="$(dotnet "$dll" figure bf16-gemm $quick)" || { echo "bf16_gemm_available=NA"; echo "error: bf16-gemm figure failed" >&2; }
echo "$gemm"
if [ "$(get "$gemm" bf16_gemm_available)" != "1" ]; then
  for n in tft_train_bf16_samples_per_s tft_train_bf16_ratio tft_train_bf16_cpu_ratio tft_profile_bf16_step_cpu_ms tft_profile_bf16_ratio; do echo "$n=NA"; done
  echo "bf16 kernels unavailable on this machine" >&2
  exit 0
fi

f_sps=""; f_cpu=""; b_sps=""; b_cpu=""; f_loss=""; b_loss=""
for r in $(seq "$reps"); do
  for p in fp32 bf16; do
    out="$(TFT_PRECISION=$p dotnet "$dll" figure tft $quick)" || { echo "error: tft figure ($p) failed" >&2; continue; }
    [ "$(get "$out" tft_precision)" = "$p" ] || { echo "error: tft figure ran $(get "$out" tft_precision), not $p" >&2; continue; }
    if [ "$p" = fp32 ]; then
      f_sps="$f_sps $(get "$out" tft_train_samples_per_s)"; f_cpu="$f_cpu $(get "$out" tft_train_cpu_ms_per_step)"; f_loss="$(get "$out" tft_train_final_loss)"
    else
      b_sps="$b_sps $(get "$out" tft_train_samples_per_s)"; b_cpu="$b_cpu $(get "$out" tft_train_cpu_ms_per_step)"; b_loss="$(get "$out" tft_train_final_loss)"
    fi
  done
done
fs="$(echo "$f_sps" | median)"; bs="$(echo "$b_sps" | median)"
fc="$(echo "$f_cpu" | median)"; bc="$(echo "$b_cpu" | median)"
echo "tft_train_fp32_samples_per_s=$fs"
echo "tft_train_bf16_samples_per_s=$bs"
echo "tft_train_bf16_ratio=$(ratio "$bs" "$fs")"
echo "tft_train_fp32_cpu_ms_per_step=$fc"
echo "tft_train_bf16_cpu_ms_per_step=$bc"
echo "tft_train_bf16_cpu_ratio=$(ratio "$fc" "$bc")"
echo "tft_train_fp32_final_loss=$f_loss"
echo "tft_train_bf16_final_loss=$b_loss"
echo "tft_bf16_reps=$reps"

pf="$(TFT_PRECISION=fp32 dotnet "$dll" figure tft-profile $quick | sed -n 's/^tft_profile_step_cpu_ms=//p')"
pb="$(TFT_PRECISION=bf16 dotnet "$dll" figure tft-profile $quick | sed -n 's/^tft_profile_step_cpu_ms=//p')"
echo "tft_profile_fp32_step_cpu_ms=${pf:-NA}"
echo "tft_profile_bf16_step_cpu_ms=${pb:-NA}"
echo "tft_profile_bf16_ratio=$(ratio "${pf:-NA}" "${pb:-NA}")"
echo "load_avg_1m_end=$(cut -d' ' -f1 /proc/loadavg)"
