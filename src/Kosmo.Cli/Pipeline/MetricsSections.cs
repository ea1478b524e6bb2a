using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kosmo.Cli.Pipeline;

/// <summary>Merges one top-level section into RUN/metrics.json (temp file + rename; other sections untouched).</summary>
internal static class MetricsSections
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] SectionOrder = ["data", "models", "backtests", "benchmarks", "timing"];

    public static void Merge(string path, string section, JsonNode value)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        root[section] = value;
        var ordered = new JsonObject();
        foreach (var key in SectionOrder.Concat(root.Select(p => p.Key)).Distinct())
        {
            if (root[key] is { } node)
            {
                root.Remove(key);
                ordered[key] = node;
            }
        }

        var tmp = path + ".tmp";
        File.WriteAllText(tmp, ordered.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.Move(tmp, path, overwrite: true);
    }
}
