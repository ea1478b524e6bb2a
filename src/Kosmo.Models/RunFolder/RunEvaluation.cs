using Kosmo.Core.IO;
using Kosmo.Models.Evaluation;

namespace Kosmo.Models.RunFolder;

/// <summary>
/// Evaluates a run folder: reads <c>RUN/predictions.csv</c> and <c>RUN/labels.csv</c>, evaluates every model, compares
/// the reference model (if any) with every other model on their common rows, and merges the result into the
/// <c>models</c> section of <c>RUN/metrics.json</c>.
/// </summary>
public static class RunEvaluation
{
    /// <summary>Runs the evaluation and writes metrics.json.</summary>
    /// <param name="runDir">The run folder.</param>
    /// <param name="reference">Model compared against all others; null picks the single model whose name starts with
    /// "tft" when there is exactly one, else no comparisons.</param>
    /// <param name="options">Bootstrap settings (defaults when null).</param>
    /// <returns>The evaluations (sorted by model) and comparisons (sorted by baseline).</returns>
    /// <exception cref="FileNotFoundException">predictions.csv or labels.csv is missing.</exception>
    /// <exception cref="Kosmo.Core.DataValidationException">A file is malformed, or a model has no labelled rows.</exception>
    /// <exception cref="ArgumentException"><paramref name="reference"/> is not a model in predictions.csv.</exception>
    public static (IReadOnlyList<ModelEvaluation> Evaluations, IReadOnlyList<PairedComparison> Comparisons) Run(
        string runDir, string? reference = null, EvaluationOptions? options = null)
    {
        var predictionsPath = RunLayout.Predictions(runDir);
        var predictions = PredictionsCsv.Read(predictionsPath);
        var labels = EvaluationSet.IndexLabels(LabelsCsv.Read(RunLayout.Labels(runDir), predictions.Count > 0 ? predictions[0].Classes : 3));
        var models = predictions.Select(p => p.Model).Distinct().Order(StringComparer.Ordinal).ToList();
        if (models.Count == 0)
        {
            throw new Kosmo.Core.DataValidationException(predictionsPath, 0, "", "holds no predictions.");
        }

        var sets = new Dictionary<string, EvaluationSet>(StringComparer.Ordinal);
        foreach (var m in models)
        {
            sets[m] = EvaluationSet.Join(m, predictions, labels);
            if (sets[m].Count == 0)
            {
                throw new Kosmo.Core.DataValidationException(predictionsPath, 0, "model",
                    $"model '{m}' has no prediction with a label in {RunLayout.LabelsFile} (dates or codes do not match).");
            }
        }

        if (reference is not null && !sets.ContainsKey(reference))
        {
            throw new ArgumentException($"Reference model '{reference}' is not in {predictionsPath} (models: {string.Join(", ", models)}).", nameof(reference));
        }

        var tft = models.Where(m => m.StartsWith("tft", StringComparison.OrdinalIgnoreCase)).ToList();
        reference ??= tft.Count == 1 ? tft[0] : null;
        var evaluations = models.Select(m => Evaluator.Evaluate(sets[m], options)).ToList();
        var comparisons = reference is null
            ? []
            : models.Where(m => m != reference).Select(m => Evaluator.Compare(sets[reference], sets[m], options)).ToList();
        MetricsJson.WriteModels(RunLayout.Metrics(runDir), evaluations, comparisons);
        return (evaluations, comparisons);
    }
}
