#!/usr/bin/python3
"""Golden files for TFT-Lite: weights, inputs, intermediates, outputs, loss and gradients of the reference model.

Imports the reference /work/shared/reference/tft_lite.py (never copied), builds TFTLite with a fixed seed and
dropout 0 in eval mode, runs forward and a mean cross-entropy backward, and writes into tests/fixtures/tft_lite/:

  NAME.json   manifest: format, config, loss, and a list of tensors
              {"group": "input|output|intermediate|param|grad|input_grad", "name": ..., "dtype": "float32|int32",
               "shape": [...], "offset": BYTE_OFFSET, "count": ELEMENTS}
  NAME.bin    the tensors back to back, little-endian, row-major (C order), float32 or int32

Parameters are drawn in float32 by PyTorch's default initialisers (seed below). Everything derived from them
(intermediates, outputs, loss, gradients) is computed in float64 from those exact float32 values and rounded to
float32 once when written, so a float32 C# implementation should match to ~1e-5 relative. The float32 forward
is also run and its loss stored as "loss_float32" for reference.

Run from the repository root:  /usr/bin/python3 tools/golden/tft_lite_export.py
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

REF = os.environ.get("KOSMO_TFT_REFERENCE", "/work/shared/reference")
sys.path.insert(0, REF)
from tft_lite import TFTLite  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "tft_lite")


def forward_with_intermediates(m, x_real, s_cat, s_real):
    """The reference TFTLite.forward, step by step, returning its intermediates (checked against m(...))."""
    B, L, K = x_real.shape
    statics = [emb(s_cat[:, i]) for i, emb in enumerate(m.cat_emb)]
    statics += [p(s_real[:, i:i + 1]) for i, p in enumerate(m.static_real_proj)]
    static_in = torch.stack(statics, dim=1)
    e, static_w = m.static_vsn(static_in)
    c_sel, c_enr = m.c_sel(e), m.c_enr(e)
    c_h, c_c = m.c_h(e), m.c_c(e)
    xs = torch.stack([p(x_real[..., i:i + 1]) for i, p in enumerate(m.real_proj)], dim=-2)
    x, temporal_w = m.temporal_vsn(xs, c_sel)
    h, _ = m.lstm(x, (c_h.unsqueeze(0), c_c.unsqueeze(0)))
    phi = m.norm1(x + m.gate1(h))
    theta = m.enrich(phi, c_enr.unsqueeze(1).expand(-1, L, -1))
    mask = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
    a, attn_w = m.attn(theta, mask)
    delta = m.norm2(theta + m.gate2(a))
    ff = m.ff(delta)
    psi = m.norm3(phi + m.gate3(ff))
    logits = m.head(psi[:, -1])
    inter = dict(static_inputs=static_in, static_context=e, c_sel=c_sel, c_enr=c_enr, c_h=c_h, c_c=c_c,
                 temporal_inputs=xs, vsn_out=x, lstm_out=h, phi=phi, theta=theta, attn_out=a, delta=delta,
                 ff_out=ff, psi=psi)
    return logits, dict(attention=attn_w, temporal_weights=temporal_w, static_weights=static_w), inter


def export(name, B, L, K, cards, R, D, H, C, seed):
    torch.manual_seed(seed)
    model32 = TFTLite(K, cards, R, D, H, C, dropout=0.0).eval()
    gen = torch.Generator().manual_seed(seed + 1)
    x_real = torch.randn(B, L, K, generator=gen)
    s_cat = torch.stack([torch.randint(0, c, (B,), generator=gen) for c in cards], 1)
    s_real = torch.randn(B, R, generator=gen)
    y = torch.randint(0, C, (B,), generator=gen)

    with torch.no_grad():
        logits32, _ = model32(x_real, s_cat, s_real)
        loss32 = F.cross_entropy(logits32, y).item()

    model = TFTLite(K, cards, R, D, H, C, dropout=0.0).double().eval()
    model.load_state_dict({k: v.double() for k, v in model32.state_dict().items()})
    xr = x_real.double().requires_grad_(True)
    sr = s_real.double().requires_grad_(True)
    logits, extras, inter = forward_with_intermediates(model, xr, s_cat, sr)
    ref_logits, _ = model(xr, s_cat, sr)
    assert torch.allclose(logits, ref_logits, atol=1e-12, rtol=0), "step-by-step forward differs from TFTLite.forward"
    loss = F.cross_entropy(logits, y)
    loss.backward()

    tensors, blobs, offset = [], [], 0

    def add(group, tname, t, dtype="float32"):
        nonlocal offset
        arr = t.detach().cpu().numpy()
        arr = np.array(arr, dtype="<f4" if dtype == "float32" else "<i4", order="C")  # keeps 0-d shapes
        tensors.append(dict(group=group, name=tname, dtype=dtype, shape=list(arr.shape), offset=offset, count=int(arr.size)))
        blobs.append(arr.tobytes())
        offset += arr.nbytes

    add("input", "x_real", x_real)
    add("input", "s_cat", s_cat, "int32")
    add("input", "s_real", s_real)
    add("input", "y", y, "int32")
    add("output", "logits", logits)
    add("output", "probabilities", torch.softmax(logits, -1))
    add("output", "loss", loss.reshape(()))
    for k, v in extras.items():
        add("output", k, v)
    for k, v in inter.items():
        add("intermediate", k, v)
    for pname, p in model.named_parameters():
        add("param", pname, p)
    for pname, p in model.named_parameters():
        add("grad", pname, p.grad)
    add("input_grad", "x_real", xr.grad)
    add("input_grad", "s_real", sr.grad)

    manifest = dict(
        format="kosmo-golden-1",
        description="TFT-Lite reference (shared/reference/tft_lite.py), dropout 0, eval mode; loss = mean cross-entropy "
                    "over the batch; derived tensors computed in float64 from float32 parameters and inputs.",
        generator="tools/golden/tft_lite_export.py",
        torch_version=torch.__version__,
        bin=name + ".bin",
        config=dict(batch=B, lookback=L, n_real=K, static_cardinalities=cards, n_static_real=R, hidden=D, heads=H,
                    classes=C, dropout=0.0, seed=seed),
        loss=loss.item(), loss_float32=loss32,
        parameter_count=sum(p.numel() for p in model.parameters()),
        tensors=tensors,
    )
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(b"".join(blobs))
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"{name}: {len(tensors)} tensors, {offset} bytes, params={manifest['parameter_count']}, loss={loss.item():.6f}")


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    export("tft_lite_small", B=4, L=8, K=3, cards=[3, 5], R=2, D=16, H=4, C=3, seed=1234)
    # No fixture at the benchmark dimensions (K=16, cats [3, 10], D=64, L=60): its 627k parameters plus their
    # gradients take 5.8 MB even with a batch of 2, over the 2 MB budget for committed fixtures.


if __name__ == "__main__":
    main()
