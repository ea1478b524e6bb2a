#!/usr/bin/env python3
"""Independent numpy reference for the Gaussian HMM and mixture in src/Kosmo.Features/Regimes.

Writes tests/fixtures/regimes/hmm_reference.json: a fixed 3-state, 2-D full-covariance HMM, a 60-step
sequence drawn from it (seed 7) with one partly missing row and one fully missing row (NaN -> null), and,
computed here in LOG space (the C# code uses the scaled recursion, so this is an independent route):
log-likelihood, forward filtered P(s_t | x_1..t), smoothed P(s_t | x_1..T), the Viterbi path, one Baum-Welch
update (variance floor 1e-4 added to the diagonal, means/covariances from complete rows only), and for a fixed
3-component mixture on the same rows: responsibilities, log-likelihood and one EM update.
Deterministic: rerun gives the same bytes.  Usage: /usr/bin/python3 tools/regimes_reference.py
"""
import json
import math
import os

import numpy as np

FLOOR = 1e-4
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "regimes", "hmm_reference.json")


def logpdf(x, mu, cov):
    m = np.isfinite(x)
    if not m.any():
        return 0.0
    xs, ms, cs = x[m], mu[m], cov[np.ix_(m, m)]
    d = xs - ms
    sign, logdet = np.linalg.slogdet(cs)
    assert sign > 0
    return float(-0.5 * (m.sum() * math.log(2 * math.pi) + logdet + d @ np.linalg.solve(cs, d)))


def lse(v):
    mx = np.max(v)
    return mx + math.log(np.sum(np.exp(v - mx)))


def emissions(X, mus, covs):
    return np.array([[logpdf(x, mus[j], covs[j]) for j in range(len(mus))] for x in X])


def hmm_all(pi, A, mus, covs, X):
    T, S = len(X), len(pi)
    lb = emissions(X, mus, covs)
    la = np.zeros((T, S))
    la[0] = np.log(pi) + lb[0]
    for t in range(1, T):
        for j in range(S):
            la[t, j] = lse(la[t - 1] + np.log(A[:, j])) + lb[t, j]
    lbeta = np.zeros((T, S))
    for t in range(T - 2, -1, -1):
        for i in range(S):
            lbeta[t, i] = lse(np.log(A[i]) + lb[t + 1] + lbeta[t + 1])
    ll = lse(la[-1])
    filt = np.exp(la - np.array([lse(r) for r in la])[:, None])
    gamma = np.exp(la + lbeta - ll)
    xi = np.zeros((S, S))
    for t in range(T - 1):
        xi += np.exp(la[t][:, None] + np.log(A) + (lb[t + 1] + lbeta[t + 1])[None, :] - ll)
    # Viterbi
    d = np.log(pi) + lb[0]
    back = np.zeros((T, S), dtype=int)
    for t in range(1, T):
        sc = d[:, None] + np.log(A)
        back[t] = np.argmax(sc, axis=0)
        d = sc[back[t], range(S)] + lb[t]
    path = [int(np.argmax(d))]
    for t in range(T - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return ll, filt, gamma, xi, path[::-1]


def moments(X, w):
    c = np.all(np.isfinite(X), axis=1)
    Xc, wc = X[c], w[c]
    mu = (wc[:, None] * Xc).sum(0) / wc.sum()
    dx = Xc - mu
    cov = (wc[:, None, None] * dx[:, :, None] * dx[:, None, :]).sum(0) / wc.sum() + FLOOR * np.eye(X.shape[1])
    return mu, cov


def main():
    rng = np.random.default_rng(7)
    pi = np.array([0.5, 0.3, 0.2])
    A = np.array([[0.90, 0.07, 0.03], [0.10, 0.80, 0.10], [0.05, 0.15, 0.80]])
    mus = np.array([[0.5, -0.2], [0.0, 0.8], [-1.5, 2.0]])
    covs = np.array([[[0.20, 0.05], [0.05, 0.10]], [[0.60, -0.10], [-0.10, 0.40]], [[2.0, 0.6], [0.6, 1.5]]])
    T = 60
    s = rng.choice(3, p=pi)
    X = np.zeros((T, 2))
    states = []
    for t in range(T):
        if t > 0:
            s = rng.choice(3, p=A[s])
        states.append(int(s))
        X[t] = rng.multivariate_normal(mus[s], covs[s])
    X[17, 1] = np.nan
    X[33, :] = np.nan

    ll, filt, gamma, xi, path = hmm_all(pi, A, mus, covs, X)
    new_pi = gamma[0] / gamma[0].sum()
    new_A = xi / xi.sum(1, keepdims=True)
    new_mus, new_covs = zip(*[moments(X, gamma[:, j]) for j in range(3)])

    # Mixture on the same rows.
    w = np.array([0.5, 0.3, 0.2])
    lp = np.log(w)[None, :] + emissions(X, mus, covs)
    norm = np.array([lse(r) for r in lp])
    resp = np.exp(lp - norm[:, None])
    gmm_ll = norm.sum()
    gw = resp.sum(0) / T
    g_mus, g_covs = zip(*[moments(X, resp[:, j]) for j in range(3)])

    def rows(a):
        return [[None if not np.isfinite(v) else float(v) for v in r] for r in np.asarray(a)]

    out = {
        "floor": FLOOR,
        "initial": pi.tolist(), "transition": A.tolist(), "means": mus.tolist(), "covariances": covs.tolist(),
        "observations": rows(X), "true_states": states,
        "log_likelihood": ll, "filtered": rows(filt), "smoothed": rows(gamma), "viterbi": path,
        "step_initial": new_pi.tolist(), "step_transition": new_A.tolist(),
        "step_means": [m.tolist() for m in new_mus], "step_covariances": [c.tolist() for c in new_covs],
        "gmm_weights": w.tolist(), "gmm_log_likelihood": gmm_ll, "gmm_responsibilities": rows(resp),
        "gmm_step_weights": gw.tolist(), "gmm_step_means": [m.tolist() for m in g_mus],
        "gmm_step_covariances": [c.tolist() for c in g_covs],
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write("\n")
    print("wrote", OUT, "ll", ll, "gmm_ll", gmm_ll)


if __name__ == "__main__":
    main()
