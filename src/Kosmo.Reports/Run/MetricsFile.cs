using System.Globalization;
using System.Text.Json;
using Kosmo.Core;

namespace Kosmo.Reports.Run;

/// <summary>The parsed metrics.json (see DESIGN.md and docs/run-folder.md). Sections absent from the file are empty.</summary>
internal sealed class MetricsFile
{
    public IReadOnlyList<(string Key, string Value)> Data { get; private init; } = [];

    public IReadOnlyList<ModelMetrics> Models { get; private init; } = [];

    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, double> Values)> Backtests { get; private init; } = [];

    public IReadOnlyList<(string Name, IReadOnlyDictionary<string, double> Values)> Benchmarks { get; private init; } = [];

    public IReadOnlyList<(string Key, string Value)> Timing { get; private init; } = [];

    public IReadOnlyList<Comparison> Comparisons { get; private init; } = [];

    public static MetricsFile Empty { get; } = new();

    /// <summary>Parses metrics.json.</summary>
    /// <exception cref="DataValidationException">Not valid JSON, not an object, or a section of the wrong shape.</exception>
    public static MetricsFile Load(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new DataValidationException(path, (e.LineNumber ?? -1) + 1, string.Empty, "not valid JSON: " + e.Message);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DataValidationException(path, 1, string.Empty, "the top level must be a JSON object");
            }

            return new MetricsFile
            {
                Data = Flatten(Section(root, "data", path)),
                Timing = Flatten(Section(root, "timing", path)),
                Models = Named(Section(root, "models", path), path, "models").Select(p => ParseModel(p.Name, p.Value, path)).ToList(),
                Backtests = Named(Section(root, "backtests", path), path, "backtests").Select(p => (p.Name, (IReadOnlyDictionary<string, double>)Scalars(p.Value))).ToList(),
                Benchmarks = Named(Section(root, "benchmarks", path), path, "benchmarks").Select(p => (p.Name, (IReadOnlyDictionary<string, double>)Scalars(p.Value))).ToList(),
                Comparisons = ParseComparisons(root, path),
            };
        }
    }

    /// <summary>Flattened "data" value for a key (e.g. "source"), or null.</summary>
    public string? DataValue(string key) => Data.FirstOrDefault(d => string.Equals(d.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static JsonElement? Section(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.ValueKind == JsonValueKind.Object ? e.Clone() : throw new DataValidationException(path, 0, name, "must be a JSON object");
    }

    private static IEnumerable<(string Name, JsonElement Value)> Named(JsonElement? section, string path, string where)
    {
        if (section is null)
        {
            yield break;
        }

        foreach (var p in section.Value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object)
            {
                throw new DataValidationException(path, 0, $"{where}.{p.Name}", "must be a JSON object of metrics");
            }

            yield return (p.Name, p.Value);
        }
    }

    private static Dictionary<string, double> Scalars(JsonElement obj)
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Number)
            {
                d[p.Name] = p.Value.GetDouble();
            }
            else if (p.Value.ValueKind == JsonValueKind.Null)
            {
                d[p.Name] = double.NaN;
            }
            else if (p.Name == "ic_decay" && p.Value.ValueKind == JsonValueKind.Object)
            {
                // Rank IC by horizon, {"1": …, "5": …}: flattened to ic_decay.1, ic_decay.5, … (the signal-value table).
                foreach (var h in p.Value.EnumerateObject())
                {
                    d["ic_decay." + h.Name] = Num(h.Value);
                }
            }
        }

        return d;
    }

    private static ModelMetrics ParseModel(string name, JsonElement obj, string path)
    {
        var intervals = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        double[,]? confusion = null;
        var calibration = new List<(string, IReadOnlyList<CalibrationBin>)>();
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Name.EndsWith("_ci", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Array)
            {
                var a = p.Value.EnumerateArray().Select(Num).ToArray();
                if (a.Length != 2)
                {
                    throw new DataValidationException(path, 0, $"models.{name}.{p.Name}", $"an interval must be [low, high], got {a.Length} values");
                }

                intervals[p.Name[..^3]] = (a[0], a[1]);
            }
            else if (p.Name == "confusion" && p.Value.ValueKind == JsonValueKind.Array)
            {
                confusion = ParseConfusion(p.Value, path, $"models.{name}.confusion");
            }
            else if (p.Name == "calibration" && p.Value.ValueKind == JsonValueKind.Array)
            {
                calibration.Add(("all", ParseBins(p.Value)));
            }
            else if (p.Name == "calibration" && p.Value.ValueKind == JsonValueKind.Object)
            {
                calibration.AddRange(p.Value.EnumerateObject().Where(c => c.Value.ValueKind == JsonValueKind.Array)
                    .Select(c => (c.Name, (IReadOnlyList<CalibrationBin>)ParseBins(c.Value))));
            }
        }

        return new ModelMetrics(name, Scalars(obj), intervals, confusion, calibration);
    }

    private static double[,] ParseConfusion(JsonElement e, string path, string where)
    {
        var rows = e.EnumerateArray().ToList();
        var k = rows.Count;
        if (k < 2 || rows.Any(r => r.ValueKind != JsonValueKind.Array || r.GetArrayLength() != k))
        {
            throw new DataValidationException(path, 0, where, "must be a K×K array of counts, K ≥ 2 (rows = true class: down/flat/up for 3 classes)");
        }

        var m = new double[k, k];
        for (var i = 0; i < k; i++)
        {
            var j = 0;
            foreach (var v in rows[i].EnumerateArray())
            {
                m[i, j++] = Num(v);
            }
        }

        return m;
    }

    private static List<CalibrationBin> ParseBins(JsonElement list) =>
        list.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object).Select(b => new CalibrationBin(
            Prop(b, "bin_mid"), Prop(b, "mean_pred"), Prop(b, "frac_pos"), Prop(b, "count"))).ToList();

    private static List<Comparison> ParseComparisons(JsonElement root, string path)
    {
        if (!root.TryGetProperty("comparisons", out var e) || e.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return e.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).Select(c =>
        {
            var ci = c.TryGetProperty("ci", out var ciE) && ciE.ValueKind == JsonValueKind.Array ? ciE.EnumerateArray().Select(Num).ToArray() : [];
            return new Comparison(Str(c, "a"), Str(c, "b"), Str(c, "metric"), Prop(c, "diff"),
                ci.Length == 2 ? ci[0] : double.NaN, ci.Length == 2 ? ci[1] : double.NaN, Prop(c, "p_value"));
        }).ToList();
    }

    private static List<(string, string)> Flatten(JsonElement? section)
    {
        var result = new List<(string, string)>();
        if (section is not null)
        {
            Walk(section.Value, string.Empty, result);
        }

        return result;
    }

    private static void Walk(JsonElement e, string prefix, List<(string, string)> acc)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                Walk(p.Value, prefix.Length == 0 ? p.Name : prefix + "." + p.Name, acc);
            }
        }
        else
        {
            acc.Add((prefix, e.ValueKind switch
            {
                JsonValueKind.String => e.GetString() ?? string.Empty,
                JsonValueKind.Number => e.GetRawText(),
                JsonValueKind.Null => "null",
                _ => e.GetRawText(),
            }));
        }
    }

    private static double Num(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN;

    private static double Prop(JsonElement o, string name) => o.TryGetProperty(name, out var v) ? Num(v) : double.NaN;

    private static string Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;
}
