#!/usr/bin/env bash
# predict_latest_s: wall seconds of one `kosmo predict --date latest` (median of 3; --quick: 1) on a trained run folder
# and a database, with every step included (process start, window load, universe, features, model, orders).
# KOSMO_PREDICT_RUN (default runs/krx-default) and KOSMO_PREDICT_DB (default data/kosmo.db) choose them;
# KOSMO_PREDICT_MODEL (default the run's main model). One untimed call first writes RUN/processors.json for a run
# from before it existed. Also prints predict_latest_cpu_s (user + system CPU seconds, median of the same calls: the
# steadier figure on a shared machine), predict_date= (the date predicted) and predict_members= (rows of the list).
# Run from the repository root.
set -uo pipefail
run="${KOSMO_PREDICT_RUN:-runs/krx-default}"
db="${KOSMO_PREDICT_DB:-data/kosmo.db}"
if [ ! -f "$run/config.yaml" ] || [ ! -f "$db" ]; then
  echo "predict_latest_s=NA"; echo "predict: needs a trained run ($run) and a database ($db)" >&2; exit 0
fi
dll=src/Kosmo.Cli/bin/Release/net10.0/kosmo.dll
[ -f "$dll" ] || dotnet build src/Kosmo.Cli -c Release -nologo -v q >/dev/null 2>&1
model=()
[ -n "${KOSMO_PREDICT_MODEL:-}" ] && model=(--model "$KOSMO_PREDICT_MODEL")
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if ! dotnet "$dll" predict --run "$run" --db "$db" "${model[@]}" --out "$out/list.csv" >/dev/null 2>"$out/err"; then
  echo "predict_latest_s=NA"; echo "predict: $(grep error: "$out/err" | head -1)" >&2; exit 0
fi
n=3; [ "${1:-}" = "--quick" ] && n=1
times=()
cpus=()
for _ in $(seq "$n"); do
  s=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$out/cpu" dotnet "$dll" predict --run "$run" --db "$db" "${model[@]}" --out "$out/list.csv" >/dev/null 2>&1
    cpus+=("$(awk '{print $1 + $2}' "$out/cpu")")
  else
    dotnet "$dll" predict --run "$run" --db "$db" "${model[@]}" --out "$out/list.csv" >/dev/null 2>&1
  fi
  e=$(date +%s.%N)
  times+=("$(echo "$e - $s" | bc -l)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf 'predict_latest_s=%.2f\n' "$(median "${times[@]}")"
if [ "${#cpus[@]}" -gt 0 ]; then printf 'predict_latest_cpu_s=%.2f\n' "$(median "${cpus[@]}")"; else echo "predict_latest_cpu_s=NA"; fi
echo "predict: load average after the calls $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "predict_date=$(sed -n 2p "$out/list.csv" | cut -d, -f2)"
echo "predict_members=$(($(wc -l <"$out/list.csv") - 1))"
