#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for the integration test: install (Debian's slurm-wlm and munge),
# configure, start, stop. Sourced by tests/integration/slurm.sh; usable by hand:
#   bash tests/integration/slurm-cluster.sh start   # prints the state folder
#   bash tests/integration/slurm-cluster.sh stop
# Everything it writes lives under $KOSMO_SLURM_STATE (default /tmp/kosmo-slurm); the daemons it starts are
# recorded there by PID and stopped by PID.
set -uo pipefail

KOSMO_SLURM_STATE=${KOSMO_SLURM_STATE:-/tmp/kosmo-slurm}

slurm_install() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && command -v sbatch >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    echo "slurm: not root or no apt-get: cannot install slurm-wlm and munge" >&2
    return 1
  fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) >"${TMPDIR:-/tmp}/kosmo-slurm-apt.log" 2>&1 \
    || { echo "slurm: apt-get install slurm-wlm munge failed (see ${TMPDIR:-/tmp}/kosmo-slurm-apt.log)" >&2; return 1; }
}

slurm_configure() {
  local s=$KOSMO_SLURM_STATE host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  mkdir -p "$s"/{ctld,d,log,munge} /etc/slurm
  chmod 700 "$s/munge"
  chown munge:munge "$s/munge" 2>/dev/null || true
  if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
  fi
  chown munge:munge /etc/munge/munge.key 2>/dev/null || true
  chmod 400 /etc/munge/munge.key
  cat >"$s/slurm.conf" <<CONF
ClusterName=kosmo
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$s/ctld
SlurmdSpoolDir=$s/d
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldLogFile=$s/log/slurmctld.log
SlurmdLogFile=$s/log/slurmd.log
SlurmctldPort=${KOSMO_SLURM_CTLD_PORT:-16817}
SlurmdPort=${KOSMO_SLURM_D_PORT:-16818}
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MaxArraySize=100000
MinJobAge=600
KillWait=5
InactiveLimit=0
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  # Debian's tools read /etc/slurm/slurm.conf unless SLURM_CONF says otherwise; keep a user's own file.
  echo "$s/slurm.conf"
}

slurm_start() {
  local s=$KOSMO_SLURM_STATE
  export SLURM_CONF="$s/slurm.conf"
  mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
  if ! pgrep -x munged >/dev/null; then
    runuser -u munge -- /usr/sbin/munged --force >"$s/log/munged.out" 2>&1 || /usr/sbin/munged --force >"$s/log/munged.out" 2>&1 \
      || { echo "slurm: munged did not start (see $s/log/munged.out)" >&2; return 1; }
    pgrep -x munged >"$s/munged.pid"
  fi
  /usr/sbin/slurmctld -f "$SLURM_CONF" >"$s/log/slurmctld.out" 2>&1 || { echo "slurm: slurmctld did not start" >&2; cat "$s/log/slurmctld.log" >&2; return 1; }
  /usr/sbin/slurmd -f "$SLURM_CONF" >"$s/log/slurmd.out" 2>&1 || { echo "slurm: slurmd did not start" >&2; cat "$s/log/slurmd.log" >&2; return 1; }
  local i
  for i in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      return 0
    fi
    sleep 1
  done
  echo "slurm: the node did not come up idle within 60 s:" >&2
  sinfo >&2; tail -20 "$s/log/slurmctld.log" "$s/log/slurmd.log" >&2
  return 1
}

slurm_stop() {
  local s=$KOSMO_SLURM_STATE f pid
  for f in slurmd slurmctld munged; do
    if [ -s "$s/$f.pid" ]; then
      pid=$(cat "$s/$f.pid")
      kill "$pid" 2>/dev/null
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null
      rm -f "$s/$f.pid"
    fi
  done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    start) slurm_install && slurm_configure >/dev/null && slurm_start && echo "SLURM_CONF=$KOSMO_SLURM_STATE/slurm.conf" ;;
    stop) slurm_stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
  esac
fi
