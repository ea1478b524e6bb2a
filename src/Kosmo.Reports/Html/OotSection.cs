using System.Globalization;
using System.Text;
using System.Text.Json;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>
/// The out-of-time test (the <c>oot</c> section of metrics.json, written by <c>kosmo run</c> with an <c>oot:</c>
/// config): the test period and sample counts, one row per model (zero-shot and fine-tuned "+ft") with the
/// bootstrap intervals, and the paired comparisons. Empty when the run has no such section.
/// </summary>
internal static class OotSection
{
    /// <summary>The section's HTML, or an empty string.</summary>
    public static string Render(RunData run)
    {
        if (MetricsSection.Read(run, "oot") is not { } oot)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        if (oot.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            sb.Append(Blocks.Note(
                $"Models of walk-forward fold {Text(data, "source_fold")} ({Text(data, "source_fold_name")}, training labels up to {Text(data, "source_fold_last_label_end")}) "
                + $"predict {Text(data, "test_first_date")} → {Text(data, "test_last_date")} ({Text(data, "test_samples")} samples on {Text(data, "test_dates")} dates) "
                + $"from a second panel {Text(data, "first_date")} → {Text(data, "last_date")}. MODEL+ft: fine-tuned on {Text(data, "finetune_used")} samples "
                + $"{Text(data, "finetune_first_date")} → {Text(data, "finetune_last_date")} (labels end {Text(data, "finetune_last_label_end")}, before the test). "
                + $"NaN share of the features at the test dates: {Text(data, "nan_share_test")} (walk-forward test folds: {Text(data, "nan_share_main_test")})."));
        }

        if (oot.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Object)
        {
            var rows = new List<IReadOnlyList<string>>();
            var comparisons = new List<IReadOnlyList<string>>();
            foreach (var m in models.EnumerateObject())
            {
                var v = m.Value;
                rows.Add([Blocks.E(m.Name), Fmt.Count(Num(v, "n_test")), Fmt.Num(Num(v, "accuracy"), 3), $"{Fmt.Num(Num(v, "macro_f1"), 3)} {Ci(v, "macro_f1_ci")}",
                    Fmt.Num(Num(v, "log_loss"), 4), $"{Fmt.Num(Num(v, "rank_ic"), 3)} {Ci(v, "rank_ic_ci")}", Fmt.Num(Num(v, "icir"), 2)]);
                if (v.TryGetProperty("comparisons", out var cs) && cs.ValueKind == JsonValueKind.Object)
                {
                    foreach (var c in cs.EnumerateObject())
                    {
                        comparisons.Add([Blocks.E(m.Name), Blocks.E(c.Name), Diff(c.Value, "macro_f1"), Diff(c.Value, "log_loss"), Diff(c.Value, "rank_ic")]);
                    }
                }
            }

            sb.Append(Blocks.Card("Out-of-time test", Blocks.Table(["Model", "n", "Accuracy", "Macro F1 [95% CI]", "Log loss", "Rank IC [95% CI]", "ICIR"], rows),
                "Same evaluation as the walk-forward test (block bootstrap over dates). MODEL = zero-shot, MODEL+ft = fine-tuned."));
            if (comparisons.Count > 0)
            {
                sb.Append(Blocks.Card("Out-of-time paired comparisons", Blocks.Table(["A", "B", "Δ macro F1 [95% CI] p", "Δ log loss [95% CI] p", "Δ rank IC [95% CI] p"], comparisons, textColumns: 2),
                    "A − B on the rows both predicted; a negative log-loss difference favours A."));
            }
        }

        return Blocks.Section("oot", "Out-of-time test", sb.ToString());
    }

    private static double? Num(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string Text(JsonElement e, string key) =>
        !e.TryGetProperty(key, out var v) ? Fmt.Missing
        : Blocks.E(v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString("0.####", CultureInfo.InvariantCulture) : v.ToString());

    private static string Ci(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2
            && v[0].ValueKind == JsonValueKind.Number && v[1].ValueKind == JsonValueKind.Number
            ? $"[{Fmt.Num(v[0].GetDouble(), 3)}, {Fmt.Num(v[1].GetDouble(), 3)}]"
            : string.Empty;

    private static string Diff(JsonElement c, string metric)
    {
        var d = Num(c, metric + "_diff");
        var p = Num(c, metric + "_p");
        return Blocks.Signed(d ?? double.NaN, $"{Fmt.Num(d, 4)} {Ci(c, metric + "_diff_ci")} p = {Fmt.Num(p, 3)}");
    }
}
