using System.Globalization;
using System.Text;
using System.Text.Json;
using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Models.RunFolder;

/// <summary>One run of a learning curve: its folder, the window length and the training-sample cap it ran with (0 = all).</summary>
/// <param name="Dir">The run folder.</param>
/// <param name="Lookback">features.lookback of the run.</param>
/// <param name="MaxTrainSamples">model.max_train_samples of the run (0 = every training sample).</param>
/// <param name="ModelCaps">Caps that differ by model (the trials of a sweep over model.max_train_samples), or null.</param>
/// <param name="Labels">The label family (e.g. <c>fixed_horizon</c>, <c>cs_tercile</c>, <c>fixed_horizon/excess</c>): points of different families are different curves.</param>
public sealed record CurvePoint(string Dir, int Lookback, int MaxTrainSamples, IReadOnlyDictionary<string, int>? ModelCaps = null, string Labels = "fixed_horizon");

/// <summary>
/// The learning-curve table (<c>kosmo compare --curve</c>): per model, window length and training-sample cap, the
/// test rank IC and macro F1 with their 95 % intervals (from metrics.json), the mean training samples per fold
/// actually drawn (plan.json), and the training wall and CPU seconds summed over the model's cells (timing.json;
/// wall clock depends on the machine's load, CPU seconds less so). Only run folders are read.
/// </summary>
public static class LearningCurve
{
    /// <summary>The table rows: model, labels, lookback, cap, train samples per fold, rank IC [CI], macro F1 [CI], wall s, CPU s, folds.</summary>
    /// <exception cref="FileNotFoundException">A run folder lacks metrics.json.</exception>
    /// <exception cref="DataValidationException">A JSON file is malformed.</exception>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(IReadOnlyList<CurvePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var rows = new List<(string Model, string Labels, int L, long Cap, IReadOnlyList<string> Row)>();
        foreach (var p in points)
        {
            var metrics = Json(RunLayout.Metrics(p.Dir), required: true)!.Value;
            var timing = Json(RunLayout.Timing(p.Dir), required: false);
            var plan = Json(RunLayout.Plan(p.Dir), required: false);
            if (!metrics.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var m in models.EnumerateObject())
            {
                var (wall, cpu, cells) = Seconds(timing, m.Name);
                var train = TrainSamples(plan, m.Name);
                var v = m.Value;
                var cap = p.ModelCaps is not null && p.ModelCaps.TryGetValue(m.Name, out var c) ? c : p.MaxTrainSamples;
                rows.Add((m.Name, p.Labels, p.Lookback, cap == 0 ? long.MaxValue : cap,
                [
                    m.Name, p.Labels, p.Lookback.ToString(CultureInfo.InvariantCulture), cap == 0 ? "all" : cap.ToString("N0", CultureInfo.InvariantCulture),
                    train is { } t ? t.ToString("N0", CultureInfo.InvariantCulture) : "–",
                    $"{F(Num(v, "rank_ic"), 3)} {Ci(v, "rank_ic_ci")}", $"{F(Num(v, "macro_f1"), 3)} {Ci(v, "macro_f1_ci")}",
                    cells > 0 ? wall.ToString("F0", CultureInfo.InvariantCulture) : "–", cells > 0 ? cpu.ToString("F0", CultureInfo.InvariantCulture) : "–",
                    cells > 0 ? cells.ToString(CultureInfo.InvariantCulture) : "–",
                ]));
            }
        }

