#!/usr/bin/env bash
# Training speed of the neural baselines at the real experiment's shape (lookback 60, K=56 features, width 32, heads 4,
# feed-forward 64, B=256, 2 threads; as configs/krx-research.yaml builds them), through the Trainer like
# bench/figures/55-neural-train.sh. Prints {mlp,lstm,transformer}_train_real60_samples_per_s and
# {...}_train_real60_cpu_us_per_sample (medians of 3 epochs after a warm-up; --quick: fewer steps).
set -u
out=$(NEURAL_TRAIN_SHAPE=60,56,32 dotnet bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll figure neural-train "$@") || { echo "transformer_train_real60_samples_per_s=NA"; exit 1; }
echo "$out" | sed -n 's/^\([a-z]*\)_train_samples_per_s=/\1_train_real60_samples_per_s=/p; s/^\([a-z]*\)_train_cpu_us_per_sample=/\1_train_real60_cpu_us_per_sample=/p'
