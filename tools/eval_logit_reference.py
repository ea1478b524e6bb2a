#!/usr/bin/python3
"""Independent reference fit of Kosmo's L2 multinomial logistic regression baseline (numpy + scipy L-BFGS).

Objective (docs/notes/evaluation.md): features z-scored with training means and population stds (finite values
only; missing -> 0 after scaling), one coefficient row per class (symmetric softmax), omega_i = sample weight x
balanced class weight (sum w / (3 sum_{y=k} w)), J = sum omega_i (-log p_{i,y_i}) / sum omega + lam/2 ||W||^2
(intercepts not penalised, centred to mean 0 afterwards).

Writes tests/fixtures/evaluation/logit_train.csv, logit_test.csv (date,code,label,weight,f0..f3) and
logit_expected.json (standardised coefficients, training means/stds, test probabilities).
Run from the repository root:  /usr/bin/python3 tools/eval_logit_reference.py
"""
import json
import os

import numpy as np
import pandas as pd
from scipy.optimize import minimize

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "evaluation")
LAM = 0.01
FEATS = ["f0", "f1", "f2", "f3"]


def make(rng, n, start):
    dates = pd.bdate_range(start, periods=n // 40).date
    rows = []
    W = np.array([[0.0, -1.0, 0.5, 0.0], [0.0, 0.0, 0.0, 0.3], [0.0, 1.0, -0.5, 0.0]])
    b = np.array([-0.5, 0.6, -0.1])
    for d in dates:
        for j in range(40):
            x = np.array([rng.normal(0.02, 0.1), rng.normal(1.0, 3.0), rng.normal(), rng.integers(0, 3)])
            z = W @ np.array([x[0] * 10, x[1] / 3, x[2], x[3]]) + b
            p = np.exp(z - z.max())
            p /= p.sum()
            y = rng.choice(3, p=p)
            if rng.random() < 0.03:
                x[2] = np.nan
            rows.append((d.isoformat(), f"{j:06d}", y, round(rng.uniform(0.2, 1.5), 3), *x))
    df = pd.DataFrame(rows, columns=["date", "code", "label", "weight"] + FEATS)
    return df


def fit(df):
    X = df[FEATS].to_numpy(dtype=np.float32).astype(np.float64)  # C# stores features as float32
    y = df["label"].to_numpy()
    w = df["weight"].to_numpy(dtype=np.float32).astype(np.float64)
    mean = np.nanmean(X, 0)
    std = np.nanstd(X, 0)
    std[std <= 1e-12] = 1.0
    Z = np.where(np.isfinite(X), (X - mean) / std, 0.0)
    D = np.hstack([np.ones((len(Z), 1)), Z])
    per = np.array([w[y == k].sum() for k in range(3)])
    cw = per.sum() / (3 * per)
    om = w * cw[y]
    Y = np.eye(3)[y]
    P = D.shape[1]

    def f(theta):
        T = theta.reshape(3, P)
        S = D @ T.T
        S = S - S.max(1, keepdims=True)
        logp = S - np.log(np.exp(S).sum(1, keepdims=True))
        val = -(om * logp[np.arange(len(y)), y]).sum() / om.sum() + 0.5 * LAM * (T[:, 1:] ** 2).sum()
        G = ((np.exp(logp) - Y) * om[:, None]).T @ D / om.sum()
        G[:, 1:] += LAM * T[:, 1:]
        return val, G.ravel()

    res = minimize(f, np.zeros(3 * P), jac=True, method="L-BFGS-B", options=dict(maxiter=10000, gtol=1e-12, ftol=1e-15))
    T = res.x.reshape(3, P)
    T[:, 0] -= T[:, 0].mean()
    return T, mean, std, res


def predict(T, mean, std, df):
    X = df[FEATS].to_numpy(dtype=np.float32).astype(np.float64)
    Z = np.where(np.isfinite(X), (X - mean) / std, 0.0)
    D = np.hstack([np.ones((len(Z), 1)), Z])
    S = D @ T.T
    S -= S.max(1, keepdims=True)
    E = np.exp(S)
    return E / E.sum(1, keepdims=True)


def main():
    rng = np.random.default_rng(99)
    train, test = make(rng, 2000, "2022-01-03"), make(rng, 400, "2023-01-02")
    train.to_csv(os.path.join(OUT, "logit_train.csv"), index=False, float_format="%.6g")
    test.to_csv(os.path.join(OUT, "logit_test.csv"), index=False, float_format="%.6g")
    train = pd.read_csv(os.path.join(OUT, "logit_train.csv"), dtype={"code": str})
    test = pd.read_csv(os.path.join(OUT, "logit_test.csv"), dtype={"code": str})
    T, mean, std, res = fit(train)
    probs = predict(T, mean, std, test)
    out = dict(l2=LAM, balance_classes=True, features=FEATS, coefficients=T.tolist(), means=mean.tolist(),
               stds=std.tolist(), objective=float(res.fun), grad_max=float(np.abs(res.jac).max()),
               test_probabilities=probs.tolist())
    with open(os.path.join(OUT, "logit_expected.json"), "w") as f:
        json.dump(out, f, indent=1)
    print("objective", res.fun, "iterations", res.nit, "max|grad|", np.abs(res.jac).max())
    print(np.round(T, 4))


if __name__ == "__main__":
    main()
