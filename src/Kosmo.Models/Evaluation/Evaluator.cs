using Kosmo.Core.IO;

namespace Kosmo.Models.Evaluation;

/// <summary>
/// Computes <see cref="ModelEvaluation"/> and <see cref="PairedComparison"/> from joined test predictions.
/// Single-threaded and deterministic: the same inputs and options give the same numbers bit for bit.
/// </summary>
public static class Evaluator
{
    /// <summary>The metrics with bootstrap intervals in <see cref="PairedComparison.Differences"/>.</summary>
    public static IReadOnlyList<string> ComparedMetrics { get; } = ["macro_f1", "log_loss", "rank_ic"];

    /// <summary>Evaluates one model.</summary>
    /// <exception cref="ArgumentException">The set has no rows.</exception>
    public static ModelEvaluation Evaluate(EvaluationSet set, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        options ??= EvaluationOptions.Default;
        if (set.Count == 0)
        {
            throw new ArgumentException($"Model '{set.Model}' has no labelled test rows.", nameof(set));
        }

        var days = DateStatistics.Compute(set);
        var confusion = new ConfusionMatrix(set.Classes);
        foreach (var d in days)
        {
            confusion.Add(d.Confusion);
        }

        double brier = 0, logLoss = 0;
        // The calibration curve of the bullish class: up for three classes, the top class (e.g. up++) for K.
        var top = set.Classes == ClassLabels.Count ? ClassLabels.Up : set.Classes - 1;
        var pUp = new double[set.Count];
        var isUp = new bool[set.Count];
        var pPred = new double[set.Count];
        var right = new bool[set.Count];
        for (var i = 0; i < set.Count; i++)
        {
            for (var k = 0; k < set.Classes; k++)
            {
                var e = set.Normalised(i, k) - (set.Labels[i] == k ? 1.0 : 0.0);
                brier += e * e;
            }

            logLoss -= Math.Log(Math.Max(set.Normalised(i, set.Labels[i]), DateStatistics.Epsilon));
            var predicted = set.Predicted(i);
            pUp[i] = set.Normalised(i, top);
            isUp[i] = set.Labels[i] == top;
            pPred[i] = set.Normalised(i, predicted);
            right[i] = predicted == set.Labels[i];
        }

        var ics = days.Select(d => d.Ic).Where(v => !double.IsNaN(v)).ToArray();
        var rankIcs = days.Select(d => d.RankIc).Where(v => !double.IsNaN(v)).ToArray();
        var boots = BlockBootstrap.Resamples(days.Length, options.BlockLength, options.Replicates, options.Seed)
            .Select(idx => DateStatistics.Aggregate(days, idx)).ToArray();
        return new ModelEvaluation
        {
            Model = set.Model,
            NTest = set.Count,
            NUnlabelled = set.Unlabelled,
            NDates = days.Length,
            NIcDates = ics.Length,
            Confusion = confusion,
            Accuracy = confusion.Accuracy(),
            BalancedAccuracy = confusion.BalancedAccuracy(),
            MacroF1 = confusion.MacroF1(),
            LogLoss = logLoss / set.Count,
            Brier = brier / set.Count,
            Ic = Mean(ics),
            RankIc = Mean(rankIcs),
            Icir = Mean(ics) / SampleStd(ics),
            MacroF1Ci = BlockBootstrap.PercentileInterval(boots.Select(b => b.MacroF1), options.Level),
            AccuracyCi = BlockBootstrap.PercentileInterval(boots.Select(b => b.Accuracy), options.Level),
            LogLossCi = BlockBootstrap.PercentileInterval(boots.Select(b => b.LogLoss), options.Level),
            RankIcCi = BlockBootstrap.PercentileInterval(boots.Select(b => b.RankIc), options.Level),
            DailyIc = [.. days.Select(d => d.Ic)],
            DailyRankIc = [.. days.Select(d => d.RankIc)],
            Dates = set.Dates,
            CalibrationUp = CalibrationBin.Curve(pUp, isUp, options.CalibrationBins),
            CalibrationPredicted = CalibrationBin.Curve(pPred, right, options.CalibrationBins),
            Options = options,
        };
    }

