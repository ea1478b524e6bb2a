#!/usr/bin/env python3
"""PyTorch reference forwards (inference mode) of the Kosmo model zoo.

Writes tests/fixtures/zoo/zoo_golden.json: for each model, its config, the input window x (B, L, K) row-major,
every parameter by the C# name (row-major, C# layout: LSTM bias = b_ih + b_hh, gate order i, f, g, o as in PyTorch)
and the logits (B, C). The models are written here from the architecture descriptions in docs/notes/zoo.md,
independently of the C# code. Run: /usr/bin/python3 tools/zoo/zoo_golden.py
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(20261122)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "zoo", "zoo_golden.json")


def lstm_params(prefix, lstm):
    return {
        prefix + ".w_ih": lstm.weight_ih_l0,
        prefix + ".w_hh": lstm.weight_hh_l0,
        prefix + ".bias": lstm.bias_ih_l0 + lstm.bias_hh_l0,
    }


def lin_params(prefix, lin):
    return {prefix + ".weight": lin.weight, prefix + ".bias": lin.bias}


def last_hidden(lstm, x):
    out, _ = lstm(x)
    return out[:, -1]


def cnn_lstm(x, K, C, ch, kernel, pool, H):
    conv = nn.Conv1d(K, ch, kernel, padding=(kernel - 1) // 2)
    lstm = nn.LSTM(ch, H, batch_first=True)
    head = nn.Linear(H, C)
    h = F.relu(conv(x.transpose(1, 2)))
    if pool > 1:
        h = F.max_pool1d(h, pool, pool)
    logits = head(last_hidden(lstm, h.transpose(1, 2)))
    params = {"conv.weight": conv.weight, "conv.bias": conv.bias, **lstm_params("lstm", lstm), **lin_params("head", head)}
    return logits, params, {"Features": K, "Classes": C, "Channels": ch, "Kernel": kernel, "Pool": pool, "Hidden": H}


def unet(x, K, C, c, depth, kernel):
    params = {}

    def block(name, cin, cout):
        convs = [nn.Conv1d(cin, cout, kernel, padding=(kernel - 1) // 2), nn.Conv1d(cout, cout, kernel, padding=(kernel - 1) // 2)]
        for j, cv in enumerate(convs):
            params[f"{name}.conv{j}.weight"] = cv.weight
            params[f"{name}.conv{j}.bias"] = cv.bias
        return convs

    def run(convs, h):
        for cv in convs:
            h = F.relu(cv(h))
        return h

    downs, cin = [], K
    for d in range(depth):
        downs.append(block(f"down{d}", cin, c << d))
        cin = c << d
    bott = block("bottleneck", cin, c << depth)
    cin = c << depth
    ups, decs = [], []
    for d in range(depth - 1, -1, -1):
        up = nn.ConvTranspose1d(cin, c << d, 2, stride=2)
        params[f"up{d}.weight"] = up.weight
        params[f"up{d}.bias"] = up.bias
        ups.append(up)
        decs.append(block(f"decode{d}", 2 * (c << d), c << d))
        cin = c << d
    head = nn.Linear(2 * cin, C)
    params.update(lin_params("head", head))

    B, L, _ = x.shape
    m = 1 << depth
    pad = (m - L % m) % m
    h = F.pad(x.transpose(1, 2), (pad, 0))
    skips = []
    for blk in downs:
        h = run(blk, h)
        skips.append(h)
        h = F.max_pool1d(h, 2, 2)
    h = run(bott, h)
    for i, (up, dec) in enumerate(zip(ups, decs)):
        h = run(dec, torch.cat([up(h), skips[-1 - i]], 1))
    real = h[:, :, pad:]
    logits = head(torch.cat([real.mean(2), real[:, :, -1]], 1))
    return logits, params, {"Features": K, "Classes": C, "BaseChannels": c, "Depth": depth, "Kernel": kernel}


def vae(x, K, C, Z, H):
    B, L, _ = x.shape
    enc, mu = nn.Linear(L * K, H), nn.Linear(H, Z)
    logvar, dec, dec_out = nn.Linear(H, Z), nn.Linear(Z, H), nn.Linear(H, L * K)
    cls, out = nn.Linear(Z + K, H), nn.Linear(H, C)
    m = mu(F.relu(enc(x.reshape(B, -1))))
    logits = out(F.relu(cls(torch.cat([m, x[:, -1]], 1))))
    params = {**lin_params("encoder.hidden", enc), **lin_params("encoder.mu", mu), **lin_params("encoder.logvar", logvar),
              **lin_params("decoder.hidden", dec), **lin_params("decoder.out", dec_out),
              **lin_params("classifier.hidden", cls), **lin_params("classifier.out", out)}
    return logits, params, {"Lookback": L, "Features": K, "Classes": C, "Latent": Z, "Hidden": H}


def regime(x, K, cols, C, H, heads, T):
    lstm = nn.LSTM(K, H, batch_first=True)
    params = dict(lstm_params("lstm", lstm))
    hs, _ = lstm(x)
    B, L, _ = hs.shape
    dh = H // heads
    last = hs[:, -1]
    expert_logits = []
    for e in range(len(cols)):
        q, k, v, o = (nn.Linear(H, H) for _ in range(4))
        norm = nn.LayerNorm(H)
        with torch.no_grad():
            norm.weight.uniform_(0.5, 1.5)
            norm.bias.uniform_(-0.2, 0.2)
        head = nn.Linear(H, C)
        for nm, lin in zip("qkvo", (q, k, v, o)):
            params.update(lin_params(f"expert{e}.{nm}", lin))
        params[f"expert{e}.norm.gamma"] = norm.weight
        params[f"expert{e}.norm.beta"] = norm.bias
        params.update(lin_params(f"expert{e}.head", head))
        qq = q(last).view(B, heads, 1, dh)
        kk = k(hs).view(B, L, heads, dh).permute(0, 2, 1, 3)
        vv = v(hs).view(B, L, heads, dh).permute(0, 2, 1, 3)
        att = torch.softmax(qq @ kk.transpose(-1, -2) / math.sqrt(dh), -1)
        ctx = (att @ vv).reshape(B, H)
        expert_logits.append(head(norm(last + o(ctx))))
    p = x[:, -1, cols].clamp_min(1e-6)
    gate = torch.softmax(torch.log(p) / T, -1)
    logits = sum(gate[:, e:e + 1] * expert_logits[e] for e in range(len(cols)))
    return logits, params, {"Features": K, "RegimeColumns": cols, "Classes": C, "Hidden": H, "Heads": heads, "GateTemperature": T}


def wavelet(x, K, groups, C, H):
    params, enc = {}, []
    for i, g in enumerate(groups):
        lstm = nn.LSTM(len(g), H, batch_first=True)
        params.update(lstm_params(f"group{i}.lstm", lstm))
        enc.append(last_hidden(lstm, x[:, :, g]))
    w = torch.randn(len(groups)) * 0.5
    params["group_logits"] = w
    head = nn.Linear(H, C)
    params.update(lin_params("head", head))
    sw = torch.softmax(w, 0)
    logits = head(sum(sw[i] * enc[i] for i in range(len(groups))))
    return logits, params, {"Features": K, "Groups": groups, "Classes": C, "Hidden": H}


def record(name, x, result):
    logits, params, config = result
    return name, {
        "config": config,
        "shape": list(x.shape),
        "x": x.flatten().tolist(),
        "params": {k: {"shape": list(v.shape), "data": v.detach().flatten().tolist()} for k, v in params.items()},
        "logits": logits.detach().flatten().tolist(),
    }


def main():
    with torch.no_grad():
        models = dict([
            record("cnn_lstm", x1 := torch.randn(3, 8, 4), cnn_lstm(x1, 4, 3, 5, 3, 2, 6)),
            record("unet1d", x2 := torch.randn(2, 7, 3), unet(x2, 3, 3, 4, 2, 3)),
            record("vae", x3 := torch.randn(3, 5, 2), vae(x3, 2, 3, 3, 7)),
            record("wavelet_groups", x4 := torch.randn(2, 6, 5), wavelet(x4, 5, [[0], [1, 2], [3, 4]], 3, 4)),
        ])
        x5 = torch.randn(3, 5, 5)
        x5[:, :, 2:] = torch.softmax(torch.randn(3, 5, 3) * 2, -1)
        models.update([record("regime_experts", x5, regime(x5, 5, [2, 3, 4], 3, 8, 2, 0.7))])
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"format": "kosmo-zoo-golden-1", "torch": torch.__version__, "models": models}, f)
    os.replace(tmp, OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
