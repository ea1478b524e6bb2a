namespace Kosmo.Models.Evaluation;

/// <summary>
/// Sufficient statistics of one test date: its confusion matrix, summed log loss, row count and the day's IC and
/// rank IC. A bootstrap replicate of any headline metric is a sum (or mean) of these over resampled dates.
/// </summary>
/// <param name="Confusion">Confusion matrix of the date's rows.</param>
/// <param name="LogLossSum">Σ −log max(p_y, 1e-15) over the date's rows.</param>
/// <param name="Count">Rows on the date.</param>
/// <param name="Ic">Pearson correlation of the score (P(up) − P(down); the expected class value for K classes, <see cref="EvaluationSet.Score"/>) with the forward return; NaN when undefined.</param>
/// <param name="RankIc">Spearman correlation (average ranks for ties); NaN when undefined.</param>
public sealed record DateStatistics(ConfusionMatrix Confusion, double LogLossSum, int Count, double Ic, double RankIc)
{
    /// <summary>Smallest probability inside a logarithm.</summary>
    public const double Epsilon = 1e-15;

    /// <summary>Statistics of every date of <paramref name="set"/>, in date order (length D).</summary>
    public static DateStatistics[] Compute(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var result = new DateStatistics[set.Dates.Length];
        for (var d = 0; d < result.Length; d++)
        {
            int from = set.DateStarts[d], to = set.DateStarts[d + 1];
            var confusion = new ConfusionMatrix(set.Classes);
            double logLoss = 0;
            var score = new double[to - from];
            var ret = new double[to - from];
            for (var i = from; i < to; i++)
            {
                confusion.Add(set.Labels[i], set.Predicted(i));
                logLoss -= Math.Log(Math.Max(set.Normalised(i, set.Labels[i]), Epsilon));
                score[i - from] = set.Score(i);
                ret[i - from] = set.FwdReturns[i];
            }

            result[d] = new DateStatistics(confusion, logLoss, to - from,
                Correlation.Pearson(score, ret), Correlation.Spearman(score, ret));
        }

        return result;
    }

    /// <summary>Headline metrics of the dates listed in <paramref name="dateIndices"/> (repeats count again).</summary>
    public static (double MacroF1, double Accuracy, double LogLoss, double RankIc) Aggregate(
        IReadOnlyList<DateStatistics> days, IEnumerable<int> dateIndices)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(dateIndices);
        var confusion = new ConfusionMatrix(days.Count > 0 ? days[0].Confusion.Classes : ClassLabels.Count);
        double logLoss = 0, rankIc = 0;
        long n = 0;
        var icDays = 0;
        foreach (var d in dateIndices)
        {
            var s = days[d];
            confusion.Add(s.Confusion);
            logLoss += s.LogLossSum;
            n += s.Count;
            if (!double.IsNaN(s.RankIc))
            {
                rankIc += s.RankIc;
                icDays++;
            }
        }

        return (confusion.MacroF1(), confusion.Accuracy(), n > 0 ? logLoss / n : double.NaN,
            icDays > 0 ? rankIc / icDays : double.NaN);
    }
}