    /// <summary>
    /// Compares model A with model B on their common labelled (date, code) rows. Both sets must come from the same
    /// labels; rows present in only one of them are dropped.
    /// </summary>
    /// <exception cref="ArgumentException">No common rows.</exception>
    public static PairedComparison Compare(EvaluationSet a, EvaluationSet b, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        options ??= EvaluationOptions.Default;
        var (ca, cb) = Common(a, b);
        if (ca.Count == 0)
        {
            throw new ArgumentException($"Models '{a.Model}' and '{b.Model}' share no labelled rows.", nameof(b));
        }

        var da = DateStatistics.Compute(ca);
        var db = DateStatistics.Compute(cb);
        var all = Enumerable.Range(0, da.Length).ToArray();
        var full = Diff(DateStatistics.Aggregate(da, all), DateStatistics.Aggregate(db, all));
        var boots = BlockBootstrap.Resamples(da.Length, options.BlockLength, options.Replicates, options.Seed)
            .Select(idx => Diff(DateStatistics.Aggregate(da, idx), DateStatistics.Aggregate(db, idx))).ToArray();
        var differences = new Dictionary<string, MetricDifference>(StringComparer.Ordinal);
        for (var m = 0; m < ComparedMetrics.Count; m++)
        {
            var values = boots.Select(x => x[m]).Where(double.IsFinite).ToArray();
            var (low, high) = BlockBootstrap.PercentileInterval(values, options.Level);
            var below = values.Count(v => v <= 0);
            var above = values.Count(v => v >= 0);
            var p = values.Length == 0 ? double.NaN : Math.Min(1.0, 2.0 * (1 + Math.Min(below, above)) / (values.Length + 1));
            differences[ComparedMetrics[m]] = new MetricDifference(full[m], low, high, p);
        }

        return new PairedComparison
        {
            Model = a.Model,
            Baseline = b.Model,
            NCommon = ca.Count,
            NDates = da.Length,
            Differences = differences,
        };
    }

    private static double[] Diff((double MacroF1, double Accuracy, double LogLoss, double RankIc) x,
        (double MacroF1, double Accuracy, double LogLoss, double RankIc) y) =>
        [x.MacroF1 - y.MacroF1, x.LogLoss - y.LogLoss, x.RankIc - y.RankIc];

    private static (EvaluationSet A, EvaluationSet B) Common(EvaluationSet a, EvaluationSet b)
    {
        var keysA = new HashSet<(DateOnly, string)>(Enumerable.Range(0, a.Count).Select(i => (a.RowDates[i], a.Codes[i])));
        var keysB = new HashSet<(DateOnly, string)>(Enumerable.Range(0, b.Count).Select(i => (b.RowDates[i], b.Codes[i])));
        keysA.IntersectWith(keysB);
        return (Restrict(a, keysA), Restrict(b, keysA));
    }

    private static EvaluationSet Restrict(EvaluationSet s, HashSet<(DateOnly, string)> keys)
    {
        var predictions = new List<PredictionRecord>();
        var labels = new Dictionary<(DateOnly, string), RunFolder.LabelRecord>();
        for (var i = 0; i < s.Count; i++)
        {
            if (keys.Contains((s.RowDates[i], s.Codes[i])))
            {
                predictions.Add(s.Classes == ClassLabels.Count
                    ? new PredictionRecord(s.RowDates[i], s.Codes[i], s.Model,
                        (float)s.Probabilities[3 * i], (float)s.Probabilities[(3 * i) + 1], (float)s.Probabilities[(3 * i) + 2])
                    : PredictionRecord.FromClasses(s.RowDates[i], s.Codes[i], s.Model,
                        [.. s.Probabilities.AsSpan(s.Classes * i, s.Classes).ToArray().Select(v => (float)v)]));
                labels[(s.RowDates[i], s.Codes[i])] = new RunFolder.LabelRecord(s.RowDates[i], s.Codes[i], s.Labels[i], s.FwdReturns[i]);
            }
        }

        return EvaluationSet.Join(s.Model, predictions, labels);
    }

    private static double Mean(double[] v) => v.Length > 0 ? v.Average() : double.NaN;

    private static double SampleStd(double[] v)
    {
        if (v.Length < 2)
        {
            return double.NaN;
        }

        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }
}
