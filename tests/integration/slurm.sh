#!/usr/bin/env bash
# Integration test: the synthetic default experiment through a real one-node Slurm (Debian's slurm-wlm 22.05).
#
#   bash tests/integration/slurm.sh
#
# It installs slurm-wlm and munge when missing (root + apt-get), starts munged, slurmctld and slurmd on localhost
# (tests/integration/slurm-cluster.sh; state under a temporary folder, daemons stopped by PID on exit), then:
#   1. runs the synthetic default locally (kosmo run --threads 1) as the reference;
#   2. submits the same run with --executor slurm (one array task per cell, 1 CPU each, and a gather job);
#   3. cancels one TFT-Lite cell with scancel as soon as it has an epoch checkpoint: the gather job must not run
#      (afterok, --kill-on-invalid-dep) and kosmo status must name the cell as failed;
#   4. submits again: only that cell goes out, it resumes from its checkpoint, the gather job runs;
#   5. asserts every cell ran as its own array task and metrics.json is byte-identical to the local run's.
# Skips with a message where it cannot run as root or cannot install the packages; fails instead under CI=true.
# Prints one closing line "slurm: N passed, N failed". Timings go to $KOSMO_SLURM_TIMING (default: stdout only).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

skip() {
  if [ "${CI:-}" = "true" ]; then
    echo "slurm test: cannot run under CI=true: $*" >&2
    echo "slurm: 0 passed, 1 failed"
    exit 1
  fi
  echo "slurm test: skipped: $*"
  exit 0
}

passed=0
failed=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "  ok: $name"; else failed=$((failed + 1)); echo "  FAILED: $name" >&2; fi
}

[ "$(id -u)" = "0" ] || skip "needs root to install and start Slurm (munged, slurmctld, slurmd)"
# shellcheck source=tests/integration/slurm-cluster.sh
source tests/integration/slurm-cluster.sh
slurm_install || skip "cannot install slurm-wlm and munge"

