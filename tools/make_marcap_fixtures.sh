#!/usr/bin/env bash
# Regenerates tests/fixtures/marcap (marcap-format parquet and csv.gz files: a synthetic multi-year market and slices of the
# shared real marcap rows in every layout). Usage: tools/make_marcap_fixtures.sh [KRX_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
krx="${1:-${KOSMO_KRX_DATA:-../shared/data/krx}}"
dotnet run --project tools/MarcapFixtures -c Release -- tests/fixtures/marcap "$krx"
