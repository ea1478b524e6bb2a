#!/usr/bin/env bash
# The learning curve on the real data: configs/krx-learning-curve.yaml (the default experiment on test years
# 2014..2017-07) run once per point with `kosmo run --set`, each point a run folder under runs/learning-curve/,
# then tabulated by `kosmo compare --curve` into runs/learning-curve/learning_curve.md (and .csv).
#
# A point is L<lookback>-n<max_train_samples> (every model: TFT-Lite, logistic, LightGBM, LSTM, Transformer) or
# L<lookback>-all-fast (every training sample, the models that train on it in minutes here: LSTM, logistic,
# LightGBM). L<lookback>-all trains TFT-Lite and the Transformer on every sample too (L30-all: 86 min on 2 cores).
# A suffix -cs (labels.method: cs_tercile) or -excess (labels.target: excess) trains TFT-Lite, logistic and LightGBM
# on that target instead, for the absolute-vs-cross-sectional comparison on the same folds
# (kosmo compare --paired MODEL runs/learning-curve/L30-n6000 runs/learning-curve/L30-n6000-cs).
# Finished points are reused (--resume); rerunning the script only computes what is missing.
#
# Usage: bench/learning-curve.sh [POINT...]     (default: the points of the learning-curve table in docs/results.md)
#        KOSMO="dotnet path/to/kosmo.dll" bench/learning-curve.sh ...   to use another build
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-runs/learning-curve}
if [ -z "${KOSMO:-}" ]; then
  dotnet build src/Kosmo.Cli -c Release -nologo -v q >/dev/null
  KOSMO="dotnet src/Kosmo.Cli/bin/Release/net10.0/kosmo.dll"
fi
points=("$@")
if [ ${#points[@]} -eq 0 ]; then
  points=(L30-n6000 L30-n25000 L30-n6000-cs L30-n100000 L30-all L60-n6000 L60-n25000 L60-n100000 L60-all-fast)
fi

mkdir -p "$out"
for point in "${points[@]}"; do
  if [[ ! "$point" =~ ^L([0-9]+)-(n([0-9]+)|all|all-fast)(-cs|-excess)?$ ]]; then
    echo "error: point '$point' is not L<lookback>-n<samples>, L<lookback>-all or L<lookback>-all-fast (optionally -cs or -excess)" >&2
    exit 2
  fi
  lookback=${BASH_REMATCH[1]}
  target=${BASH_REMATCH[4]}
  sets=(--set "features.lookback=$lookback")
  case $target in
    -cs) sets+=(--set labels.method=cs_tercile --set "baselines=[logistic, lightgbm]") ;;
    -excess) sets+=(--set labels.target=excess --set "baselines=[logistic, lightgbm]") ;;
  esac
  case ${BASH_REMATCH[2]} in
    all) sets+=(--set model.max_train_samples=all) ;;
    all-fast) sets+=(--set model.max_train_samples=all --set model.name=lstm --set model.heads=null --set "baselines=[logistic, lightgbm]") ;;
    *) sets+=(--set "model.max_train_samples=${BASH_REMATCH[3]}") ;;
  esac
  echo "== $point: ${sets[*]}"
  $KOSMO run --config configs/krx-learning-curve.yaml --data ../shared/data/krx --out "$out/$point" --resume "${sets[@]}"
done

runs=()
for dir in "$out"/L*/; do [ -f "$dir/metrics.json" ] && runs+=("${dir%/}"); done
$KOSMO compare --curve "${runs[@]}" --out "$out/learning_curve.md"
$KOSMO compare --curve "${runs[@]}" --format csv --out "$out/learning_curve.csv"
cat "$out/learning_curve.md"
