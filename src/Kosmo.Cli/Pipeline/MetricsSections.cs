using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kosmo.Cli.Pipeline;

/// <summary>Merges one top-level section into RUN/metrics.json (temp file + rename; other sections untouched).</summary>
internal static class MetricsSections
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] SectionOrder = ["data", "models", "backtests", "benchmarks", "timing"];

    public static void Merge(string path, string section, JsonNode value) => Rewrite(path, root => root[section] = value);

    /// <summary>Removes one top-level section (e.g. a stale <c>oot</c> of an earlier run resumed without it); no-op when absent.</summary>
    public static void Remove(string path, string section)
    {
        if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path)) is JsonObject root && root.ContainsKey(section))
        {
            Rewrite(path, r => r.Remove(section));
        }
    }

    private static void Rewrite(string path, Action<JsonObject> change)
    {
        var root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        change(root);
        var ordered = new JsonObject();
        foreach (var key in SectionOrder.Concat(root.Select(p => p.Key)).Distinct().ToList())
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
