using System.Text;
using Kosmo.Core.IO;

namespace Kosmo.Models.Tft;

/// <summary>
/// Writes RUN/attention.csv (<c>model,lag,weight</c>) and RUN/variable_importance.csv
/// (<c>model,kind,variable,weight</c>, kind temporal|static) as docs/run-folder.md defines them. Rows of other models
/// already in the file are kept (one call per model); the file is written to a temp file and renamed.
/// </summary>
public static class TftInterpretationCsv
{
    /// <summary>Header of attention.csv.</summary>
    public const string AttentionHeader = "model,lag,weight";

    /// <summary>Header of variable_importance.csv.</summary>
    public const string ImportanceHeader = "model,kind,variable,weight";

    /// <summary>Writes (or replaces) the model's attention-by-lag rows; lag = index (0 = the forecast day).</summary>
    /// <exception cref="ArgumentException">Empty model name or one containing a comma.</exception>
    /// <exception cref="InvalidDataException">An existing file has another header.</exception>
    public static void WriteAttention(string path, string model, IReadOnlyList<double> byLag)
    {
        ArgumentNullException.ThrowIfNull(byLag);
        CheckName(model);
        var rows = byLag.Select((w, lag) => $"{model},{lag},{CsvText.Number(w)}");
        Merge(path, AttentionHeader, model, rows);
    }

    /// <summary>Writes (or replaces) the model's variable-importance rows.</summary>
    /// <param name="path">RUN/variable_importance.csv.</param>
    /// <param name="model">Model name.</param>
    /// <param name="temporalNames">K feature names, in the model's input order.</param>
    /// <param name="temporal">K mean weights.</param>
    /// <param name="staticNames">n static variable names (categoricals then reals).</param>
    /// <param name="statics">n mean weights.</param>
    /// <exception cref="ArgumentException">Name and weight counts differ, or a name is empty or has a comma.</exception>
    /// <exception cref="InvalidDataException">An existing file has another header.</exception>
    public static void WriteVariableImportance(string path, string model, IReadOnlyList<string> temporalNames, IReadOnlyList<double> temporal,
        IReadOnlyList<string> staticNames, IReadOnlyList<double> statics)
    {
        ArgumentNullException.ThrowIfNull(temporalNames);
        ArgumentNullException.ThrowIfNull(temporal);
        ArgumentNullException.ThrowIfNull(staticNames);
        ArgumentNullException.ThrowIfNull(statics);
        CheckName(model);
        if (temporalNames.Count != temporal.Count || staticNames.Count != statics.Count)
        {
            throw new ArgumentException($"variable_importance: {temporalNames.Count} temporal names for {temporal.Count} weights, {staticNames.Count} static names for {statics.Count} weights.");
        }

        foreach (var n in temporalNames.Concat(staticNames))
        {
            CheckName(n);
        }

        var rows = temporalNames.Select((n, i) => $"{model},temporal,{n},{CsvText.Number(temporal[i])}")
            .Concat(staticNames.Select((n, i) => $"{model},static,{n},{CsvText.Number(statics[i])}"));
        Merge(path, ImportanceHeader, model, rows);
    }

    private static void Merge(string path, string header, string model, IEnumerable<string> rows)
    {
        var sb = new StringBuilder().Append(header).Append('\n');
        if (File.Exists(path))
        {
            var lines = File.ReadAllLines(path);
            if (lines.Length == 0 || lines[0] != header)
            {
                throw new InvalidDataException($"{path}: line 1: expected header '{header}'.");
            }

            foreach (var line in lines.Skip(1).Where(x => x.Length > 0 && !x.StartsWith(model + ",", StringComparison.Ordinal)))
            {
                sb.Append(line).Append('\n');
            }
        }

        foreach (var r in rows)
        {
            sb.Append(r).Append('\n');
        }

        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains(',', StringComparison.Ordinal) || name.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Name '{name}' is empty or contains a comma or newline.", nameof(name));
        }
    }
}
