namespace Kosmo.Backtest.Strategies;

/// <summary>
/// Top-k with a hold buffer (hysteresis): a code enters when it ranks among the best <paramref name="K"/> eligible
/// codes with a score above <paramref name="MinScore"/>, and a holding is kept while its rank stays ≤
/// <paramref name="ExitRank"/> (or it is younger than <paramref name="MinHoldDays"/>). Ranks count every code with a
/// signal at T that is eligible or held (rank 1 = best). Free slots are filled with the best non-held entrants; each
/// name weighs 1/k. With ExitRank = K and MinHoldDays = 0 it picks what <see cref="TopKStrategy"/> picks while every
/// holding stays eligible with a positive score.
/// </summary>
public sealed record TopKHysteresisStrategy(int K = 20, int ExitRank = 40, int MinHoldDays = 0, ScoreKind Kind = ScoreKind.UpMinusDown, string Name = "topk_hysteresis", double MinScore = 0) : IStrategy
{
    /// <inheritdoc />
    public bool NeedsSignals => true;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">K ≤ 0 or ExitRank &lt; K.</exception>
    public void Targets(StrategyContext context, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        if (K <= 0 || ExitRank < K) { throw new InvalidOperationException($"TopKHysteresisStrategy needs 0 < k ≤ exit rank (got k = {K}, exit rank = {ExitRank})."); }
        var n = weights.Length;
        var scores = new double[n];
        SignalScores.Fill(context, Kind, scores, checkEligible: false);
        var held = context.HeldCodes();

        // The best ExitRank rankable codes; a holding is inside the buffer when it is among them.
        var heldSet = held.ToHashSet();
        var buffer = TopSelector.Top(scores, ExitRank, i => heldSet.Contains(i) || context.Eligible(i));
        var rank = new Dictionary<int, int>(buffer.Length);
        for (var r = 0; r < buffer.Length; r++) { rank[buffer[r]] = r + 1; }

        var keep = held
            .Where(i => context.HeldDays(i) < MinHoldDays || rank.ContainsKey(i))
            .OrderBy(i => rank.TryGetValue(i, out var r) ? r : 0) // young holdings outside the buffer first, then by rank
            .ThenBy(i => i)
            .Take(K)
            .ToList();
        var w = 1.0 / K;
        foreach (var i in keep) { weights[i] = w; }
        var chosen = keep.Count;
        foreach (var i in TopSelector.Top(scores, K, i => weights[i] == 0 && !heldSet.Contains(i) && scores[i] > MinScore && context.Eligible(i)))
        {
            if (chosen >= K) { break; }
            weights[i] = w;
            chosen++;
        }
    }
}
