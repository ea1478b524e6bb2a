#!/usr/bin/env bash
# Prints one name=value line per benchmark figure (contract in ../shared/DESIGN.md).
# Each bench/figures/NN-*.sh prints its own lines; a figure it cannot measure is printed as name=NA
# with the reason on stderr. Usage: bench/run-all.sh [--quick]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1 || { echo "error: bench/Kosmo.Bench does not build" >&2; exit 1; }
for script in "$here"/figures/*.sh; do
  [ -e "$script" ] || continue
  bash "$script" "$@" || echo "warning: $(basename "$script") exited non-zero" >&2
done
