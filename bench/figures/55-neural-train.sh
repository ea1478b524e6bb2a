#!/usr/bin/env bash
# Training samples/s of the neural baselines (MLP, LSTM, Transformer) through the Trainer, B=256 L=60 K=16 width 64,
# 2 tensor threads; then the same models in PyTorch 1.13 (2 threads) and the ratios, when torch is installed.
set -u
out=$(dotnet bench/Kosmo.Bench/bin/Release/net10.0/Kosmo.Bench.dll figure neural-train "$@")
echo "$out"
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  ref=$(/usr/bin/python3 bench/torch_neural_train.py "$@")
  echo "$ref"
  for m in mlp lstm transformer; do
    ours=$(echo "$out" | sed -n "s/^${m}_train_samples_per_s=//p")
    theirs=$(echo "$ref" | sed -n "s/^pytorch_${m}_train_samples_per_s=//p")
    if [ -n "$ours" ] && [ -n "$theirs" ]; then
      echo "${m}_train_ratio=$(/usr/bin/python3 -c "print(round($ours/$theirs, 3))")"
    else
      echo "${m}_train_ratio=NA"
    fi
  done
else
  echo "torch not installed: no PyTorch reference" >&2
  for m in mlp lstm transformer; do echo "pytorch_${m}_train_samples_per_s=NA"; echo "${m}_train_ratio=NA"; done
fi
