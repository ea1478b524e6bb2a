#!/usr/bin/python3
"""Extracts the real-data fixture for the feature reference test (bounded slice, committed).

Writes tests/fixtures/features/yahoo_kosdaq_slice.csv (8 KOSDAQ codes, 2012-01-02..2016-12-30, source strings
untouched) and tests/fixtures/features/index_kosdaq_slice.csv (KOSDAQ index Date,Close for the same dates).
Rerun: /usr/bin/python3 tools/features_extract_fixture.py
"""
import csv, gzip, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KRX = os.environ.get("KOSMO_KRX_DATA", os.path.join(ROOT, "..", "shared", "data", "krx"))
OUT = os.path.join(ROOT, "tests", "fixtures", "features")
CODES = ["000250", "000440", "001000", "003310", "005290", "006730", "007390", "008290"]
FIRST, LAST = "2012-01-02", "2016-12-30"

def main():
    os.makedirs(OUT, exist_ok=True)
    dates = set()
    with gzip.open(os.path.join(KRX, "yahoo_ohlcv_kosdaq_2000-2017.csv.gz"), "rt", encoding="utf-8") as f, \
         open(os.path.join(OUT, "yahoo_kosdaq_slice.csv"), "w", newline="") as out:
        r = csv.reader(f)
        header = next(r)
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["Code", "Date", "Open", "High", "Low", "Close", "AdjClose", "Volume"])
        ix = {n: i for i, n in enumerate(header)}
        for row in r:
            if row[ix["Code"]] in CODES and FIRST <= row[ix["Date"]] <= LAST:
                w.writerow([row[ix[c]] for c in ["Code", "Date", "Open", "High", "Low", "Close", "AdjClose", "Volume"]])
                dates.add(row[ix["Date"]])
    with gzip.open(os.path.join(KRX, "index_KOSDAQ.csv.gz"), "rt", encoding="utf-8") as f, \
         open(os.path.join(OUT, "index_kosdaq_slice.csv"), "w", newline="") as out:
        r = csv.DictReader(f)
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["Date", "Close"])
        for row in r:
            if row["Date"] in dates:
                w.writerow([row["Date"], row["Close"]])

if __name__ == "__main__":
    main()
