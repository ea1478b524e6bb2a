#!/usr/bin/env python3
"""Rebuilds the published examples of the R package pbo (Matt Barry, CRAN "pbo", github.com/mrbcuda/pbo) and writes
what Kosmo's PBO test checks (pure Python standard library, no Kosmo code, no R needed).

The examples, with the values the package published for them:
- vignette "Using the PBO package" (vignettes/pbo.Rmd, output in vignettes/pbo.md): set.seed(765); n = 100 trials,
  t = 2400 days, m = matrix(rnorm(n*t), nrow = t, ncol = n) (filled column by column); every column rescaled to
  standard deviation 1/sqrt(252) and re-centred to mean 0; performance = Sharpe ratio of the excess return x - 0.03/252
  (mean / sample sd). summary(pbo(m, s = 8)): p_bo 1.000000, "slope" -0.003046, ar^2 0.970000, p_loss 1.000000;
  with s = 4: p_bo 1.000000, "slope" -0.005909, ar^2 0.880000, p_loss 1.000000.
- unit test tests/test_pbo_function.R: set.seed(852); n = 40, t = 200, m = matrix(rnorm(n*t), nrow = t, ncol = n,
  byrow = TRUE), the same Sharpe, s = 4: phi in (0.49, 0.51), slope in (0.19, 0.20), ar2 in (-0.24, -0.22),
  below_threshold in (0.49, 0.51).
The package's "slope" is coefficients[1] of lm(rn_pairs), i.e. lm(Rn ~ Rbn): the INTERCEPT of the in-sample
performance of the in-sample best regressed on its out-of-sample performance; ar^2 is that fit's adjusted R^2
(rounded to 2 significant digits); p_loss the share of combinations whose in-sample best has OOS Sharpe < 0. The
package's relative rank is rank / N; Kosmo's (as the paper's) rank / (N + 1): both give lambda <= 0 exactly when the
rank is at most N/2 for untied ranks, so PBO is the same, while the logits differ (both are written).

R's generator is reproduced bit for bit: set.seed's scrambling (LCG 69069 s + 1, 50 steps, then 625 words, the first
the Mersenne-Twister position, 624), MT19937 (Python's own, given that state), unif_rand, and norm_rand by inversion
(u = int(2^27 u1) + u2, Phi^-1(u / 2^27) by Wichura's AS241, which statistics.NormalDist.inv_cdf implements). The
check: set.seed(42); rnorm(5) gives R's 1.37095845 -0.56469817 0.36312841 0.63286260 0.40426832.

Writes tests/fixtures/pbo/published.csv (name,value): generator checkpoints and, per example, Kosmo-convention
logits, PBO, degradation slope/intercept (OOS on IS), P(loss), and the package's "slope" and adjusted R^2.
Run from the repository root: python3 tools/pbo_published.py
"""
import itertools
import math
import os
import random
import statistics

OUT = os.path.join("tests", "fixtures", "pbo", "published.csv")
RF = 0.03 / 252
_ND = statistics.NormalDist()


class RNorm:
    """R's rnorm after set.seed(seed) with the default kinds (Mersenne-Twister, Inversion)."""

    def __init__(self, seed):
        s = seed & 0xFFFFFFFF
        for _ in range(50):
            s = (69069 * s + 1) & 0xFFFFFFFF
        words = []
        for _ in range(625):
            s = (69069 * s + 1) & 0xFFFFFFFF
            words.append(s)
        self.rng = random.Random()
        self.rng.setstate((3, tuple(words[1:]) + (624,), None))

    def unif(self):
        v = self.rng.getrandbits(32) * 2.3283064365386963e-10
        if v <= 0.0:
            return 0.5 * 2.328306437080797e-10
        if 1.0 - v <= 0.0:
            return 1.0 - 0.5 * 2.328306437080797e-10
        return v

    def norm(self):
        big = 134217728
        u = self.unif()
        u = int(big * u) + self.unif()
        return _ND.inv_cdf(u / big)


def mean(xs):
    return sum(xs) / len(xs)


