using System.Text.Json;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>
/// Meta-labeling (the <c>meta</c> section of metrics.json, written with <c>labels.meta: true</c>): precision, recall and
/// F1 of the secondary model's act decision against the triple-barrier meta-labels beside the primary's own hit rate,
/// and the bet-sized signal's backtests beside the primary's on the same stock-days. Empty without the section.
/// </summary>
internal static class MetaLabelingSection
{
    /// <summary>The card's HTML (placed inside the trading section), or an empty string.</summary>
    public static string Render(RunData run)
    {
        if (MetricsSection.Read(run, "meta") is not { } meta)
        {
            return string.Empty;
        }

        var primary = meta.TryGetProperty("primary", out var p) ? p.ToString() : "?";
        var decision = Blocks.Table(["Primary", "Decisions", "Acted", "Precision", "Recall", "F1", "Primary hit rate"],
        [
            [primary, Fmt.Count(Num(meta, "n_decisions")), Fmt.Count(Num(meta, "n_act")), Fmt.Num(Num(meta, "precision"), 3),
                Fmt.Num(Num(meta, "recall"), 3), Fmt.Num(Num(meta, "f1"), 3), Fmt.Num(Num(meta, "primary_precision"), 3)],
        ], textColumns: 1);
        var rows = new List<IReadOnlyList<string>>();
        if (meta.TryGetProperty("backtests", out var b) && b.ValueKind == JsonValueKind.Object)
        {
            foreach (var s in b.EnumerateObject())
            {
                rows.Add([s.Name, Fmt.Num(Num(s.Value, "sharpe"), 3), Fmt.Num(Num(s.Value, "total_return"), 3), Fmt.Num(Num(s.Value, "max_drawdown"), 3), Fmt.Num(Num(s.Value, "turnover"), 3)]);
            }
        }

        var trades = rows.Count == 0 ? string.Empty : Blocks.Table(["Strategy", "Sharpe", "Total return", "Max drawdown", "Turnover"], rows, textColumns: 1);
        return Blocks.Card("Meta-labeling", decision + trades,
            "The primary proposes the side; a secondary model trained on earlier folds' out-of-sample rows predicts whether the side's triple-barrier trade pays. "
            + "Precision is the hit rate when it acts (compare with the primary's hit rate when it always acts); PRIMARY_meta trades side × bet size, PRIMARY_meta_base the primary on the same stock-days.");
    }

    private static double Num(JsonElement o, string key) =>
        o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;
}
