using System.Text.Json;
using Kosmo.Core;
using Kosmo.Core.IO;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>Reads one top-level section of a run's metrics.json for the report's cards (<see cref="MetricsJsonFile.ReadSection"/>).</summary>
internal static class MetricsSection
{
    /// <summary>The section <paramref name="name"/> when it is a JSON object; null when metrics.json is missing, not valid JSON, or has no such object.</summary>
    public static JsonElement? Read(RunData run, string name)
    {
        try
        {
            if (MetricsJsonFile.ReadSection(RunLayout.Metrics(run.RunDir), name) is not { } section)
            {
                return null;
            }

            using var doc = JsonDocument.Parse(section.ToJsonString());
            return doc.RootElement.Clone();
        }
        catch (DataValidationException)
        {
            return null;   // the metrics card names the problem (RunFolderReader)
        }
    }
}
