namespace Kosmo.Backtest.Strategies;

/// <summary>
/// Weights proportional to the positive score on the best <paramref name="MaxNames"/> eligible codes, each capped
/// at <paramref name="Cap"/> (excess redistributed over uncapped names; cash when every name is capped).
/// </summary>
public sealed record ProbabilityWeightedStrategy(int MaxNames = 50, double Cap = 0.10, ScoreKind Kind = ScoreKind.UpMinusDown, string Name = "prob_weighted") : IStrategy
{
    /// <inheritdoc />
    public bool NeedsSignals => true;

    /// <inheritdoc />
    public void Targets(StrategyContext context, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        var scores = new double[weights.Length];
        SignalScores.Fill(context, Kind, scores);
        var top = TopSelector.Top(scores, MaxNames, i => scores[i] > 0);
        if (top.Length == 0) { return; }
        var raw = top.Select(i => scores[i]).ToArray();
        var w = CapWeights(raw, Cap);
        for (var j = 0; j < top.Length; j++) { weights[top[j]] = w[j]; }
    }

    /// <summary>Normalises positive raw weights to sum 1 with each ≤ cap (water-filling); sum &lt; 1 only when n·cap &lt; 1.</summary>
    internal static double[] CapWeights(double[] raw, double cap)
    {
        var w = new double[raw.Length];
        var capped = new bool[raw.Length];
        var budget = 1.0;
        for (var round = 0; round < raw.Length + 1; round++)
        {
            var free = 0.0;
            for (var j = 0; j < raw.Length; j++) { if (!capped[j]) { free += raw[j]; } }
            if (free <= 0) { break; }
            var newlyCapped = false;
            for (var j = 0; j < raw.Length; j++)
            {
                if (capped[j]) { continue; }
                w[j] = budget * raw[j] / free;
                if (w[j] > cap) { newlyCapped = true; }
            }

            if (!newlyCapped) { break; }
            for (var j = 0; j < raw.Length; j++)
            {
                if (!capped[j] && w[j] > cap) { capped[j] = true; w[j] = cap; budget -= cap; }
            }
        }

        return w;
    }
}
