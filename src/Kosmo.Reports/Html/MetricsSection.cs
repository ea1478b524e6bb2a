using System.Text.Json;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>Reads one top-level section of a run's metrics.json for the report's cards.</summary>
internal static class MetricsSection
{
    /// <summary>The section <paramref name="name"/> when it is a JSON object; null when metrics.json is missing, not valid JSON, or has no such object.</summary>
    public static JsonElement? Read(RunData run, string name)
    {
        var path = Path.Combine(run.RunDir, "metrics.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object
                ? section.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
