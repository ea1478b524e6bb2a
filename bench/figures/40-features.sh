#!/usr/bin/env bash
# Feature pipeline speed: all default features on a generated 2,000 x 4,400 panel (300 x 1,000 with --quick).
# Prints features_all_s (median wall seconds, features only; labels are measured by their own figure) and
# context lines. The panel is the synthetic market (SyntheticPanel) because the database loader is elsewhere.
set -uo pipefail
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
if ! dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1 || [ ! -f "$dll" ]; then
  echo "features_all_s=NA"; echo "features: bench/Kosmo.Bench does not build" >&2; exit 0
fi
dotnet "$dll" figure features "$@"
