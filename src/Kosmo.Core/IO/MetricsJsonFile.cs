using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kosmo.Core.IO;

/// <summary>
/// The one reader-modifier-writer of a run folder's <c>metrics.json</c> (<see cref="RunLayout.Metrics"/>): every stage
/// merges its own top-level sections through <see cref="MergeSection"/> or <see cref="Update"/>, which keep the other
/// sections as they are and rewrite the file atomically (<see cref="AtomicFile"/>; indented, "\n" line ends, a final
/// newline); readers take one section with <see cref="ReadSection"/> or the whole root with <see cref="Read"/>.
/// </summary>
public static class MetricsJsonFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NewLine = "\n" };

    /// <summary>The run's section order: <see cref="MergeSection"/> and <see cref="RemoveSection"/> put these first, in
    /// this order, and the others (cpcv, oot, meta, pbo, ...) after them in their present order.</summary>
    public static IReadOnlyList<string> SectionOrder { get; } = ["data", "models", "backtests", "benchmarks", "timing"];

    /// <summary>Sets the top-level section <paramref name="section"/> to <paramref name="value"/> (replacing it whole),
    /// keeps every other section, orders the sections by <see cref="SectionOrder"/> and writes the file atomically
    /// (created with its folder when absent).</summary>
    /// <exception cref="DataValidationException">The existing file is not valid JSON or not a JSON object.</exception>
    public static void MergeSection(string path, string section, JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(section);
        Update(path, root => root[section] = value, SectionOrder);
    }

    /// <summary>Removes the top-level section <paramref name="section"/> (e.g. a stale <c>oot</c> of an earlier run
    /// resumed without it) and rewrites the file as <see cref="MergeSection"/> does; no-op when the file or the section is absent.</summary>
    /// <exception cref="DataValidationException">The existing file is not valid JSON or not a JSON object.</exception>
    public static void RemoveSection(string path, string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (File.Exists(path) && Read(path).ContainsKey(section))
        {
            Update(path, root => root.Remove(section), SectionOrder);
        }
    }

    /// <summary>The top-level section <paramref name="section"/> when it is a JSON object; null when the file or the
    /// section is absent or the section is not an object. The object is detached from the file's root.</summary>
    /// <exception cref="DataValidationException">The file is not valid JSON or not a JSON object.</exception>
    public static JsonObject? ReadSection(string path, string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var root = Read(path);
        if (root[section] is not JsonObject value)
        {
            return null;
        }

        root.Remove(section); // detached, so the caller may put it into another tree
        return value;
    }

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
