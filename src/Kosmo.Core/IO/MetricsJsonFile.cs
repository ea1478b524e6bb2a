using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kosmo.Core.IO;

/// <summary>
/// The one reader-modifier-writer of a run folder's <c>metrics.json</c>: every stage merges its own top-level
/// sections through <see cref="Update"/>, which keeps the other sections as they are and rewrites the file atomically
/// (indented, "\n" line ends, a final newline).
/// </summary>
public static class MetricsJsonFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NewLine = "\n" };

    /// <summary>The file's root object; an empty one when the file does not exist.</summary>
    /// <exception cref="DataValidationException">The file is not valid JSON or not a JSON object (file and line).</exception>
    public static JsonObject Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { return []; }
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new DataValidationException(path, 1, "", "metrics.json is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new DataValidationException(path, (ex.LineNumber ?? 0) + 1, "", $"metrics.json is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>
    /// Reads the file (or starts an empty object), applies <paramref name="change"/>, and writes it back atomically.
    /// With <paramref name="sectionOrder"/>, those top-level sections come first in that order, the others after them
    /// in their present order.
    /// </summary>
    /// <exception cref="DataValidationException">The existing file is not valid JSON or not a JSON object.</exception>
    public static void Update(string path, Action<JsonObject> change, IReadOnlyList<string>? sectionOrder = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        var root = Read(path);
        change(root);
        if (sectionOrder is not null)
        {
            var ordered = new JsonObject();
            foreach (var key in sectionOrder.Concat(root.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList())
            {
                if (root[key] is { } node)
                {
                    root.Remove(key);
                    ordered[key] = node;
                }
            }

            root = ordered;
        }

        AtomicFile.WriteAllText(path, root.ToJsonString(Indented) + "\n");
    }
}
