"""PyTorch 1.13 reference for bench/figures/55-neural-train.sh: the same three baselines (MLP on the last day,
LSTM last hidden state -> linear, pre-LN causal Transformer encoder with GELU, last position -> linear) trained with
AdamW + weighted cross-entropy + clip_grad_norm_ at B=256, L=60, K=16, width 64, on 2 threads. Prints
pytorch_{mlp,lstm,transformer}_train_samples_per_s (median over repeats of a timed run of steps)."""
import sys, time, math
import torch
import torch.nn as nn

torch.set_num_threads(2)
torch.manual_seed(1)
quick = "--quick" in sys.argv
B, L, K, D = 256, 60, 16, 64
steps = 3 if quick else 8
repeats = 1 if quick else 3


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(K, D), nn.GELU(), nn.Dropout(0.1), nn.Linear(D, D), nn.GELU(), nn.Dropout(0.1), nn.Linear(D, 3))

    def forward(self, x):
        return self.net(x[:, -1, :])


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(K, D, batch_first=True)
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(D, 3)

    def forward(self, x):
        h, _ = self.lstm(x)
        return self.head(self.drop(h[:, -1, :]))


class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.inp = nn.Linear(K, D)
        pe = torch.zeros(L, D)
        pos = torch.arange(L).unsqueeze(1).float()
        div = torch.pow(10000.0, torch.arange(0, D, 2).float() / D)
        pe[:, 0::2] = torch.sin(pos / div)
        pe[:, 1::2] = torch.cos(pos / div)
        self.register_buffer("pe", pe)
        layer = nn.TransformerEncoderLayer(D, 4, 128, 0.1, activation="gelu", batch_first=True, norm_first=True)
        self.enc = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.ln = nn.LayerNorm(D)
        self.head = nn.Linear(D, 3)
        self.register_buffer("mask", torch.triu(torch.full((L, L), float("-inf")), 1))
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        h = self.drop(self.inp(x) + self.pe)
        h = self.ln(self.enc(h, mask=self.mask))
        return self.head(h[:, -1, :])


def speed(make):
    xs = torch.rand(steps, B, L, K) * 2 - 1
    ys = torch.randint(0, 3, (steps, B))
    w = torch.ones(3)
    result = []
    for r in range(repeats + 1):
        model = make()
        opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
        model.train()
        t0 = time.perf_counter()
        for s in range(steps):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xs[s]), ys[s], weight=w)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        dt = time.perf_counter() - t0
        if r > 0 or repeats == 1:
            result.append(steps * B / dt)
    result.sort()
    return result[len(result) // 2]


for name, make in [("mlp", Mlp), ("lstm", Lstm), ("transformer", Transformer)]:
    print(f"pytorch_{name}_train_samples_per_s={speed(make):.0f}")
