using System.Globalization;
using Kosmo.Core.IO;
using Kosmo.Features.Labels;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Baselines;
using Kosmo.Models.RunFolder;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment;

/// <summary>
/// Meta-labeling (López de Prado, AFML ch. 3.6 and 10) on top of a run's test predictions. The primary model
/// (<c>labels.meta_primary</c>: a momentum rule or any model of the run) proposes a side per stock-day from its
/// out-of-sample score P(up) − P(down) (the expected class value with K classes): +1 above 0, −1 below, none at 0.
/// Triple-barrier meta-labels (<see cref="TripleBarrierLabeler.ComputeMeta"/>, the run's horizon, profit_take and
/// stop_loss) say whether that side's trade ended with a positive side-adjusted return (1 = act) or not (0).
/// A secondary binary logistic regression (the cube's last-day features plus the primary score) learns P(act).
/// For test fold k it is fitted only on rows of EARLIER folds' test periods — where the primary's side is itself
/// out of sample — whose meta-label ended before fold k's first test date; fold 0 therefore gets no meta decision.
/// The decision is act ⇔ P(act) ≥ 0.5; the bet size is m = max(0, 2Φ(z) − 1), z = (p − 0.5) / √(p(1 − p)) (AFML 10.1),
/// and the sized signal side × m is backtested as model PRIMARY_meta beside PRIMARY_meta_base (the primary's own
/// predictions on the same stock-days).
/// </summary>
internal static class MetaLabeling
{
    /// <summary>The probability at which the secondary model acts.</summary>
    public const double Threshold = 0.5;

    /// <summary>Fewest labelled training rows (with both outcomes) for a fold's secondary model.</summary>
    public const int MinTrainRows = 50;

    /// <summary>The secondary model's extra feature column: the primary's score.</summary>
    public const string ScoreColumn = "primary_score";

    /// <summary>Side, score and meta-label of every stock-day the primary predicted, and the secondary's per-fold results.</summary>
    public sealed record Outcome(string Primary, sbyte[] Side, float[] Score, LabelSet MetaLabels, IReadOnlyList<MetaRow> Rows, IReadOnlyList<(int Fold, int Train)> Fits);

    /// <summary>One meta decision: a test stock-day with a primary side, P(act), the meta-label (−1 unknown) and the bet size.</summary>
    public readonly record struct MetaRow(int Fold, int Sample, DateOnly Date, string Code, int Side, float Score, double PAct, int MetaLabel, double Size);

    /// <summary>Sides, meta-labels, secondary fits and decisions (see the type summary).</summary>
    /// <exception cref="InvalidOperationException">The primary model has no predictions in the run.</exception>
    public static Outcome Run(Prepared prepared, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> byModel, IReadOnlyList<FoldData> folds, string primary, Action<string> status)
    {
        if (!byModel.TryGetValue(primary, out var predictions) || predictions.Count == 0)
        {
            throw new InvalidOperationException($"labels.meta_primary: model '{primary}' has no test predictions in this run");
        }

        var (side, score) = Sides(prepared, predictions);
        var l = prepared.Config.Labels;
        var meta = new TripleBarrierLabeler(new TripleBarrierOptions(l.Horizon, l.ProfitTake, l.StopLoss)).ComputeMeta(prepared.Panel, side);
        var rows = new List<MetaRow>();
        var fits = new List<(int, int)>();
        for (var f = 0; f < folds.Count; f++)
        {
            var train = TrainingSamples(prepared, folds, f, side, meta);
            var labels = train.Select(j => meta.Label[Cell(prepared, j)]).ToArray();
            if (train.Length < MinTrainRows || labels.Distinct().Count() < 2)
            {
                status($"meta: fold {folds[f].Name}: {train.Length} out-of-sample primary rows with a meta-label before the test period; no secondary model");
                continue;
            }

            var model = new LogisticRegressionClassifier("meta_secondary", classes: 2);
            model.Fit(Set(prepared, train, score, meta));
            var test = folds[f].Test.Where(j => side[Cell(prepared, j)] != 0).ToArray();
            var p = model.PredictProba(Set(prepared, test, score, meta));
            for (var r = 0; r < test.Length; r++)
            {
                var k = Cell(prepared, test[r]);
                var (t, i) = (prepared.Samples.Start[test[r]], prepared.Samples.Code[test[r]]);
                rows.Add(new MetaRow(f, test[r], prepared.Panel.Dates[t], prepared.Panel.Codes[i], side[k], score[k], p[(2 * r) + 1], meta.Label[k], BetSize(p[(2 * r) + 1])));
            }

            fits.Add((f, train.Length));
            status($"meta: fold {folds[f].Name}: secondary fitted on {train.Length:N0} earlier out-of-sample rows, {test.Length:N0} decisions");
        }

        return new Outcome(primary, side, score, meta, rows, fits);
    }

