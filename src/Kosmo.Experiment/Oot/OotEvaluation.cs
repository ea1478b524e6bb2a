using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment.Oot;

/// <summary>
/// Evaluates the out-of-time predictions with the walk-forward evaluation code (<see cref="Evaluator"/>: accuracy,
/// macro F1, log loss, IC, rank IC, block-bootstrap CIs; paired comparisons) and writes RUN/oot/predictions.csv,
/// RUN/oot/labels.csv and the <c>oot</c> section of RUN/metrics.json:
/// <c>{"data": {...}, "reference": MAIN, "models": {NAME: {the models.NAME keys of DESIGN.md, ..., comparisons}}}</c>.
/// The main model (zero-shot) is compared with every other model (differences main − other); each fine-tuned
/// variant is also compared with its zero-shot model (under <c>models.MODEL+ft.comparisons.MODEL</c>, differences
/// fine-tuned − zero-shot).
/// </summary>
internal static class OotEvaluation
{
    /// <summary>Writes the files and the metrics section. Returns the evaluations (sorted by model).</summary>
    public static IReadOnlyList<ModelEvaluation> Write(string outDir, IReadOnlyList<PredictionRecord> rows, OotData data, string reference, JsonObject facts, Action<string> status)
    {
        var prepared = data.Prepared;
        var T = prepared.Panel.DateCount;
        var labels = data.Test.Select(j =>
        {
            var t = prepared.Samples.Start[j];
            var i = prepared.Samples.Code[j];
            return new LabelRecord(prepared.Panel.Dates[t], prepared.Panel.Codes[i], prepared.Labels.Label[i * T + t], prepared.Labels.Return[i * T + t]);
        }).Where(l => double.IsFinite(l.FwdReturn) && l.Label >= 0 && l.Label < prepared.Labels.ClassCount).ToList();
        var dir = RunLayout.Oot(outDir);
        Directory.CreateDirectory(dir);
        PredictionsCsv.Write(RunLayout.Predictions(dir), rows);
        LabelsCsv.Write(RunLayout.Labels(dir), labels, prepared.Labels.ClassCount);

        var index = EvaluationSet.IndexLabels(labels);
        var names = rows.Select(r => r.Model).Distinct().Order(StringComparer.Ordinal).ToList();
        var sets = names.ToDictionary(n => n, n => EvaluationSet.Join(n, rows, index), StringComparer.Ordinal);
        var evaluations = names.Where(n => sets[n].Count > 0).Select(n => Evaluator.Evaluate(sets[n])).ToList();
        var comparisons = new List<PairedComparison>();
        if (sets.TryGetValue(reference, out var main) && main.Count > 0)
        {
            comparisons.AddRange(evaluations.Where(e => e.Model != reference).Select(e => Evaluator.Compare(main, sets[e.Model])));
        }

        foreach (var e in evaluations.Where(e => e.Model.EndsWith("+ft", StringComparison.Ordinal)))
        {
            var plain = e.Model[..^3];
            if (sets.TryGetValue(plain, out var zeroShot) && zeroShot.Count > 0)
            {
                comparisons.Add(Evaluator.Compare(sets[e.Model], zeroShot));
            }
        }

        var models = new JsonObject();
        foreach (var e in evaluations)
        {
            models[e.Model] = MetricsJson.ToJson(e, comparisons.Where(c => c.Model == e.Model));
        }

        MetricsJsonFile.MergeSection(RunLayout.Metrics(outDir), "oot", new JsonObject
        {
            ["data"] = facts,
            ["reference"] = reference,
            ["models"] = models,
        });
        status($"out-of-time: {evaluations.Count} models evaluated on {labels.Count:N0} labelled test samples");
        return evaluations;
    }
}
