namespace Kosmo.Backtest.Strategies;

/// <summary>
/// Qlib-style top-k-dropout: hold k names; each rebalance rank holdings together with the best
/// <c>NDrop + (k − held)</c> new candidates, sell the holdings that fall into the bottom <c>NDrop</c> of that
/// ranking and buy candidates to get back to k. At most NDrop names replaced per rebalance. Only positive scores
/// are bought.
/// </summary>
public sealed record TopKDropoutStrategy(int K = 20, int NDrop = 2, ScoreKind Kind = ScoreKind.UpMinusDown, string Name = "topk_dropout") : IStrategy
{
    /// <inheritdoc />
    public bool NeedsSignals => true;

    /// <inheritdoc />
    public void Targets(StrategyContext context, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        var n = weights.Length;
        var scores = new double[n];
        SignalScores.Fill(context, Kind, scores, checkEligible: false);
        var held = context.HeldCodes();

        var want = NDrop + Math.Max(0, K - held.Count);
        var candidates = TopSelector.Top(scores, want, i => context.CurrentWeights[i] <= 0 && scores[i] > 0 && context.Eligible(i));
        double Key(int i) => SignalScores.Raw(context, Kind, i) is var s && double.IsFinite(s) ? s : double.NegativeInfinity;
        var combined = held.Concat(candidates).OrderByDescending(Key).ThenBy(i => i).ToList();
        var bottom = new HashSet<int>(combined.Skip(Math.Max(0, combined.Count - NDrop)));
        var sell = held.Where(bottom.Contains).ToHashSet();
        var keep = held.Where(i => !sell.Contains(i)).ToList();
        var buyCount = Math.Max(0, Math.Min(candidates.Length, sell.Count + K - held.Count));
        var w = 1.0 / K;
        foreach (var i in keep.Concat(candidates.Take(buyCount)).Take(K))
        {
            weights[i] = w;
        }
    }
}
