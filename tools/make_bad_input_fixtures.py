#!/usr/bin/python3
"""Writes tests/fixtures/bad_inputs/*: tiny slices of the real KRX files (marcap, pykrx, index, code list),
each spoiled in one documented way, for the strict-row and plausibility tests (docs/bad-inputs.md).

Run from the repository root:  /usr/bin/python3 tools/make_bad_input_fixtures.py
"""
import gzip, os

KRX = os.environ.get("KOSMO_KRX_DATA", "../shared/data/krx")
OUT = "tests/fixtures/bad_inputs"
os.makedirs(OUT, exist_ok=True)

def head(name, n, gz=True):
    opener = gzip.open if gz else open
    with opener(os.path.join(KRX, name), "rt", encoding="utf-8") as f:
        return [f.readline() for _ in range(n + 1)]

def write(name, lines):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(lines))

marcap = head("marcap_janfeb_2021-2025.csv.gz", 4)          # header + 4 rows of the first day
pykrx = head("pykrx_ohlcv_2023-12_2025-06.csv.gz", 6)
index = head("index_KOSDAQ.csv.gz", 4)
codes = head("codes_seen_in_marcap_2021-2025.csv", 4, gz=False)

def spoil(lines, row, fn):
    out = list(lines)
    out[row] = fn(out[row].rstrip("\n")) + "\n"
    return out

def field(line, i, value):
    parts = line.split(",")
    parts[i] = value
    return ",".join(parts)

def append(line, i, suffix):
    parts = line.split(",")
    parts[i] += suffix
    return ",".join(parts)

write("good_marcap.csv", marcap)
write("good_pykrx.csv", pykrx)
# Strict rows: an unquoted comma in a name (one field too many), a row one field short, in every CSV format.
write("extra_field_marcap.csv", spoil(marcap, 2, lambda l: append(l, 2, ",Co")))
write("short_row_marcap.csv", spoil(marcap, 3, lambda l: l.rsplit(",", 1)[0]))
write("extra_field_pykrx.csv", spoil(pykrx, 2, lambda l: l + ",7"))
write("extra_field_index.csv", spoil(index, 2, lambda l: l + ",x"))
write("extra_field_codes.csv", spoil(codes, 2, lambda l: append(l, 1, ", Inc")))
# Plausibility: dates, codes, volumes, amounts (pykrx: Code,Date,Open,High,Low,Close,Volume,ChangePct).
write("future_date.csv", spoil(pykrx, 6, lambda l: field(l, 1, "2200-01-03")))
write("trailing_date.csv", spoil(pykrx, 2, lambda l: append(l, 1, " oops")))
write("long_code.csv", [pykrx[0]] + [field(l, 0, "0" + l.split(",")[0]) for l in pykrx[1:]])
write("huge_volume.csv", spoil(pykrx, 2, lambda l: field(l, 6, "1e300")))
write("huge_amount_marcap.csv", spoil(marcap, 2, lambda l: field(l, 14, "1e17")))
write("header_only.csv", pykrx[:1])
print("wrote", sorted(os.listdir(OUT)))
