using Kosmo.Core.IO;

namespace Kosmo.Reports.Run;

/// <summary>
/// Everything the report reads from a run folder. A file that is absent leaves its list empty; a file that is
/// malformed leaves its list empty and adds a line to <see cref="Problems"/> (file, line, column, problem).
/// </summary>
internal sealed class RunData
{
    public required string RunDir { get; init; }

    /// <summary>config.yaml text (null when absent) and its flattened leaves (key path → value).</summary>
    public string? ConfigText { get; init; }

    public IReadOnlyList<(string Key, string Value)> Config { get; init; } = [];

    public MetricsFile Metrics { get; init; } = MetricsFile.Empty;

    public IReadOnlyList<EquitySeries> Equity { get; init; } = [];

    public IReadOnlyList<TradeRecord> Trades { get; init; } = [];

    public IReadOnlyList<PredictionSummary> Predictions { get; init; } = [];

    public IReadOnlyList<CapacityRow> Capacity { get; init; } = [];

    public IReadOnlyList<AttentionRow> Attention { get; init; } = [];

    public IReadOnlyList<ImportanceRow> Importance { get; init; } = [];

    public IReadOnlyList<TrainingRow> Training { get; init; } = [];

    /// <summary>File name → true when it was present (even if malformed).</summary>
    public IReadOnlyDictionary<string, bool> Present { get; init; } = new Dictionary<string, bool>();

    /// <summary>One line per malformed file: what is wrong and where.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>A short note for a section whose file is absent or unreadable, or null when the file loaded.</summary>
    public string? NoteFor(string file)
    {
        var problem = Problems.FirstOrDefault(p => p.Contains(file, StringComparison.Ordinal));
        if (problem is not null)
        {
            return $"{file} could not be read: {problem}";
        }

        return Present.TryGetValue(file, out var present) && present ? null : $"{file} is not in this run folder.";
    }

    /// <summary>A config value by key path (case-insensitive), or null.</summary>
    public string? ConfigValue(string key) =>
        Config.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