def sd(xs):
    m = mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def sharpe(xs):
    return mean(xs) / sd(xs)


def rank(values, i):
    return sum(1 for v in values if v < values[i]) + (sum(1 for v in values if v == values[i]) + 1) / 2


def cscv(cols, s):
    """cols: per strategy, its excess returns. Returns the Kosmo- and R-convention results."""
    n, t = len(cols), len(cols[0])
    size = t // s
    out = {"logits": [], "pairs": []}
    lam_r = []
    for combo in itertools.combinations(range(s), s // 2):
        ins = [k for k in range(t) if k // size in combo]
        oos = [k for k in range(t) if k // size not in combo]
        r = [sharpe([c[k] for k in ins]) for c in cols]
        rb = [sharpe([c[k] for k in oos]) for c in cols]
        best = max(range(n), key=lambda j: (r[j], -j))
        w = rank(rb, best) / (n + 1)
        out["logits"].append(math.log(w / (1 - w)))
        wr = rank(rb, best) / n
        lam_r.append(math.log(wr / (1 - wr)) if wr < 1 else math.inf)
        out["pairs"].append((r[best], rb[best]))
    k = len(out["pairs"])
    x = [p[0] for p in out["pairs"]]
    y = [p[1] for p in out["pairs"]]
    out["pbo"] = sum(1 for l in out["logits"] if l <= 0) / k
    out["pbo_r"] = sum(1 for l in lam_r if l <= 0) / k
    out["prob_loss"] = sum(1 for v in y if v < 0) / k
    mx, my = mean(x), mean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    out["slope"] = sxy / sxx
    out["intercept"] = my - out["slope"] * mx
    # the package's lm(Rn ~ Rbn): in-sample on out-of-sample
    b_r = sxy / syy
    out["r_lm_intercept"] = mx - b_r * my
    r2 = sxy * sxy / (sxx * syy)
    out["r_adj_r2"] = 1 - (1 - r2) * (k - 1) / (k - 2)
    return out


def vignette():
    g = RNorm(765)
    n, t = 100, 2400
    draws = [g.norm() for _ in range(n * t)]
    cols = []
    for i in range(n):
        c = draws[i * t:(i + 1) * t]
        scale = (1 / 252 ** 0.5) / sd(c)
        c = [v * scale for v in c]
        centre = mean(c)
        cols.append([v - centre - RF for v in c])
    return draws, cols


def unit_test():
    g = RNorm(852)
    n, t = 40, 200
    draws = [g.norm() for _ in range(n * t)]
    cols = [[draws[row * n + j] - RF for row in range(t)] for j in range(n)]  # byrow = TRUE
    return draws, cols


def main():
    rows = []
    g = RNorm(42)
    rows += [(f"rnorm42_{i}", g.norm()) for i in range(5)]
    draws, cols = vignette()
    rows += [(f"rnorm765_{i}", draws[i]) for i in (0, 1, 2399, 2400, 239999)]
    for s in (8, 4):
        rows += [(f"vignette_s{s}_{k}", v) for k, v in results(cscv(cols, s))]
    draws, cols = unit_test()
    rows += [(f"rnorm852_{i}", draws[i]) for i in (0, 1, 7999)]
    rows += [(f"unittest_s4_{k}", v) for k, v in results(cscv(cols, 4))]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("name,value\n")
        for name, v in rows:
            f.write(f"{name},{v!r}\n")
    for name, v in rows:
        if not name.startswith("rnorm") and "_logit_" not in name:
            print(f"{name:32s} {v:.6g}")


def results(out):
    yield "pbo", out["pbo"]
    yield "pbo_r", out["pbo_r"]
    yield "prob_loss", out["prob_loss"]
    yield "slope", out["slope"]
    yield "intercept", out["intercept"]
    yield "r_lm_intercept", out["r_lm_intercept"]
    yield "r_adj_r2", out["r_adj_r2"]
    for k, l in enumerate(out["logits"]):
        yield f"logit_{k}", l


if __name__ == "__main__":
    main()
