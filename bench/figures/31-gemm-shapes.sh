#!/usr/bin/env bash
# SGEMM at Kosmo's own shapes. The gemm-census figure records every SGEMM product of real training steps of each
# neural model at the real run's shapes (and the benchmark TFT-Lite); then Kosmo (figure gemm-shapes) and
# numpy/OpenBLAS (bench/numpy_sgemm.py) are timed at the union of each model's top 5 shapes by FLOP share, same
# (transA, transB, m, n, k), GEMM_THREADS threads each (default 2), interleaved: ROUNDS rounds of Kosmo then numpy,
# the median round per shape. sgemm_ratio_openblas_kosmo_shapes is FLOP-weighted: the time numpy would take for those
# shapes' FLOPs per training step (summed over the models) over the time Kosmo takes, so > 1 means Kosmo is faster;
# _MODEL variants weight by one model's shapes only. gemm_census_measured_share: those shapes' share of all census FLOPs.
# In the real run's training (data-parallel replicas) every product runs on one thread, two at a time: GEMM_THREADS=1
# measures that case, timed by each side's thread CPU time (steady on a loaded machine; GEMM_CLOCK=wall to change it);
# two threads are timed by the wall clock (gemm_shapes_clock says which). ROUNDS=N overrides the rounds;
# GEMM_CENSUS_FILE=F reads the census from F when it exists (else runs it and writes it there). numpy_blas says which
# BLAS numpy loads (Debian's numpy needs libopenblas0-pthread, else it runs the reference BLAS).
# Usage (from the repository root): bash bench/figures/31-gemm-shapes.sh [--quick]
set -uo pipefail
quick="${1:-}"
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
threads="${GEMM_THREADS:-2}"
clock=wall; [ "$threads" = 1 ] && clock="${GEMM_CLOCK:-thread}"
tc=""; [ "$clock" = thread ] && tc="--thread-clock"
rounds=3; [ "$quick" = "--quick" ] && rounds=1
rounds="${ROUNDS:-$rounds}"

if [ -n "${GEMM_CENSUS_FILE:-}" ] && [ -s "$GEMM_CENSUS_FILE" ]; then
  census="$(cat "$GEMM_CENSUS_FILE")"
else
  census="$(dotnet "$dll" figure gemm-census $quick)" || { echo "gemm_census_max_mid_dim=NA"; echo "error: gemm-census figure failed" >&2; exit 1; }
  [ -n "${GEMM_CENSUS_FILE:-}" ] && echo "$census" > "$GEMM_CENSUS_FILE"
fi
echo "$census"

# "MODEL SHAPE GFLOP_PER_STEP" for each model's top shapes, and the census's total training GFLOP per step.
tops="$(echo "$census" | awk -F= '
  /^gemm_census_.*_shape[0-9]+=/ { k = $1; sub(/^gemm_census_/, "", k); shape[k] = $2 }
  /^gemm_census_.*_shape[0-9]+_gflop_per_step=/ { k = $1; sub(/^gemm_census_/, "", k); sub(/_gflop_per_step$/, "", k); w[k] = $2 }
  END { for (k in shape) { m = k; sub(/_shape[0-9]+$/, "", m); print m, shape[k], w[k] } }' | sort)"
total="$(echo "$census" | awk -F= '/^gemm_census_.*_gflop_per_step=/ && !/_predict_/ && !/_shape[0-9]+_/ { s += $2 } END { print s }')"
shapes="$(echo "$tops" | awk '{ print $2 }' | sort -u)"
[ -n "$shapes" ] || { echo "sgemm_ratio_openblas_kosmo_shapes=NA"; echo "error: the census printed no shapes" >&2; exit 1; }
echo "gemm_shapes_threads=$threads"
echo "gemm_shapes_clock=$clock"
echo "gemm_shapes_measured=$(echo "$shapes" | wc -l)"

have_numpy=1
/usr/bin/python3 -c "import numpy" 2>/dev/null || { have_numpy=0; echo "numpy not available: no OpenBLAS figures at the census shapes (apt-get install python3-numpy libopenblas0-pthread)" >&2; }
if [ "$have_numpy" = 1 ]; then
  blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null)"
  case "$blas" in *openblas*) echo "numpy_blas=openblas";; *) echo "numpy_blas=other"; echo "numpy's BLAS is not OpenBLAS ($blas)" >&2;; esac
  # OpenBLAS 0.3.21 takes this Zen 5 for Haswell (AVX2 kernels); OPENBLAS_CORETYPE=SkylakeX gives it its AVX-512 ones.
  core="$(OPENBLAS_VERBOSE=2 /usr/bin/python3 -c "import numpy" 2>&1 | sed -n 's/^Core: //p' | head -1)"
  echo "numpy_blas_core=${core:-unknown}"
fi
all=""
for r in $(seq 1 "$rounds"); do
  all+="$(GEMM_CLOCK=$clock KOSMO_THREADS=$threads GEMM_SHAPES="$(echo "$shapes" | paste -sd';')" dotnet "$dll" figure gemm-shapes $quick)"$'\n'
  if [ "$have_numpy" = 1 ]; then
    all+="$(OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads /usr/bin/python3 bench/numpy_sgemm.py $quick $tc $shapes)"$'\n'
  fi
done

# Median over the rounds per figure name (kosmo_gemm_gflops_KEY, numpy_gemm_gflops_KEY).
med="$(echo "$all" | awk -F= 'NF == 2 { v[$1] = v[$1] " " $2 }
  END { for (k in v) { n = split(v[k], a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        printf "%s=%.2f\n", k, (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) } }' | sort)"
echo "$med"
[ "$have_numpy" = 1 ] || { echo "sgemm_ratio_openblas_kosmo_shapes=NA"; exit 0; }

# Per shape ratio; FLOP-weighted ratios (overall and per model) from each model's GFLOP per step at that shape.
echo "$tops" | awk -v med="$med" -v total="$total" '
  BEGIN { n = split(med, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], kv, "="); g[kv[1]] = kv[2] } }
  function key(s,   f) { split(s, f, ","); return f[1] f[2] "_" f[3] "x" f[4] "x" f[5] }
  { k = key($2); ko = g["kosmo_gemm_gflops_" k]; np = g["numpy_gemm_gflops_" k]
    if (ko <= 0 || np <= 0) next
    ratio[k] = ko / np; tk[$1] += $3 / ko; tn[$1] += $3 / np; TK += $3 / ko; TN += $3 / np; W += $3 }
  END { for (k in ratio) printf "sgemm_ratio_openblas_%s=%.3f\n", k, ratio[k]
        for (m in tk) printf "sgemm_ratio_openblas_kosmo_shapes_%s=%.3f\n", m, tn[m] / tk[m]
        printf "gemm_census_measured_share=%.3f\n", W / total
        printf "sgemm_ratio_openblas_kosmo_shapes=%.3f\n", TN / TK }' | sort
