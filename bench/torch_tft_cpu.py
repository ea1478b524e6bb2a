"""PyTorch TFT-Lite reference training steps timed in wall AND process CPU time (for a load-robust ratio).

Imports the reference model from shared/reference/tft_lite.py unchanged and runs the same loop as its main()
(AdamW, cross-entropy, 3 warm-up steps), at B=256, L=60, K=16, static cats [3, 10], 2 static reals, D=64, H=4.
Prints pytorch_train_samples_per_s (wall) and pytorch_train_samples_per_cpu_s (256 / CPU seconds per step).
On a loaded machine the CPU figure is the steadier one; with --threads 1 it excludes OpenMP spin-waiting.
Usage: python3 bench/torch_tft_cpu.py [--threads 2] [--steps 10] [--reference PATH]
"""
import argparse
import importlib.util
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--reference", default="/work/shared/reference/tft_lite.py")
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("tft_lite", a.reference)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    b = 256
    model = ref.TFTLite(16, [3, 10], 2, 64, 4)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.randn(b, 60, 16)
    s_cat = torch.stack([torch.randint(0, 3, (b,)), torch.randint(0, 10, (b,))], 1)
    s_real = torch.randn(b, 2)
    y = torch.randint(0, 3, (b,))
    for step in range(a.steps + 3):
        if step == 3:
            t0, c0 = time.perf_counter(), time.process_time()
        logits, _ = model(x, s_cat, s_real)
        loss = F.cross_entropy(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"pytorch_train_samples_per_s={a.steps * b / wall:.1f}")
    print(f"pytorch_train_samples_per_cpu_s={a.steps * b / cpu:.1f}")
    print(f"pytorch_train_cpu_ms_per_step={1000 * cpu / a.steps:.1f}")


if __name__ == "__main__":
    main()
