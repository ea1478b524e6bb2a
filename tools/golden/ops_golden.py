"""Writes PyTorch golden values for Kosmo.Tensors ops to tests/fixtures/tensors/ops_golden.json.

Run from the repository root:  /usr/bin/python3 tools/golden/ops_golden.py
(torch 1.13, CPU, float32). CI never runs this; the JSON is committed.

Format: {"torch": version, "cases": [case, ...]}; a case is
  {"name": str, "op": str, "attrs": {...}, "inputs": {name: tensor}, "ints": {name: [int]},
   "r": tensor, "output": tensor, "grads": {name: tensor}}
with tensor = {"shape": [..], "data": [row-major floats]}. The scalar the gradients belong to is
sum(output * r); inputs listed in "grads" are the ones that require gradients.
Optimiser cases ("op" starting with "optim_") hold "params" after each of the steps instead.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
cases = []


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def case(name, op, fn, inputs, ints=None, attrs=None, no_grad=()):
    leaves = {}
    for k, v in inputs.items():
        leaf = v.clone().detach()
        if k not in no_grad:
            leaf.requires_grad_(True)
        leaves[k] = leaf
    out = fn(**leaves)
    r = torch.rand(out.shape) * 2 - 1
    (out * r).sum().backward()
    cases.append({
        "name": name, "op": op, "attrs": attrs or {}, "inputs": {k: t(v) for k, v in leaves.items()},
        "ints": ints or {}, "r": t(r), "output": t(out),
        "grads": {k: t(v.grad) for k, v in leaves.items() if v.requires_grad},
    })


def rn(*s):
    return torch.randn(*s)


# Linear algebra
case("linear", "linear", lambda x, w, b: F.linear(x, w, b), {"x": rn(2, 3, 4), "w": rn(5, 4), "b": rn(5)})
case("matmul", "matmul", lambda a, b: a @ b, {"a": rn(2, 3, 4), "b": rn(4, 5)})
case("bmm", "bmm", lambda a, b: torch.bmm(a, b), {"a": rn(2, 3, 4), "b": rn(2, 4, 5)}, attrs={"transA": 0, "transB": 0})
case("bmm_tb", "bmm", lambda a, b: torch.bmm(a, b.transpose(1, 2)), {"a": rn(2, 3, 4), "b": rn(2, 5, 4)}, attrs={"transA": 0, "transB": 1})
case("bmm_ta", "bmm", lambda a, b: torch.bmm(a.transpose(1, 2), b), {"a": rn(2, 4, 3), "b": rn(2, 4, 5)}, attrs={"transA": 1, "transB": 0})

# Broadcasting arithmetic
case("add_bcast", "add", lambda a, b: a + b, {"a": rn(2, 3, 4), "b": rn(3, 1)})
case("sub_bcast", "sub", lambda a, b: a - b, {"a": rn(2, 1, 4), "b": rn(3, 4)})
case("mul_bcast", "mul", lambda a, b: a * b, {"a": rn(2, 3, 1), "b": rn(2, 3, 4)})
case("div_bcast", "div", lambda a, b: a / b, {"a": rn(2, 3, 4), "b": torch.rand(4) + 0.5})

# Reductions and shapes
case("sum_axis1", "sum", lambda x: x.sum(1), {"x": rn(2, 3, 4)}, attrs={"axis": 1})
case("mean_axis2", "mean", lambda x: x.mean(2), {"x": rn(2, 3, 4)}, attrs={"axis": 2})
case("transpose12", "transpose", lambda x: x.transpose(1, 2).contiguous(), {"x": rn(2, 3, 4)}, attrs={"a0": 1, "a1": 2})
case("slice", "slice", lambda x: x[:, 1:3], {"x": rn(2, 4, 3)}, attrs={"axis": 1, "start": 1, "length": 2})
case("concat", "concat", lambda a, b: torch.cat([a, b], 1), {"a": rn(2, 2, 3), "b": rn(2, 1, 3)}, attrs={"axis": 1})
case("stack", "stack", lambda a, b: torch.stack([a, b], 1), {"a": rn(2, 3), "b": rn(2, 3)}, attrs={"axis": 1})
case("embedding", "embedding", lambda w: F.embedding(torch.tensor([2, 0, 2, 1]), w), {"w": rn(3, 4)}, ints={"ids": [2, 0, 2, 1]})

# Elementwise
for nm, fn, gen in [
    ("exp", torch.exp, lambda: rn(2, 5)), ("log", torch.log, lambda: torch.rand(2, 5) + 0.5),
    ("sqrt", torch.sqrt, lambda: torch.rand(2, 5) + 0.5), ("elu", F.elu, lambda: rn(2, 5)),
    ("relu", F.relu, lambda: rn(2, 5)), ("gelu", F.gelu, lambda: rn(2, 5) * 2), ("sigmoid", torch.sigmoid, lambda: rn(2, 5)),
    ("tanh", torch.tanh, lambda: rn(2, 5))]:
    case(nm, nm, lambda x, fn=fn: fn(x), {"x": gen()})

# Softmax family, GLU, LayerNorm
mask = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
case("softmax", "softmax", lambda x: torch.softmax(x, -1), {"x": rn(2, 3, 5)}, attrs={"causal": 0})
case("softmax_causal", "softmax", lambda x: torch.softmax(x.masked_fill(mask, float("-inf")), -1), {"x": rn(2, 4, 4)}, attrs={"causal": 1})
case("log_softmax", "log_softmax", lambda x: torch.log_softmax(x, -1), {"x": rn(3, 5)}, attrs={"causal": 0})
case("glu", "glu", lambda x: F.glu(x, -1), {"x": rn(2, 3, 6)})
case("layernorm", "layernorm", lambda x, g, b: F.layer_norm(x, (5,), g, b, 1e-5), {"x": rn(2, 3, 5) * 3 + 1, "g": rn(5), "b": rn(5)})

# LSTM with initial state; C# takes one bias = b_ih + b_hh
B, L, I, H = 2, 5, 3, 4
lstm = torch.nn.LSTM(I, H, batch_first=True)
def lstm_fn(x, h0, c0, w_ih, w_hh, b):
    out = torch._VF.lstm(x, (h0.unsqueeze(0), c0.unsqueeze(0)), [w_ih, w_hh, b, torch.zeros_like(b)], True, 1, 0.0, False, False, True)[0]
    return out
case("lstm", "lstm", lstm_fn, {"x": rn(B, L, I), "h0": rn(B, H) * 0.5, "c0": rn(B, H) * 0.5,
                               "w_ih": lstm.weight_ih_l0.detach(), "w_hh": lstm.weight_hh_l0.detach(),
                               "b": (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach()})

# Losses (scalar outputs; r is a random scalar)
y = [0, 2, 1, 2]
cw = torch.tensor([0.5, 1.0, 2.0])
sw = torch.tensor([1.0, 0.3, 2.0, 0.7])
case("cross_entropy", "cross_entropy", lambda x: F.cross_entropy(x, torch.tensor(y)), {"x": rn(4, 3)}, ints={"y": y})
case("cross_entropy_cw", "cross_entropy", lambda x: F.cross_entropy(x, torch.tensor(y), weight=cw), {"x": rn(4, 3)},
     ints={"y": y}, attrs={"class_weights": cw.tolist()})
def ce_sw(x):
    w = cw[torch.tensor(y)] * sw
    nll = F.cross_entropy(x, torch.tensor(y), reduction="none")
    return (w * nll).sum() / w.sum()
case("cross_entropy_cw_sw", "cross_entropy", ce_sw, {"x": rn(4, 3)}, ints={"y": y},
     attrs={"class_weights": cw.tolist(), "sample_weights": sw.tolist()})
case("mse", "mse", lambda p, q: F.mse_loss(p, q), {"p": rn(3, 4), "q": rn(3, 4)})
case("gaussian_kl", "gaussian_kl", lambda mu, lv: -0.5 * torch.sum(1 + lv - mu ** 2 - lv.exp()) / mu.shape[0],
     {"mu": rn(3, 4), "lv": rn(3, 4) * 0.5})

# Convolutions and pooling (for the later model zoo)
case("conv1d", "conv1d", lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1), {"x": rn(2, 3, 9), "w": rn(4, 3, 3), "b": rn(4)},
     attrs={"stride": 2, "padding": 1})
case("conv_transpose1d", "conv_transpose1d", lambda x, w, b: F.conv_transpose1d(x, w, b, stride=2, padding=1),
     {"x": rn(2, 3, 5), "w": rn(3, 4, 3), "b": rn(4)}, attrs={"stride": 2, "padding": 1})
case("max_pool1d", "max_pool1d", lambda x: F.max_pool1d(x, 3, 2), {"x": rn(2, 3, 9)}, attrs={"kernel": 3, "stride": 2})


# Optimisers: a fixed parameter and gradient sequence, parameters after each step
def optim_case(name, make, steps=4):
    p = torch.nn.Parameter(rn(6))
    p0 = p.detach().clone()
    grads = [rn(6) for _ in range(steps)]
    opt = make([p])
    after = []
    for g in grads:
        opt.zero_grad()
        p.grad = g.clone()
        opt.step()
        after.append(t(p))
    cases.append({"name": name, "op": "optim_" + name, "attrs": {}, "inputs": {"p": t(p0)}, "ints": {},
                  "grads": {f"g{i}": t(g) for i, g in enumerate(grads)}, "params": after})


optim_case("sgd_momentum", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01))
optim_case("sgd_nesterov", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True))
optim_case("adam", lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1))
optim_case("adamw", lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1))

# Gradient clipping
gs = [rn(3, 4), rn(5)]
ps = [torch.nn.Parameter(torch.zeros_like(g)) for g in gs]
for p, g in zip(ps, gs):
    p.grad = g.clone()
norm = torch.nn.utils.clip_grad_norm_(ps, 1.5)
cases.append({"name": "clip_grad_norm", "op": "clip", "attrs": {"max_norm": 1.5, "norm": float(norm)}, "ints": {},
              "inputs": {f"g{i}": t(g) for i, g in enumerate(gs)}, "grads": {f"g{i}": t(p.grad) for i, p in enumerate(ps)}})

out = os.path.join("tests", "fixtures", "tensors", "ops_golden.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {out} ({os.path.getsize(out)} bytes)")
