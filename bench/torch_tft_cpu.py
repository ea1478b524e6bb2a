"""PyTorch TFT-Lite reference training steps timed in wall AND process CPU time (for a load-robust ratio).

Imports the reference model from shared/reference/tft_lite.py unchanged and runs the same loop as its main()
(AdamW, cross-entropy, 3 warm-up steps), at B=256, L=60, K=16, static cats [3, 10], 2 static reals, D=64, H=4.
Prints pytorch_train_samples_per_s (wall) and pytorch_train_samples_per_cpu_s (256 / CPU seconds per step).
On a loaded machine the CPU figure is the steadier one; with --threads 1 it excludes OpenMP spin-waiting.

--form picks the formulation: fullattn (default: the reference's forward, attention and the position-wise layers over
every step; prints the pytorch_train_* names), lastday (Kosmo's forecast-day formulation: the same modules and
parameters, attention with the last step as the only query and the layers after it on that step; prints
pytorch_lastday_*), or both (pytorch_fullattn_* and pytorch_lastday_*, one after the other in this process).
--tuned re-runs the script with glibc's malloc kept from returning memory to the kernel
(MALLOC_MMAP_THRESHOLD_=MALLOC_TRIM_THRESHOLD_=4294967296: large tensors are reused instead of mmap'ed and faulted
in at every step) and OMP_WAIT_POLICY=PASSIVE; the names then end in _tuned (e.g. pytorch_lastday_tuned_samples_per_s).
Usage: python3 bench/torch_tft_cpu.py [--threads 2] [--steps 10] [--form fullattn|lastday|both] [--tuned]
                                      [--reference PATH]
"""
import argparse
import importlib.util
import os
import sys
import time

import torch
import torch.nn.functional as F

TUNED_ENV = {"MALLOC_MMAP_THRESHOLD_": "4294967296", "MALLOC_TRIM_THRESHOLD_": "4294967296",
             "OMP_WAIT_POLICY": "PASSIVE"}


def forward_last_day(model, x_real, s_cat, s_real):
    """The reference's TFTLite.forward with attention for the forecast day only (same modules, same parameters):
    everything up to the static enrichment over all L steps, then the last step as the only query (keys and values
    over every step, so no causal mask) and gate2/norm2, the position-wise GRN and gate3/norm3 on that step."""
    B, L, K = x_real.shape
    statics = [emb(s_cat[:, i]) for i, emb in enumerate(model.cat_emb)]
    statics += [p(s_real[:, i:i + 1]) for i, p in enumerate(model.static_real_proj)]
    e, _ = model.static_vsn(torch.stack(statics, dim=1))
    c_sel, c_enr = model.c_sel(e), model.c_enr(e)
    h0, c0 = model.c_h(e).unsqueeze(0), model.c_c(e).unsqueeze(0)
    xs = torch.stack([p(x_real[..., i:i + 1]) for i, p in enumerate(model.real_proj)], dim=-2)
    x, _ = model.temporal_vsn(xs, c_sel)
    h, _ = model.lstm(x, (h0, c0))
    phi = model.norm1(x + model.gate1(h))
    theta = model.enrich(phi, c_enr.unsqueeze(1).expand(-1, L, -1))
    att = model.attn
    q_in = theta[:, -1:]
    v = att.v(theta)
    heads = []
    for q, k in zip(att.q, att.k):
        s = q(q_in) @ k(theta).transpose(1, 2) / att.dk ** 0.5
        heads.append(att.drop(torch.softmax(s, dim=-1)) @ v)
    a = att.out(torch.stack(heads).mean(0))
    delta = model.norm2(q_in + model.gate2(a))
    psi = model.norm3(phi[:, -1:] + model.gate3(model.ff(delta)))
    return model.head(psi[:, 0])


def run(ref, form, threads, steps):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    b = 256
    model = ref.TFTLite(16, [3, 10], 2, 64, 4)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.randn(b, 60, 16)
    s_cat = torch.stack([torch.randint(0, 3, (b,)), torch.randint(0, 10, (b,))], 1)
    s_real = torch.randn(b, 2)
    y = torch.randint(0, 3, (b,))
    for step in range(steps + 3):
        if step == 3:
            t0, c0 = time.perf_counter(), time.process_time()
        if form == "lastday":
            logits = forward_last_day(model, x, s_cat, s_real)
        else:
            logits, _ = model(x, s_cat, s_real)
        loss = F.cross_entropy(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return time.perf_counter() - t0, time.process_time() - c0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--form", choices=["fullattn", "lastday", "both"], default="fullattn")
    ap.add_argument("--tuned", action="store_true")
    ap.add_argument("--reference", default="/work/shared/reference/tft_lite.py")
    a = ap.parse_args()
    if a.tuned and any(os.environ.get(k) != v for k, v in TUNED_ENV.items()):
        # glibc reads the malloc variables (and libgomp its policy) at start-up: run again with them set.
        os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, **TUNED_ENV})
    spec = importlib.util.spec_from_file_location("tft_lite", a.reference)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    forms = ["fullattn", "lastday"] if a.form == "both" else [a.form]
    suffix = "_tuned" if a.tuned else ""
    for form in forms:
        wall, cpu = run(ref, form, a.threads, a.steps)
        prefix = "pytorch_train" if a.form == "fullattn" and not a.tuned else f"pytorch_{form}{suffix}"
        print(f"{prefix}_samples_per_s={a.steps * 256 / wall:.1f}")
        print(f"{prefix}_samples_per_cpu_s={a.steps * 256 / cpu:.1f}")
        print(f"{prefix}_cpu_ms_per_step={1000 * cpu / a.steps:.1f}")


if __name__ == "__main__":
    main()
