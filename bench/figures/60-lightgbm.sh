#!/usr/bin/env bash
# Fit time of the lightgbm baseline per fold: 200k rows x 171 features (+ 50k validation rows), 3 classes, 2 threads,
# default options with early stopping; median of 3 fits (--quick: 20k rows, 1 fit). Prints lightgbm_fit_s and
# lightgbm_fit_rounds (best round / rounds run).
set -u
dotnet bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll figure lightgbm "$@"
