#!/usr/bin/env bash
# experiment_wall_s: the default real experiment (configs/krx-default.yaml) end to end, wall seconds and peak memory.
# Needs ../shared/data/krx (imported into data/kosmo.db on first use). Skipped (NA) with --quick.
set -uo pipefail
if [ "${1:-}" = "--quick" ]; then
  echo "experiment_wall_s=NA"; echo "experiment_wall_s: skipped with --quick (the full run takes minutes)" >&2; exit 0
fi
if [ ! -d ../shared/data/krx ]; then
  echo "experiment_wall_s=NA"; echo "experiment_wall_s: ../shared/data/krx not found" >&2; exit 0
fi
dotnet build src/Kosmo.Cli -c Release -nologo -v q >/dev/null 2>&1 || { echo "experiment_wall_s=NA"; echo "kosmo does not build" >&2; exit 0; }
out=$(mktemp -d)
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$out/maxrss" dotnet src/Kosmo.Cli/bin/Release/net10.0/kosmo.dll run --config configs/krx-default.yaml --out "$out/run" >"$out/log" 2>&1
rc=$?
end=$(date +%s.%N)
if [ $rc -ne 0 ]; then
  echo "experiment_wall_s=NA"; echo "experiment_wall_s: kosmo run failed (rc $rc), log: $out/log" >&2; exit 0
fi
awk -v s="$start" -v e="$end" 'BEGIN { printf "experiment_wall_s=%.1f\n", e - s }'
# The run resets the kernel's peak-RSS mark at every step to record per-step peaks, so /usr/bin/time's maximum
# under-reports; timing.json's memory.peak_rss_mb is the maximum over all steps.
peak=$(grep -m1 '"peak_rss_mb"' "$out/run/timing.json" | tr -dc '0-9.')
echo "experiment_peak_mb=${peak:-NA}"
awk '{ printf "experiment_time_maxrss_mb=%.0f\n", $1 / 1024 }' "$out/maxrss"
rm -rf "$out"
