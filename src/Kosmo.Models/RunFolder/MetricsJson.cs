using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kosmo.Core;
using Kosmo.Core.IO;
using Kosmo.Models.Evaluation;

namespace Kosmo.Models.RunFolder;

/// <summary>
/// Writes the <c>models</c> section of <c>RUN/metrics.json</c> (DESIGN.md contract). Each model entry starts with
/// the contract keys in contract order (accuracy, balanced_accuracy, macro_f1, macro_f1_ci, log_loss, brier, ic,
/// rank_ic, rank_ic_ci, icir, n_test) followed by extras (accuracy_ci, log_loss_ci, n_dates, n_ic_dates,
/// n_unlabelled, per_class, confusion, calibration, bootstrap, comparisons). Numbers are rounded to 10 significant
/// digits and written in shortest form; NaN becomes null; models are sorted by name; indentation is two spaces with
/// '\n' line ends, so the same evaluation gives the same bytes.
/// </summary>
public static class MetricsJson
{
    /// <summary>
    /// Merges the evaluations into <paramref name="path"/>: other top-level sections and keys of model entries that
    /// this writer does not own are kept; the file is replaced atomically (temp file + rename).
    /// </summary>
    /// <param name="path">RUN/metrics.json (created when absent).</param>
    /// <param name="evaluations">One evaluation per model.</param>
    /// <param name="comparisons">Paired comparisons, stored under <c>models.{Model}.comparisons.{Baseline}</c>.</param>
    /// <exception cref="DataValidationException">The existing file is not a JSON object.</exception>
    public static void WriteModels(string path, IEnumerable<ModelEvaluation> evaluations, IEnumerable<PairedComparison>? comparisons = null)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        MetricsJsonFile.Update(path, root => MergeModels(root, evaluations, comparisons));
    }

    private static void MergeModels(JsonObject root, IEnumerable<ModelEvaluation> evaluations, IEnumerable<PairedComparison>? comparisons)
    {
        var models = root["models"] as JsonObject ?? new JsonObject();
        var entries = models.ToDictionary(kv => kv.Key, kv => kv.Value?.DeepClone(), StringComparer.Ordinal);
        var compare = (comparisons ?? []).ToLookup(c => c.Model, StringComparer.Ordinal);
        foreach (var e in evaluations)
        {
            var fresh = ToJson(e, compare[e.Model]);
            if (entries.TryGetValue(e.Model, out var old) && old is JsonObject oldObject)
            {
                foreach (var (key, value) in oldObject)
                {
                    if (!fresh.ContainsKey(key))
                    {
                        fresh[key] = value?.DeepClone();
                    }
                }
            }

            entries[e.Model] = fresh;
        }

        var sorted = new JsonObject();
        foreach (var key in entries.Keys.Order(StringComparer.Ordinal))
        {
            sorted[key] = entries[key];
        }

        root["models"] = sorted;
    }

    /// <summary>
    /// Adds the signal-value keys (ls_decile_daily_mean, ls_decile_ann_sharpe, ls_decile_dates, ic_decay as
    /// {"1": …, "5": …}, signal_autocorr) to existing <c>models.NAME</c> entries of <paramref name="path"/>, after their
    /// other keys; every other key and value is kept byte for byte. Models without an entry are skipped.
    /// </summary>
    /// <param name="path">RUN/metrics.json.</param>
    /// <param name="values">Signal value per model name.</param>
    /// <exception cref="DataValidationException">The existing file is not a JSON object.</exception>
    public static void WriteSignalValues(string path, IReadOnlyDictionary<string, SignalValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (MetricsJsonFile.Read(path)["models"] is not JsonObject)
        {
            return;
        }

        MetricsJsonFile.Update(path, root => MergeSignalValues((JsonObject)root["models"]!, values));
    }

    private static void MergeSignalValues(JsonObject models, IReadOnlyDictionary<string, SignalValue> values)
    {
        foreach (var (name, v) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (models[name] is not JsonObject entry)
            {
                continue;
            }

            var decay = new JsonObject();
            foreach (var h in SignalValue.Horizons)
            {
                decay[h.ToString(CultureInfo.InvariantCulture)] = N(v.IcDecay[h]);
            }

            entry["ls_decile_daily_mean"] = N(v.LsDecileDailyMean);
            entry["ls_decile_ann_sharpe"] = N(v.LsDecileAnnSharpe);
            entry["ls_decile_dates"] = v.LsDecileDates;
            entry["ic_decay"] = decay;
            entry["signal_autocorr"] = N(v.SignalAutocorr);
        }
    }

    /// <summary>The JSON entry of one model (contract keys first).</summary>
    public static JsonObject ToJson(ModelEvaluation e, IEnumerable<PairedComparison>? comparisons = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var o = new JsonObject
        {
            ["accuracy"] = N(e.Accuracy),
            ["balanced_accuracy"] = N(e.BalancedAccuracy),
            ["macro_f1"] = N(e.MacroF1),
            ["macro_f1_ci"] = Pair(e.MacroF1Ci),
            ["log_loss"] = N(e.LogLoss),
            ["brier"] = N(e.Brier),
            ["ic"] = N(e.Ic),
            ["rank_ic"] = N(e.RankIc),
            ["rank_ic_ci"] = Pair(e.RankIcCi),
            ["icir"] = N(e.Icir),
            ["n_test"] = e.NTest,
            ["accuracy_ci"] = Pair(e.AccuracyCi),
            ["log_loss_ci"] = Pair(e.LogLossCi),
            ["n_dates"] = e.NDates,
            ["n_ic_dates"] = e.NIcDates,
            ["n_unlabelled"] = e.NUnlabelled,
        };
        var perClass = new JsonObject();
        var classes = e.Confusion.Classes;
        if (classes != ClassLabels.Count)
        {
            // Only K ≠ 3 runs carry these keys, so a three-class metrics.json is unchanged.
            o["classes"] = classes;
            o["score"] = "expected class value sum_k v_k p_k, v_k = (2k - (K-1)) / (K-1)";
        }

        for (var k = 0; k < classes; k++)
        {
            perClass[Kosmo.Core.ClassScore.Names(classes)[k]] = new JsonObject
            {
                ["precision"] = N(e.Confusion.Precision(k)),
                ["recall"] = N(e.Confusion.Recall(k)),
                ["f1"] = N(e.Confusion.F1(k)),
                ["support"] = e.Confusion.Support(k),
            };
        }

        o["per_class"] = perClass;
        o["confusion"] = new JsonArray([.. e.Confusion.ToArray().Select(row => (JsonNode)new JsonArray([.. row.Select(c => (JsonNode)c)]))]);
        o["calibration"] = new JsonObject
        {
            ["up"] = Curve(e.CalibrationUp),
            ["up_ece"] = N(CalibrationBin.ExpectedCalibrationError(e.CalibrationUp)),
            ["predicted_class"] = Curve(e.CalibrationPredicted),
            ["predicted_class_ece"] = N(CalibrationBin.ExpectedCalibrationError(e.CalibrationPredicted)),
        };
        o["bootstrap"] = new JsonObject
        {
            ["method"] = "circular block bootstrap over dates",
            ["block_length"] = e.Options.BlockLength,
            ["replicates"] = e.Options.Replicates,
            ["seed"] = e.Options.Seed,
            ["level"] = N(e.Options.Level),
        };
        var list = (comparisons ?? []).OrderBy(c => c.Baseline, StringComparer.Ordinal).ToList();
        if (list.Count > 0)
        {
            var cmp = new JsonObject();
            foreach (var c in list)
            {
                var entry = new JsonObject { ["n_common"] = c.NCommon, ["n_dates"] = c.NDates };
                foreach (var metric in Evaluator.ComparedMetrics)
                {
                    var d = c.Differences[metric];
                    entry[metric + "_diff"] = N(d.Difference);
                    entry[metric + "_diff_ci"] = Pair((d.Low, d.High));
                    entry[metric + "_p"] = N(d.PValue);
                }

                cmp[c.Baseline] = entry;
            }

            o["comparisons"] = cmp;
        }

        return o;
    }

    /// <summary>A number rounded to 10 significant digits, or null when not finite.</summary>
    public static JsonNode? N(double value) =>
        double.IsFinite(value) ? JsonValue.Create(double.Parse(value.ToString("G10", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)) : null;

    private static JsonArray Pair((double Low, double High) ci) => [N(ci.Low), N(ci.High)];

    private static JsonArray Curve(IEnumerable<CalibrationBin> bins) =>
        [.. bins.Select(b => (JsonNode)new JsonObject
        {
            ["low"] = N(b.Low),
            ["high"] = N(b.High),
            ["count"] = b.Count,
            ["mean_predicted"] = N(b.MeanPredicted),
            ["observed"] = N(b.Observed),
        })];
}
