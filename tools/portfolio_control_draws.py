"""Where each model sits among seeded draws of the persistent random control, per construction.

Reads summary.csv of the grid output (models and random_persistent = draw 0) and of the control-draw output
(random_persistent@1..@K). For each configuration in the control file: the controls' net Sharpe and CAGR (median and
range), and each model's rank-based p-value p = (1 + #draws with Sharpe >= the model's) / (1 + #draws).

Usage: /usr/bin/python3 tools/portfolio_control_draws.py GRID_OUT CONTROLS_OUT
"""
import sys

import pandas as pd


def main():
    grid = pd.read_csv(f"{sys.argv[1]}/summary.csv")
    draws = pd.read_csv(f"{sys.argv[2]}/summary.csv")
    both = pd.concat([grid, draws])
    both = both[both.strategy.str.contains("/")]
    both["model"] = both.strategy.str.split("/").str[0]
    both["config"] = both.strategy.str.split("/").str[1]
    configs = list(dict.fromkeys(draws[draws.strategy.str.contains("/")].strategy.str.split("/").str[1]))
    print("| configuration | control draws | control Sharpe median [min, max] | control CAGR median [min, max] | tft_lite Sharpe (p) | logistic Sharpe (p) |")
    print("|---|---|---|---|---|---|")
    for c in configs:
        ctl = both[(both.config == c) & both.model.str.startswith("random_persistent")]
        cells = []
        for m in ["tft_lite", "logistic"]:
            s = both[(both.config == c) & (both.model == m)].sharpe.iloc[0]
            p = (1 + (ctl.sharpe >= s).sum()) / (1 + len(ctl))
            cells.append(f"{s:.2f} ({p:.2f})")
        sh, cg = ctl.sharpe, ctl.cagr
        print(f"| {c} | {len(ctl)} | {sh.median():.2f} [{sh.min():.2f}, {sh.max():.2f}] | "
              f"{cg.median():+.1%} [{cg.min():+.1%}, {cg.max():+.1%}] | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
