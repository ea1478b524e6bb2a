#!/usr/bin/env bash
# panel_load_s: load the whole database into a Panel (median of 3; --quick: 1 run on 1/10 of the codes) and the peak
# working set. Uses KOSMO_PANEL_DB (KOSMO_PANEL_FROM/TO/MARKETS: see below) when set (the real data/kosmo.db), else a synthetic DB of the real size (~8.2 M bars,
# built once under $TMPDIR/kosmo-bench, outside the timed region). Run from the repository root.
set -uo pipefail
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
# Prefer the real database when it has been imported (kosmo data import ../shared/data/krx).
if [ -z "${KOSMO_PANEL_DB:-}" ] && [ -f data/kosmo.db ]; then export KOSMO_PANEL_DB=data/kosmo.db; fi
# On the real database, load what the default experiment loads (configs/krx-default.yaml: KOSPI+KOSDAQ 2000-01-01..2017-07-07)
# unless the caller set the range; panel_load_range= echoes what was loaded.
if [ -n "${KOSMO_PANEL_DB:-}" ]; then
  export KOSMO_PANEL_FROM="${KOSMO_PANEL_FROM-2000-01-01}" KOSMO_PANEL_TO="${KOSMO_PANEL_TO-2017-07-07}" KOSMO_PANEL_MARKETS="${KOSMO_PANEL_MARKETS-KOSPI,KOSDAQ}"
fi
dotnet "$dll" figure panel "$@"
