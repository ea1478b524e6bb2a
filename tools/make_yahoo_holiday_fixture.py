#!/usr/bin/python3
"""Extracts real Yahoo KOSDAQ rows around the 2000-03-01 holiday (Samiljeol) for three codes into
tests/fixtures/panel/yahoo_holiday_2000-03.csv. Yahoo lists the holiday as a row with volume 0 and O=H=L=C = the previous
close; the panel loader must not make it a trading day.

Usage: /usr/bin/python3 tools/make_yahoo_holiday_fixture.py [KRX_DIR]
"""
import os
import sys

import pandas as pd

here = os.path.dirname(os.path.abspath(__file__))
krx = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data", "krx")
y = pd.read_csv(os.path.join(krx, "yahoo_ohlcv_kosdaq_2000-2017.csv.gz"), dtype={"Code": str}, keep_default_na=False)
y = y[(y["Date"] >= "2000-02-24") & (y["Date"] <= "2000-03-07")]
codes = sorted(y["Code"].unique())[:3]
y = y[y["Code"].isin(codes)]
y.to_csv(os.path.join(here, "..", "tests", "fixtures", "panel", "yahoo_holiday_2000-03.csv"), index=False)
print(y.to_string())
