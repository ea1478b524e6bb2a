namespace Kosmo.Backtest.Strategies;

/// <summary>
/// Equal weights 1/k on the k best-scored eligible codes; a holding younger than <paramref name="MinHoldDays"/>
/// trading days is kept (and counts towards k). Only scores above <paramref name="MinScore"/> are bought, so an
/// all-flat signal (P(up) = P(down) = 0) never trades.
/// </summary>
public sealed record TopKStrategy(int K = 20, int MinHoldDays = 5, ScoreKind Kind = ScoreKind.UpMinusDown, string Name = "topk", double MinScore = 0) : IStrategy
{
    /// <inheritdoc />
    public bool NeedsSignals => true;

    /// <inheritdoc />
    public void Targets(StrategyContext context, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        if (K <= 0) { throw new InvalidOperationException($"TopKStrategy needs k > 0 (got {K})."); }
        var scores = new double[weights.Length];
        SignalScores.Fill(context, Kind, scores, checkEligible: false);
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

        foreach (var i in TopSelector.Top(scores, K, i => weights[i] == 0 && scores[i] > MinScore && context.Eligible(i)))
        {
            if (chosen >= K) { break; }
            weights[i] = w;
            chosen++;
        }
    }
}
