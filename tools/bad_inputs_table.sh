#!/usr/bin/env bash
# Runs kosmo on the bad inputs of docs/bad-inputs.md and prints one Markdown table row per case: input, exit code and
# the first error line. Run from the repository root after `dotnet build src/Kosmo.Cli -c Release`.
set -u
K="dotnet src/Kosmo.Cli/bin/Release/net10.0/kosmo.dll"
F=tests/fixtures/bad_inputs
T=$(mktemp -d)
trap 'chattr -i "$T/ro.db" 2>/dev/null; rm -rf "$T"' EXIT
row() { # description, then the command
  local what="$1"; shift
  local out rc err
  out=$("$@" 2>&1 >/dev/null); rc=$?
  err=$(printf '%s\n' "$out" | grep -v '^$' | head -1 | sed "s|$T|TMP|g; s|$PWD/||g" | cut -c1-160)
  printf '| %s | %s | `%s` |\n' "$what" "$rc" "${err//|/\\|}"
}
echo "| input | exit | message (first line) |"
echo "|---|---|---|"
for f in extra_field_marcap short_row_marcap extra_field_pykrx extra_field_index extra_field_codes future_date trailing_date long_code huge_volume huge_amount_marcap; do
  row "$f.csv" $K data import $F/$f.csv --db "$T/k.db"
done
row "header_only.csv" $K data import $F/header_only.csv --db "$T/k.db"
mkdir -p "$T/empty"; row "empty folder" $K data import "$T/empty" --db "$T/k.db"
row "missing path" $K data import "$T/nope" --db "$T/k.db"
mkdir -p "$T/cycle/a"; cp $F/good_pykrx.csv "$T/cycle/a/"; ln -s .. "$T/cycle/a/up"; row "symlink cycle in the folder" $K data import "$T/cycle" --db "$T/cyc.db"
head -c 2000000 /dev/zero | tr '\0' x > "$T/huge_header.csv"; printf '\n1\n' >> "$T/huge_header.csv"; row "2 MB header" $K data import "$T/huge_header.csv" --db "$T/k.db"
echo "not a database, just some text......" > "$T/corrupt.db"; row "corrupt database (data info)" $K data info --db "$T/corrupt.db"
row "database path is a folder" $K data info --db "$T"
row "missing database" $K data info --db "$T/none.db"
$K data import $F/good_pykrx.csv --db "$T/new.db" >/dev/null 2>&1; sqlite3 "$T/new.db" "UPDATE meta SET value='99' WHERE key='schema_version'" 2>/dev/null && row "newer schema (data info)" $K data info --db "$T/new.db"
$K data import $F/good_pykrx.csv --db "$T/ro.db" >/dev/null 2>&1; chattr +i "$T/ro.db" 2>/dev/null && row "immutable database, data import" $K data import $F/good_marcap.csv --db "$T/ro.db"
row "--threads 0" $K run --threads 0
row "unknown option" $K run --no-such-flag
row "missing --config file" $K run --config "$T/none.yaml" --out "$T/r0"
printf 'seed: 1\nmodel:\n\thidden: 32\n' > "$T/tab.yaml"; row "tab on line 3" $K run --config "$T/tab.yaml" --out "$T/r1"
printf 'model:\n  hidden: 30\n  heads: 4\n' > "$T/heads.yaml"; row "heads not dividing hidden" $K run --config "$T/heads.yaml" --out "$T/r2"
printf 'baselines: []\n' > "$T/b.yaml"; row "baselines: []" $K run --config "$T/b.yaml" --out "$T/r3"
printf 'model:\n  name: ""\n' > "$T/n.yaml"; row "empty model.name" $K run --config "$T/n.yaml" --out "$T/r4"
printf 'name: ../../x\n' > "$T/p.yaml"; row "name: ../../x" $K run --config "$T/p.yaml"
printf 'backtest:\n  account_krw: 1e308\n' > "$T/m.yaml"; row "account_krw: 1e308" $K run --config "$T/m.yaml" --out "$T/r5"
printf 'sweep:\n  model.hidden: [%s]\n  model.dropout: [%s]\n  model.learning_rate: [%s]\n  model.weight_decay: [%s]\n' \
  "$(seq -s, 4 4 400)" "$(seq -s, 0.001 0.001 0.1)" "$(seq -s, 0.0001 0.0001 0.01)" "$(seq -s, 0.0001 0.0001 0.01)" > "$T/sweep.yaml"
row "sweep 4 keys x 100 values" $K run --config "$T/sweep.yaml" --out "$T/r6"
mkdir -p "$T/pub/trials"; echo '{}' > "$T/pub/metrics.json"; row "fresh run into a non-empty folder" $K run --out "$T/pub"
row "missing data folder (--overwrite)" $K run --data "$T/nokrx" --out "$T/pub" --overwrite
printf 'data:\n  synthetic_stocks: 20\n  synthetic_years: 3\nsplit:\n  first_test_year: 2040\n' > "$T/y.yaml"; row "test year outside the data" $K run --config "$T/y.yaml" --out "$T/r7"
