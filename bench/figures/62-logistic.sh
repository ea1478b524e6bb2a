#!/usr/bin/env bash
# Fit time of the logistic baseline per fold: 600k rows x 57 features, 3 classes, exact-Hessian Newton; 2 threads and
# 1 thread interleaved, medians of 3 (--quick: 60k rows, 1 fit). Prints logistic_fit_s, logistic_fit_1t_s, their CPU
# seconds, logistic_fit_threads_ratio and logistic_fit_iterations.
set -u
dotnet bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll figure logistic "$@"
