using System.Globalization;
using System.Text.Json.Nodes;

namespace Kosmo.Features.Regimes;

/// <summary>
/// A fitted <see cref="RegimeModel"/> as JSON, so a later process (a daily prediction) rebuilds the regime columns
/// without refitting: the HMM (initial, transition, means, covariances of the standardised inputs), the input names, their
/// training means and stds, the training window, log-likelihood and row count. Doubles round-trip exactly.
/// </summary>
public static class RegimeModelJson
{
    /// <summary>The model as a JSON object.</summary>
    public static JsonObject ToJson(RegimeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var h = model.Hmm;
        return new JsonObject
        {
            ["inputs"] = Array(model.Inputs.Select(n => JsonValue.Create(n))),
            ["mean"] = Doubles(model.Mean),
            ["std"] = Doubles(model.Std),
            ["train_first"] = model.TrainWindow.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["train_last"] = model.TrainWindow.Last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["train_log_likelihood"] = model.TrainLogLikelihood,
            ["train_rows"] = model.TrainRows,
            ["initial"] = Doubles(h.Initial),
            ["transition"] = Array(h.Transition.Select(Doubles)),
            ["means"] = Array(h.Means.Select(Doubles)),
            ["covariances"] = Array(h.Covariances.Select(c => Array(c.Select(Doubles)))),
        };
    }

    /// <summary>The model from <see cref="ToJson"/>'s object.</summary>
    /// <exception cref="FormatException">A field is missing, an input is unknown, or the shapes disagree.</exception>
    public static RegimeModel FromJson(JsonNode node)
    {
        try
        {
            var o = node.AsObject();
            var hmm = new GaussianHmm(D(o["initial"]), [.. o["transition"]!.AsArray().Select(D)], [.. o["means"]!.AsArray().Select(D)],
                [.. o["covariances"]!.AsArray().Select(c => c!.AsArray().Select(D).ToArray())]);
            var inputs = o["inputs"]!.AsArray().Select(n => (string)n!).ToArray();
            var window = new Normalization.DateWindow(
                DateOnly.ParseExact((string)o["train_first"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateOnly.ParseExact((string)o["train_last"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            return RegimeModel.Restore(hmm, inputs, D(o["mean"]), D(o["std"]), window, (double)o["train_log_likelihood"]!, (int)o["train_rows"]!);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or ArgumentException or System.Text.Json.JsonException)
        {
            throw new FormatException($"not a saved regime model: {e.Message}", e);
        }
    }

    private static JsonArray Doubles(IEnumerable<double> values) => Array(values.Select(v => JsonValue.Create(v)));

    private static JsonArray Array(IEnumerable<JsonNode?> nodes) => new([.. nodes]);

    private static double[] D(JsonNode? n) => [.. n!.AsArray().Select(v => (double)v!)];
}
