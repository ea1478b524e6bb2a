using System.Globalization;
using System.Text.Json;
using Kosmo.Reports.Charts;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>
/// The probability of backtest overfitting (the <c>pbo</c> section of metrics.json): PBO, the probability that the
/// in-sample best strategy loses out of sample, the performance-degradation slope, and the histogram of the logits
/// λ = ln(ω̄ / (1 − ω̄)) over the CSCV combinations. A card with the reason when it was skipped; empty without the section.
/// </summary>
internal static class OverfittingSection
{
    /// <summary>The card's HTML (placed inside the trading section), or an empty string.</summary>
    public static string Render(RunData run)
    {
        if (MetricsSection.Read(run, "pbo") is not { } pbo)
        {
            return string.Empty;
        }

        if (pbo.TryGetProperty("skipped", out var skipped))
        {
            return Blocks.Card("Probability of backtest overfitting", Blocks.Note("Not computed: " + skipped.ToString()));
        }

        var logits = pbo.TryGetProperty("logits", out var l) && l.ValueKind == JsonValueKind.Array
            ? l.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetDouble()).ToArray()
            : [];
        var strategies = pbo.TryGetProperty("strategies", out var s) && s.ValueKind == JsonValueKind.Array ? s.GetArrayLength() : 0;
        var table = Blocks.Table(["PBO", "P(OOS loss)", "Degradation slope", "Strategies", "Blocks", "Combinations"],
        [
            [Fmt.Num(Num(pbo, "pbo"), 3), Fmt.Num(Num(pbo, "prob_oos_loss"), 3), Fmt.Num(Num(pbo, "degradation_slope"), 3),
                strategies.ToString(CultureInfo.InvariantCulture), Fmt.Count(Num(pbo, "blocks")), Fmt.Count(Num(pbo, "combinations"))],
        ], textColumns: 0);
        return Blocks.Card("Probability of backtest overfitting (CSCV)", table + Histogram(logits),
            "Each combination picks half the date blocks as in-sample; λ is the logit of the in-sample best model strategy's out-of-sample rank "
            + "(λ > 0: above the out-of-sample median). PBO is the share of λ ≤ 0; a negative slope of out-of-sample on in-sample Sharpe means selection decays.");
    }

    private static string Histogram(double[] logits)
    {
        if (logits.Length == 0)
        {
            return string.Empty;
        }

        // Bins of width 0.5 over [-3, 3], the outer bins open-ended.
        var edges = Enumerable.Range(0, 13).Select(k => -3 + 0.5 * k).ToArray();
        var counts = new double[edges.Length - 1];
        foreach (var x in logits)
        {
            var b = (int)Math.Floor((x + 3) / 0.5);
            counts[Math.Clamp(b, 0, counts.Length - 1)]++;
        }

        var chart = new BarChart
        {
            Id = "chart-pbo-logits",
            Label = "Logits of the in-sample best strategy's out-of-sample rank",
            Categories = [.. Enumerable.Range(0, counts.Length).Select(k => edges[k].ToString("0.0", CultureInfo.InvariantCulture))],
            Groups = [("combinations", "#2563eb", counts)],
            ValueFormat = v => v.ToString("0", CultureInfo.InvariantCulture),
            Height = 220,
        };
        return chart.Render();
    }

    private static double? Num(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
