namespace Kosmo.Backtest.Strategies;

/// <summary>
/// Equal weights 1/k on the k best-scored eligible codes; a holding younger than <paramref name="MinHoldDays"/>
/// trading days is kept (and counts towards k).
/// </summary>
public sealed record TopKStrategy(int K = 20, int MinHoldDays = 5, ScoreKind Kind = ScoreKind.UpMinusDown, string Name = "topk") : IStrategy
{
    private double[]? _scores;

    /// <inheritdoc />
    public bool NeedsSignals => true;

    /// <inheritdoc />
    public void Targets(StrategyContext context, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        if (K <= 0) { throw new InvalidOperationException($"TopKStrategy needs k > 0 (got {K})."); }
        var scores = _scores is { Length: var n } && n == weights.Length ? _scores : _scores = new double[weights.Length];
        SignalScores.Fill(context, Kind, scores);
        var chosen = 0;
        var w = 1.0 / K;
        for (var i = 0; i < weights.Length; i++)
        {
            if (context.CurrentWeights[i] > 0 && context.HeldDays(i) < MinHoldDays && chosen < K)
            {
                weights[i] = w;
                chosen++;
            }
        }

        foreach (var i in TopSelector.Top(scores, K, i => weights[i] == 0))
        {
            if (chosen >= K) { break; }
            weights[i] = w;
            chosen++;
        }
    }
}
