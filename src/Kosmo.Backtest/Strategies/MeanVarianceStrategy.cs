using Kosmo.Backtest.Optimization;
using Kosmo.Core;

namespace Kosmo.Backtest.Strategies;

/// <summary>
/// Constrained optimiser: over the best <see cref="Candidates"/> eligible codes with a positive score plus current holdings, maximise
/// <c>μᵀw − λ wᵀΣw − κ‖w − w₀‖² − c‖w − w₀‖₁</c> (c = <see cref="LinearTurnoverCost"/>), long-only, each weight ≤ <see cref="Cap"/>, fully invested.
/// μ = <see cref="ReturnScale"/> × (P(up) − P(down)); Σ = Ledoit–Wolf constant-correlation-shrunk covariance of the trailing
/// <see cref="Lookback"/> daily adjusted-close returns. When fewer than 1/cap names qualify, each gets the cap (rest cash).
/// </summary>
public sealed record MeanVarianceStrategy : IStrategy
{
    /// <inheritdoc />
    public string Name { get; init; } = "mean_variance";

    /// <summary>Candidate names ranked by score (30).</summary>
    public int Candidates { get; init; } = 30;

    /// <summary>Weight cap per name (0.10).</summary>
    public double Cap { get; init; } = 0.10;

    /// <summary>Risk aversion λ on daily variance (5).</summary>
    public double RiskAversion { get; init; } = 5;

    /// <summary>Quadratic turnover cost κ (0.002).</summary>
    public double TurnoverCost { get; init; } = 0.002;

    /// <summary>Linear turnover cost per unit of one-way weight change (0.003 ≈ commission + half the tax + slippage).</summary>
    public double LinearTurnoverCost { get; init; } = 0.003;

    /// <summary>Expected daily return per unit of score (0.01).</summary>
    public double ReturnScale { get; init; } = 0.01;

    /// <summary>Trailing returns for the covariance (60).</summary>
    public int Lookback { get; init; } = 60;

    /// <summary>Shrinkage intensity towards constant correlation; null (default) = the Ledoit–Wolf estimate.</summary>
    public double? Shrinkage { get; init; }

    /// <inheritdoc />
    public bool NeedsSignals => true;

    /// <inheritdoc />
    public void Targets(StrategyContext context, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        var scores = new double[weights.Length];
        SignalScores.Fill(context, ScoreKind.UpMinusDown, scores, checkEligible: false);
        var names = TopSelector.Top(scores, Candidates, i => scores[i] > 0 && context.Eligible(i)).ToList();
        for (var i = 0; i < weights.Length; i++)
        {
            if (context.CurrentWeights[i] > 0 && double.IsFinite(scores[i]) && !names.Contains(i) && context.Eligible(i)) { names.Add(i); }
        }

        var n = names.Count;
        if (n == 0) { return; }
        if (n * Cap < 1)
        {
            foreach (var i in names) { weights[i] = Cap; }
            return;
        }

        var t = context.T;
        var rows = Math.Min(Lookback, t);
        if (rows < 2)
        {
            foreach (var i in names) { weights[i] = 1.0 / n; }
            return;
        }

        var adj = context.Panel.Field(PanelField.AdjClose);
        var T = context.Panel.DateCount;
        var r = new double[rows * n];
        for (var j = 0; j < n; j++)
        {
            var baseK = names[j] * T;
            for (var k = 0; k < rows; k++)
            {
                var d = t - rows + 1 + k;
                var a = adj[baseK + d - 1];
                var b = adj[baseK + d];
                r[(k * n) + j] = a > 0 && b > 0 ? (b / a) - 1 : double.NaN;
            }
        }

        var cov = ShrunkCovariance.Estimate(r, rows, n, Shrinkage);
        var mu = names.Select(i => ReturnScale * scores[i]).ToArray();
        var w0 = names.Select(i => context.CurrentWeights[i]).ToArray();
        var w = MeanVarianceOptimizer.Solve(mu, cov, w0, RiskAversion, TurnoverCost, Cap, maxIterations: 1_000, tolerance: 1e-7, linearCost: LinearTurnoverCost);
        for (var j = 0; j < n; j++) { weights[names[j]] = w[j]; }
    }
}