    /// <summary>
    /// The secondary model's training samples for fold <paramref name="fold"/>: test samples of earlier folds with a
    /// primary side and a meta-label whose end T1 lies before the fold's first test date (purged).
    /// </summary>
    public static int[] TrainingSamples(Prepared prepared, IReadOnlyList<FoldData> folds, int fold, sbyte[] side, LabelSet meta)
    {
        var testStart = folds[fold].Test.Min(j => prepared.Samples.Start[j]);
        return [.. folds.Take(fold).SelectMany(g => g.Test).Distinct().Order().Where(j =>
        {
            var k = Cell(prepared, j);
            return side[k] != 0 && meta.Label[k] >= 0 && meta.T1[k] < testStart;
        })];
    }

    /// <summary>AFML 10.1 for two outcomes: m = 2Φ(z) − 1 with z = (p − 0.5) / √(p(1 − p)), floored at 0 (no bet below 0.5).</summary>
    public static double BetSize(double p)
    {
        if (p <= Threshold)
        {
            return 0;
        }

        if (p >= 1)
        {
            return 1;
        }

        var z = (p - 0.5) / Math.Sqrt(p * (1 - p));
        return Math.Max(0, (2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, z)) - 1);
    }

    /// <summary>The sized signal (PRIMARY_meta: score side × size) and the primary's own rows on the same stock-days (PRIMARY_meta_base).</summary>
    public static (List<PredictionRecord> Sized, List<PredictionRecord> Base) Signals(Outcome outcome, IReadOnlyList<PredictionRecord> primaryRows)
    {
        var keys = outcome.Rows.Select(r => (r.Date, r.Code)).ToHashSet();
        var sizedName = outcome.Primary + "_meta";
        var sized = outcome.Rows.OrderBy(r => r.Date).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r =>
        {
            var s = (float)(r.Side * r.Size);
            return new PredictionRecord(r.Date, r.Code, sizedName, Math.Max(-s, 0f), 1f - Math.Abs(s), Math.Max(s, 0f));
        }).ToList();
        var baseRows = primaryRows.Where(r => keys.Contains((r.Date, r.Code))).Select(r => r with { Model = outcome.Primary + "_meta_base" }).ToList();
        return (sized, baseRows);
    }

    /// <summary>Writes RUN/meta_predictions.csv: date,code,fold,side,primary_score,p_act,meta_label,size.</summary>
    public static void Write(string path, Outcome outcome)
    {
        AtomicFile.Write(path, w =>
        {
            w.WriteLine("date,code,fold,side,primary_score,p_act,meta_label,size");
            foreach (var r in outcome.Rows.OrderBy(r => r.Date).ThenBy(r => r.Code, StringComparer.Ordinal))
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Date:yyyy-MM-dd},{r.Code},{r.Fold},{r.Side},{r.Score:R},{r.PAct:R},{r.MetaLabel},{r.Size:R}"));
            }
        });
    }

    /// <summary>
    /// The metrics.json <c>meta</c> section: precision / recall / F1 of the act decision against the meta-labels
    /// (rows with a meta-label), the primary's precision when it always acts (the share of its sides that paid), counts,
    /// and the method. The strategy effect is added after the backtest (<see cref="AddBacktests"/>).
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject Metrics(Outcome o, Config.LabelsConfig l, int folds)
    {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var r in o.Rows.Where(r => r.MetaLabel >= 0))
        {
            var act = r.PAct >= Threshold;
            (tp, fp, fn, tn) = (act, r.MetaLabel == 1) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (true, false) => (tp, fp + 1, fn, tn),
                (false, true) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
        }

        var labelled = tp + fp + fn + tn;
        double? precision = tp + fp > 0 ? (double)tp / (tp + fp) : null;
        double? recall = tp + fn > 0 ? (double)tp / (tp + fn) : null;
        double? f1 = 2 * tp + fp + fn > 0 ? 2.0 * tp / ((2 * tp) + fp + fn) : null;
        double? basePrecision = labelled > 0 ? (double)(tp + fn) / labelled : null;
        return new System.Text.Json.Nodes.JsonObject
        {
            ["primary"] = o.Primary,
            ["secondary"] = "logistic (binary, L2; last-day features + primary_score)",
            ["meta_labels"] = string.Create(CultureInfo.InvariantCulture, $"triple_barrier on the primary's side (horizon {l.Horizon}, profit_take {l.ProfitTake}, stop_loss {l.StopLoss})"),
            ["threshold"] = Threshold,
            ["sizing"] = "m = max(0, 2*Phi(z) - 1), z = (p - 0.5) / sqrt(p (1 - p)); signal = side * m",
            ["folds"] = folds,
            ["folds_with_secondary"] = new System.Text.Json.Nodes.JsonArray([.. o.Fits.Select(f => (System.Text.Json.Nodes.JsonNode)f.Fold)]),
            ["n_train"] = new System.Text.Json.Nodes.JsonArray([.. o.Fits.Select(f => (System.Text.Json.Nodes.JsonNode)f.Train)]),
            ["n_decisions"] = o.Rows.Count,
            ["n_labelled"] = labelled,
            ["n_act"] = o.Rows.Count(r => r.PAct >= Threshold),
            ["precision"] = precision,
            ["recall"] = recall,
            ["f1"] = f1,
            ["accuracy"] = labelled > 0 ? (double)(tp + tn) / labelled : null,
            ["primary_precision"] = basePrecision,
            ["confusion"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonArray(tn, fp), new System.Text.Json.Nodes.JsonArray(fn, tp)),
            ["sized_model"] = o.Primary + "_meta",
            ["base_model"] = o.Primary + "_meta_base",
        };
    }

    /// <summary>Copies the sized and base models' backtests (metrics.json <c>backtests</c>) into <c>meta.backtests</c> for a side-by-side view.</summary>
    public static void AddBacktests(string metricsPath, string primary)
    {
        var root = MetricsJsonFile.Read(metricsPath);
        if (root["meta"] is not System.Text.Json.Nodes.JsonObject meta || root["backtests"] is not System.Text.Json.Nodes.JsonObject backtests)
        {
            return;
        }

        var pairs = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, value) in backtests)
        {
            if (name.StartsWith(primary + "_meta", StringComparison.Ordinal) && value is System.Text.Json.Nodes.JsonObject b)
            {
                pairs[name] = new System.Text.Json.Nodes.JsonObject { ["sharpe"] = b["sharpe"]?.DeepClone(), ["total_return"] = b["total_return"]?.DeepClone(), ["max_drawdown"] = b["max_drawdown"]?.DeepClone(), ["turnover"] = b["turnover"]?.DeepClone() };
            }
        }

        MetricsJsonFile.MergeSection(metricsPath, "meta", new System.Text.Json.Nodes.JsonObject(meta.Select(p => new KeyValuePair<string, System.Text.Json.Nodes.JsonNode?>(p.Key, p.Value?.DeepClone()))) { ["backtests"] = pairs });
    }

    internal static (sbyte[] Side, float[] Score) Sides(Prepared prepared, IReadOnlyList<PredictionRecord> rows)
    {
        var panel = prepared.Panel;
        var T = panel.DateCount;
        var side = new sbyte[T * panel.CodeCount];
        var score = new float[side.Length];
        Array.Fill(score, float.NaN);
        foreach (var r in rows)
        {
            var (t, i) = (panel.IndexOfDate(r.Date), panel.IndexOfCode(r.Code));
            if (t < 0 || i < 0)
            {
                continue;
            }

            var s = r.PUp - r.PDown;
            score[(i * T) + t] = s;
            side[(i * T) + t] = (sbyte)Math.Sign(s);
        }

        return (side, score);
    }

    private static TabularSet Set(Prepared prepared, int[] samples, float[] score, LabelSet meta)
    {
        var rows = TabularRunner.Rows(prepared, samples);
        var K = rows.FeatureCount;
        var x = new float[samples.Length * (K + 1)];
        var y = new int[samples.Length];
        for (var r = 0; r < samples.Length; r++)
        {
            rows.Features.AsSpan(r * K, K).CopyTo(x.AsSpan(r * (K + 1), K));
            var k = Cell(prepared, samples[r]);
            x[(r * (K + 1)) + K] = score[k];
            y[r] = Math.Max(-1, (int)meta.Label[k]);
        }

        return new TabularSet([.. rows.FeatureNames, ScoreColumn], x, y, Enumerable.Repeat(1f, samples.Length).ToArray(), rows.Dates, rows.Codes);
    }

    private static int Cell(Prepared prepared, int sample) => (prepared.Samples.Code[sample] * prepared.Panel.DateCount) + prepared.Samples.Start[sample];
}
