using System.Text.Json.Nodes;
using Kosmo.Core.IO;

namespace Kosmo.Experiment;

/// <summary>Merges one top-level section into RUN/metrics.json (<see cref="MetricsJsonFile"/>, sections in the run order).</summary>
internal static class MetricsSections
{
    private static readonly string[] SectionOrder = ["data", "models", "backtests", "benchmarks", "timing"];

    public static void Merge(string path, string section, JsonNode value) => Rewrite(path, root => root[section] = value);

    /// <summary>Removes one top-level section (e.g. a stale <c>oot</c> of an earlier run resumed without it); no-op when absent.</summary>
    public static void Remove(string path, string section)
    {
        if (File.Exists(path) && MetricsJsonFile.Read(path).ContainsKey(section))
        {
            Rewrite(path, r => r.Remove(section));
        }
    }

    private static void Rewrite(string path, Action<JsonObject> change) => MetricsJsonFile.Update(path, change, SectionOrder);
}