        return [.. rows.OrderBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Labels, StringComparer.Ordinal).ThenBy(r => r.L).ThenBy(r => r.Cap).Select(r => r.Row)];
    }

    /// <summary>The table as markdown or CSV.</summary>
    public static string Render(IReadOnlyList<CurvePoint> points, string format)
    {
        var header = new[] { "model", "labels", "lookback", "max train samples", "train samples / fold", "rank IC [95 % CI]", "macro F1 [95 % CI]", "train wall s", "train CPU s", "folds" };
        var rows = Rows(points);
        var sb = new StringBuilder();
        if (format == "csv")
        {
            sb.Append(string.Join(',', header)).Append('\n');
            foreach (var r in rows)
            {
                sb.Append(string.Join(',', r.Select(c => c.Contains(',', StringComparison.Ordinal) ? $"\"{c}\"" : c))).Append('\n');
            }

            return sb.ToString();
        }

        Pivot(sb, rows);
        sb.Append("**learning curve** (rank IC and macro F1 on the test folds; seconds summed over the model's cells)\n\n");
        sb.Append("| ").Append(string.Join(" | ", header)).Append(" |\n|---|").Append(string.Concat(header.Skip(1).Select(_ => "---:|"))).Append('\n');
        foreach (var r in rows)
        {
            sb.Append("| ").Append(string.Join(" | ", r)).Append(" |\n");
        }

        return sb.ToString();
    }

    /// <summary>Rank IC by model (rows) and training-sample cap (columns), one table per label family and lookback: where each curve flattens.</summary>
    private static void Pivot(StringBuilder sb, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        foreach (var (labels, lookback) in rows.Select(r => (r[1], r[2])).Distinct())
        {
            var here = rows.Where(r => r[1] == labels && r[2] == lookback).ToList();
            var caps = here.Select(r => r[3]).Distinct().OrderBy(c => c == "all" ? long.MaxValue : long.Parse(c, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"**rank IC [95 % CI] by training samples per fold, {labels} labels, lookback {lookback}**\n\n| model | ");
            sb.Append(string.Join(" | ", caps)).Append(" |\n|---|").Append(string.Concat(caps.Select(_ => "---:|"))).Append('\n');
            foreach (var model in here.Select(r => r[0]).Distinct())
            {
                sb.Append("| ").Append(model);
                foreach (var cap in caps)
                {
                    sb.Append(" | ").Append(here.FirstOrDefault(r => r[0] == model && r[3] == cap)?[5] ?? "–");
                }

                sb.Append(" |\n");
            }

            sb.Append('\n');
        }
    }

    private static (double Wall, double Cpu, int Cells) Seconds(JsonElement? timing, string model)
    {
        if (timing is not { } t || !t.TryGetProperty("memory", out var memory) || !memory.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Object)
        {
            return (0, 0, 0);
        }

        double wall = 0, cpu = 0;
        var n = 0;
        foreach (var c in cells.EnumerateObject().Where(c => c.Name.StartsWith(model + "/fold-", StringComparison.Ordinal)))
        {
            wall += Num(c.Value, "seconds") ?? 0;
            cpu += Num(c.Value, "cpu_seconds") ?? 0;
            n++;
        }

        return (wall, cpu, n);
    }

    private static double? TrainSamples(JsonElement? plan, string model)
    {
        if (plan is not { } p || !p.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var counts = cells.EnumerateArray()
            .Where(c => c.TryGetProperty("model", out var m) && m.GetString() == model && c.TryGetProperty("train_samples", out _))
            .Select(c => c.GetProperty("train_samples").GetDouble()).ToList();
        return counts.Count > 0 ? Math.Round(counts.Average()) : null;
    }

    private static JsonElement? Json(string path, bool required)
    {
        if (!File.Exists(path))
        {
            return required ? throw new FileNotFoundException($"{path}: missing (is {Path.GetDirectoryName(path)} a finished run folder?)", path) : null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new DataValidationException(path, (int)(e.LineNumber ?? 0) + 1, "", "not valid JSON: " + e.Message);
        }
    }

    private static double? Num(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string F(double? v, int decimals) => v is { } x && double.IsFinite(x) ? x.ToString("F" + decimals, CultureInfo.InvariantCulture).Replace("-", "−", StringComparison.Ordinal) : "–";

    private static string Ci(JsonElement e, string key) =>
        e.TryGetProperty(key, out var ci) && ci.ValueKind == JsonValueKind.Array && ci.GetArrayLength() == 2
            && ci[0].ValueKind == JsonValueKind.Number && ci[1].ValueKind == JsonValueKind.Number
            ? $"[{F(ci[0].GetDouble(), 3)}, {F(ci[1].GetDouble(), 3)}]"
            : "";
}
