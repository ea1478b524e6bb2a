namespace Kosmo.Backtest.Strategies;

/// <summary>Fills a score vector from the context: the ranked score where a code is eligible and has a signal, else NaN.</summary>
internal static class SignalScores
{
    /// <summary>scores: (N). With <paramref name="checkEligible"/> false the caller must test eligibility itself (faster for top-k).</summary>
    public static void Fill(StrategyContext ctx, ScoreKind kind, double[] scores, bool checkEligible = true)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            var s = kind == ScoreKind.PUp ? ctx.PUp(i) : ctx.Score(i);
            scores[i] = float.IsFinite(s) && (!checkEligible || ctx.Eligible(i)) ? s : double.NaN;
        }
    }

    /// <summary>The score of code i regardless of eligibility (NaN when absent).</summary>
    public static double Raw(StrategyContext ctx, ScoreKind kind, int i)
    {
        var s = kind == ScoreKind.PUp ? ctx.PUp(i) : ctx.Score(i);
        return float.IsFinite(s) ? s : double.NaN;
    }
}