KOSMO_SLURM_STATE=$(mktemp -d /tmp/kosmo-slurm-test.XXXXXX)
export KOSMO_SLURM_STATE
W=$(mktemp -d /tmp/kosmo-slurm-runs.XXXXXX)
cleanup() {
  if [ -n "${SLURM_CONF:-}" ]; then scancel --user=root >/dev/null 2>&1 || true; fi
  slurm_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

slurm_configure >/dev/null
if ! slurm_start; then
  echo "slurm: 0 passed, 1 failed"
  exit 1
fi
export SLURM_CONF=$KOSMO_SLURM_STATE/slurm.conf
echo "slurm test: one-node cluster up ($(sinfo -h -o '%N %c CPUs %m MB'))"

DLL=$ROOT/src/Kosmo.Cli/bin/Release/net10.0/kosmo.dll
if [ ! -f "$DLL" ]; then
  dotnet build src/Kosmo.Cli -c Release -v q -nologo >/dev/null || { echo "slurm: 0 passed, 1 failed (build)"; exit 1; }
fi
K=(dotnet "$DLL")
export NO_COLOR=1 COLUMNS=200

wait_queue_empty() { # wait_queue_empty TIMEOUT_S
  local deadline=$(( $(date +%s) + $1 ))
  while [ -n "$(squeue -h -o %i 2>/dev/null)" ]; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "slurm test: queue not empty after $1 s:" >&2; squeue >&2; return 1; fi
    sleep 2
  done
}

# 1. the local reference
t0=$(date +%s%N)
"${K[@]}" run --out "$W/local" --threads 1 >"$W/local.log" 2>&1
rc=$?
t1=$(date +%s%N)
check "local run exits 0" [ "$rc" = 0 ]
local_s=$(( (t1 - t0) / 1000000000 ))

# 2. the same run through Slurm
t0=$(date +%s%N)
"${K[@]}" run --out "$W/slurm" --threads 1 --executor slurm --cpus-per-task 1 --mem 3G >"$W/submit-1.log" 2>&1
rc=$?
check "first submission exits 0" [ "$rc" = 0 ]
cells=$(grep -c '"index"' "$W/slurm/plan.json")
array1=$(grep -o 'submitted array job [0-9]*' "$W/submit-1.log" | grep -o '[0-9]*$')
gather1=$(grep -o 'submitted gather job [0-9]*' "$W/submit-1.log" | grep -o '[0-9]*$')
check "the plan has 28 cells (4 folds x 7 models)" [ "$cells" = 28 ]
check "an array job and a gather job were submitted" [ -n "$array1" ] && [ -n "$gather1" ]
check "the array covers every cell" grep -q "28 cell(s) \[0-27\]" "$W/submit-1.log"

# 3. cancel TFT-Lite's fold-1 cell once it has an epoch checkpoint (before it is done)
victim=$(grep -A6 '"index": 7,' "$W/slurm/plan.json" | grep -o '"dir": "[^"]*"' | cut -d'"' -f4)
check "cell 7 is tft_lite fold 1" [ "$victim" = "trials/trial-000/folds/tft_lite/fold-1" ]
deadline=$(( $(date +%s) + 900 ))
cancelled=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  if [ -f "$W/slurm/$victim/checkpoint.bin" ] && [ ! -f "$W/slurm/$victim/done" ]; then
    scancel "${array1}_7" && cancelled=1
    break
  fi
  [ -f "$W/slurm/$victim/done" ] && break
  sleep 0.2
done
check "cell 7 was cancelled mid-training (checkpoint present, not done)" [ "$cancelled" = 1 ]
wait_queue_empty 1800
check "cell 7 is not done after scancel" [ ! -f "$W/slurm/$victim/done" ]
check "the gather job did not evaluate (no metrics.json)" [ ! -f "$W/slurm/metrics.json" ]
"${K[@]}" status "$W/slurm" >"$W/status-1.log" 2>&1
check "kosmo status names cell 7 failed with its job and log" grep -qE "^ +7 +tft_lite +1 +failed.*${array1}_7 .*cell-7-${array1}.out" "$W/status-1.log"
check "kosmo status counts 27 done, 1 failed" grep -q "cells: 28; done 27, failed 1" "$W/status-1.log"

# 4. submit again: only the missing cell, resumed from its checkpoint, then the gather job
"${K[@]}" run --out "$W/slurm" --threads 1 --executor slurm --cpus-per-task 1 --mem 3G >"$W/submit-2.log" 2>&1
rc=$?
check "second submission exits 0" [ "$rc" = 0 ]
array2=$(grep -o 'submitted array job [0-9]*' "$W/submit-2.log" | grep -o '[0-9]*$')
check "the second submission sends only cell 7" grep -q "1 cell(s) \[7\]" "$W/submit-2.log"
wait_queue_empty 1800
t1=$(date +%s%N)
slurm_s=$(( (t1 - t0) / 1000000000 ))
check "cell 7 resumed from its epoch checkpoint" grep -q "resumed from the checkpoint after" "$W/slurm/slurm/logs/cell-7-${array2}.out"
check "metrics.json was gathered" [ -f "$W/slurm/metrics.json" ]
check "metrics.json is byte-identical to the local run's" cmp "$W/local/metrics.json" "$W/slurm/metrics.json"
check "predictions.csv is byte-identical to the local run's" cmp "$W/local/predictions.csv" "$W/slurm/predictions.csv"

# 5. every cell ran as its own array task
own=0
for i in $(seq 0 27); do
  log="$W/slurm/slurm/logs/cell-$i-$array1.out"
  if grep -q "kosmo cell $i (job ${array1}_$i)" "$log" 2>/dev/null; then own=$((own + 1)); fi
done
check "28 array tasks of the first array each started their own cell" [ "$own" = 28 ]
"${K[@]}" status "$W/slurm" >"$W/status-2.log" 2>&1
check "kosmo status: all 28 done and gathered" grep -q "cells: 28; done 28" "$W/status-2.log"

echo "slurm test: local run ${local_s} s, through Slurm (submit to gathered, incl. the cancelled and resubmitted cell) ${slurm_s} s, 2 CPUs, 1 thread per cell"
if [ -n "${KOSMO_SLURM_TIMING:-}" ]; then
  printf 'local_s=%s\nslurm_s=%s\n' "$local_s" "$slurm_s" >"$KOSMO_SLURM_TIMING"
fi
if [ "$failed" -gt 0 ]; then
  echo "slurm test: run folders and logs kept in $W" >&2
else
  rm -rf "$W"
fi
echo "slurm: $passed passed, $failed failed"
[ "$failed" = 0 ]
