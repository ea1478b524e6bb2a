using Kosmo.Core.IO;
using Kosmo.Models.Ensemble;
using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// Builds the ensemble models ensemble_equal, ensemble_invloss, ensemble_entropy and ensemble_best from the members'
/// out-of-sample test predictions, causally, fold by fold: for fold k an <see cref="EnsembleCombiner"/> (temperature
/// scaling per member, then log-loss or entropy weights) is fitted on the members' test predictions of earlier folds
/// that lie within <see cref="LookbackDays"/> trading days before fold k's first test date and whose label is already
/// known then (label end T1 before that date, so no label that a trader could not have seen informs the weights), and
/// combines fold k's test rows. The first fold (no earlier labelled out-of-sample rows) pools its members equally for
/// every method. Members: the main model and the transformer, cnn_lstm and unet baselines that the run has.
/// </summary>
internal static class EnsembleStep
{
    /// <summary>Baselines that join the main model as ensemble members when they are configured.</summary>
    public static readonly IReadOnlyList<string> MemberBaselines = ["transformer", "cnn_lstm", "unet"];

    /// <summary>The four pooling rules, one output model each.</summary>
    public static readonly IReadOnlyList<EnsembleMethod> Methods = [EnsembleMethod.Equal, EnsembleMethod.InverseLogLoss, EnsembleMethod.Entropy, EnsembleMethod.BestSingle];

    /// <summary>How far back (trading days) the weights look: the most recent year of labelled out-of-sample rows.</summary>
    public const int LookbackDays = 252;

    /// <summary>The ensemble models' rows by name, in <see cref="Methods"/> order (none with fewer than two members).</summary>
    /// <param name="prepared">The run's prepared record.</param>
    /// <param name="predictions">The members' test predictions (the train stage's, every fold's in).</param>
    /// <param name="folds">The walk-forward folds (their test samples date the rows).</param>
    /// <param name="mainModel">The main model's name in the predictions.</param>
    /// <param name="status">Progress lines.</param>
    public static IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Run(Prepared prepared, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> predictions, IReadOnlyList<FoldData> folds, string mainModel, Action<string> status)
    {
        var members = new[] { mainModel }.Concat(MemberBaselines).Distinct(StringComparer.Ordinal)
            .Where(m => predictions.TryGetValue(m, out var rows) && rows.Count > 0).ToArray();
        if (members.Length < 2)
        {
            status($"ensemble: skipped, {members.Length} member(s) among {mainModel}, {string.Join(", ", MemberBaselines)}");
            return ModelPredictions.Empty;
        }

        var panel = prepared.Panel;
        var T = panel.DateCount;
        var dateIndex = panel.Dates.Select((d, t) => (d, t)).ToDictionary(x => x.d, x => x.t);
        var codeIndex = panel.Codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var ordered = folds.Where(f => f.Test.Length > 0).OrderBy(f => prepared.Samples.Start[f.Test.Min()]).ToList();
        var foldOfDate = new Dictionary<int, int>();
        for (var k = 0; k < ordered.Count; k++)
        {
            foreach (var j in ordered[k].Test)
            {
                foldOfDate.TryAdd(prepared.Samples.Start[j], k);
            }
        }

        var byFold = ordered.Select(_ => new List<PredictionRecord>()).ToList();
        foreach (var m in members)
        {
            foreach (var r in predictions[m])
            {
                if (foldOfDate.TryGetValue(dateIndex[r.Date], out var k))
                {
                    byFold[k].Add(r);
                }
            }
        }

        var output = Methods.ToDictionary(m => m, _ => new List<PredictionRecord>());
        for (var k = 0; k < ordered.Count; k++)
        {
            var first = prepared.Samples.Start[ordered[k].Test.Min()];
            var history = byFold.Take(k).SelectMany(rows => rows).Where(r =>
            {
                var t = dateIndex[r.Date];
                return t >= first - LookbackDays && prepared.Labels.T1[codeIndex[r.Code] * T + t] < first;
            }).ToList();
            var labels = history.Select(r => (r.Date, r.Code)).Distinct().Select(key =>
            {
                var cell = codeIndex[key.Code] * T + dateIndex[key.Date];
                return new LabelRecord(key.Date, key.Code, prepared.Labels.Label[cell], prepared.Labels.Return[cell]);
            }).Where(l => l.Label is >= 0 and <= 2).ToList();
            var combiner = Fit(history, labels);
            status(combiner is null
                ? $"ensemble fold {ordered[k].Name}: equal weights (no earlier labelled out-of-sample rows)"
                : $"ensemble fold {ordered[k].Name}: weights from {combiner.ValidationRows:N0} earlier out-of-sample rows, best {combiner.BestMember}");
            foreach (var method in Methods)
            {
                var name = EnsembleCombiner.DefaultName(method);
                var test = combiner is null ? byFold[k] : byFold[k].Where(r => combiner.Members.Contains(r.Model)).ToList();
                output[method].AddRange(combiner is null ? EqualPool(test, name) : combiner.Combine(test, method, name));
            }
        }

        return ModelPredictions.Of(output.Select(p => KeyValuePair.Create(EnsembleCombiner.DefaultName(p.Key), p.Value)));
    }

    private static EnsembleCombiner? Fit(List<PredictionRecord> history, List<LabelRecord> labels)
    {
        if (history.Count == 0 || labels.Count == 0)
        {
            return null;
        }

        try
        {
            return EnsembleCombiner.Fit(history, labels);
        }
        catch (ArgumentException)
        {
            return null; // no (date, code) predicted by every member: fall back to equal weights
        }
    }

    /// <summary>Equal-weight linear pool of the members present on each (date, code), sorted by (date, code).</summary>
    private static List<PredictionRecord> EqualPool(IEnumerable<PredictionRecord> rows, string name) =>
        rows.GroupBy(r => (r.Date, r.Code)).OrderBy(g => g.Key).Select(g =>
        {
            double d = 0, f = 0, u = 0;
            var n = 0;
            foreach (var r in g)
            {
                var s = (double)r.PDown + r.PFlat + r.PUp;
                d += r.PDown / s;
                f += r.PFlat / s;
                u += r.PUp / s;
                n++;
            }

            return new PredictionRecord(g.Key.Date, g.Key.Code, name, (float)(d / n), (float)(f / n), (float)(u / n));
        }).ToList();
}
