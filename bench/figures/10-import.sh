#!/usr/bin/env bash
# Import figures: our parse (validate-only) and end-to-end SQLite import rates, and pandas read_csv on the
# same gzip file, measured in one run. Prints import_rows_per_s (the whole ../shared/data/krx folder end to end),
# import_file_rows_per_s (the one file alone), import_parse_rows_per_s, pandas_read_s,
# parse_ratio_pandas (= pandas seconds / our parse seconds; > 1 means we are faster).
# File: $KOSMO_IMPORT_BENCH_FILE or ../shared/data/krx/marcap_janfeb_2021-2025.csv.gz. Usage: 10-import.sh [--quick]
set -uo pipefail
cd "$(dirname "$0")/../.."
file="${KOSMO_IMPORT_BENCH_FILE:-${KOSMO_KRX_DATA:-../shared/data/krx}/marcap_janfeb_2021-2025.csv.gz}"
export KOSMO_IMPORT_BENCH_FILE="$file"
repeats=5; [ "${1:-}" = "--quick" ] && repeats=2
dll=bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll
[ -f "$dll" ] || dotnet build bench/Kosmo.Bench -c Release -nologo -v q >/dev/null 2>&1
ours="$(dotnet "$dll" figure import "$@")"
echo "$ours"
parse_s="$(echo "$ours" | sed -n 's/^import_parse_s=//p')"
if [ ! -f "$file" ] || [ -z "$parse_s" ]; then
  echo "parse_ratio_pandas=NA"; echo "10-import: no benchmark file or no parse figure" >&2; exit 0
fi
if ! /usr/bin/python3 -c "import pandas" 2>/dev/null; then
  echo "pandas_read_s=NA"; echo "parse_ratio_pandas=NA"; echo "10-import: pandas not installed for /usr/bin/python3" >&2; exit 0
fi
read -r pandas_s _rows pandas_cpu < <(/usr/bin/python3 tools/pandas_read_bench.py "$file" "$repeats")
parse_cpu="$(echo "$ours" | sed -n 's/^import_parse_cpu_s=//p')"
echo "pandas_read_s=$pandas_s"
echo "pandas_read_cpu_s=$pandas_cpu"
awk -v p="$pandas_s" -v o="$parse_s" 'BEGIN { printf "parse_ratio_pandas=%.2f\n", p / o }'
awk -v p="$pandas_cpu" -v o="$parse_cpu" 'BEGIN { printf "parse_ratio_pandas_cpu=%.2f\n", p / o }'
