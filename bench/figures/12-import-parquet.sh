#!/usr/bin/env bash
# Parquet import figure: a synthetic marcap-format parquet year (2,000 stocks x 2 years, about 1 M rows, written by
# tools/MarcapFixtures --bench and cached in $KOSMO_PARQUET_BENCH_FILE or /tmp/kosmo-bench/marcap-bench.parquet) imported into a
# fresh SQLite database. Prints import_parquet_rows, import_parquet_s, import_parquet_rows_per_s, import_parquet_cpu_s and
# import_parquet_rows_per_cpu_s (medians of 3; 1 with --quick), then the two halves measured apart: import_parquet_parse_cpu_s
# (the parse alone, nothing written) and import_parquet_sqlite_cpu_s / import_parquet_sqlite_s / import_parquet_sqlite_rows_per_cpu_s
# (SQLite alone storing the same rows: INSERT ... SELECT into a fresh table of the same schema, no parse, no binding).
# Usage: 12-import-parquet.sh [--quick]
set -uo pipefail
cd "$(dirname "$0")/../.."
file="${KOSMO_PARQUET_BENCH_FILE:-/tmp/kosmo-bench/marcap-bench.parquet}"
export KOSMO_PARQUET_BENCH_FILE="$file"
if [ ! -f "$file" ]; then
  mkdir -p "$(dirname "$file")"
  if ! dotnet run --project tools/MarcapFixtures -c Release -- --bench "$file" 2000 2 >/dev/null; then
    echo "import_parquet_rows_per_s=NA"; echo "12-import-parquet: could not write the benchmark parquet" >&2; exit 0
  fi
fi
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
dotnet "$dll" figure import-parquet "$@"
