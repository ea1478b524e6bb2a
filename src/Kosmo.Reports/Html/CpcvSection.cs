using System.Globalization;
using System.Text.Json;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>
/// The CPCV backtest paths (the <c>cpcv</c> section of metrics.json, split.scheme: cpcv): per model, the distribution of
/// the φ path Sharpe ratios (mean, std, quantiles, every path) of the configured strategy. Empty without the section.
/// </summary>
internal static class CpcvSection
{
    /// <summary>The card's HTML (placed inside the trading section), or an empty string.</summary>
    public static string Render(RunData run)
    {
        if (MetricsSection.Read(run, "cpcv") is not { } cpcv
            || !cpcv.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var m in models.EnumerateObject())
        {
            var v = m.Value;
            var sharpes = v.TryGetProperty("sharpes", out var s) && s.ValueKind == JsonValueKind.Array
                ? string.Join(" ", s.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number ? Fmt.Num(x.GetDouble()) : "–"))
                : "";
            rows.Add([m.Name, Str(v, "strategy"), Fmt.Num(Num(v, "sharpe_mean")), Fmt.Num(Num(v, "sharpe_std")), Fmt.Num(Num(v, "sharpe_min")),
                Fmt.Num(Num(v, "sharpe_q25")), Fmt.Num(Num(v, "sharpe_median")), Fmt.Num(Num(v, "sharpe_q75")), Fmt.Num(Num(v, "sharpe_max")),
                Fmt.Pct(Num(v, "share_sharpe_positive"), 0), sharpes]);
        }

        var table = Blocks.Table(["Model", "Strategy", "Mean", "Std", "Min", "Q25", "Median", "Q75", "Max", "Sharpe > 0", "Every path"], rows, textColumns: 2);
        var n = Num(cpcv, "groups");
        var k = Num(cpcv, "test_groups");
        var splits = Num(cpcv, "splits");
        var paths = Num(cpcv, "paths");
        return Blocks.Card(
            $"CPCV backtest paths: Sharpe ratio distribution ({Fmt.Count(paths)} paths)",
            table,
            string.Create(CultureInfo.InvariantCulture, $"Combinatorial purged cross-validation with N = {Fmt.Count(n)} date groups and k = {Fmt.Count(k)} test groups: ")
            + $"{Fmt.Count(splits)} purged, embargoed splits whose out-of-sample predictions form φ = k/N · C(N, k) = {Fmt.Count(paths)} complete backtest paths, "
            + "each covering every test date once and traded by the configured strategy (annualised Sharpe of daily returns). "
            + "The main backtest above trades path 0; the spread across paths is the backtest's own sampling variation.");
    }

    private static double? Num(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string Str(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
