using System.Globalization;
using System.Text;

namespace Kosmo.Core.IO;

/// <summary>
/// The one CSV helper of the project's readers and writers: invariant-culture numbers in their shortest round-trip
/// form, ISO dates, RFC 4180 quoting of text fields and its inverse, and strict field parsers whose errors name the
/// file, line and column (<see cref="DataValidationException"/>). Writers pair it with <see cref="AtomicFile"/>.
/// </summary>
public static class CsvText
{
    /// <summary>A double in its shortest round-trip invariant form ("NaN", "Infinity" and "-Infinity" as .NET spells them).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A float in its shortest round-trip invariant form.</summary>
    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A double in its shortest round-trip invariant form; empty for NaN and infinities (a missing value).</summary>
    public static string NumberOrEmpty(double value) => double.IsFinite(value) ? Number(value) : "";

    /// <summary>A date as yyyy-MM-dd.</summary>
    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A text field, quoted (inner quotes doubled) when it holds a comma, a quote or a line break.</summary>
    public static string Field(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>Splits one record into its fields, undoing <see cref="Field"/>'s quoting (a line without quotes is split at every comma).</summary>
    public static string[] SplitFields(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            return line.Split(',');
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    /// <summary>Streams the non-empty data lines (1-based line number, text) of a UTF-8 file after checking its header exactly.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">The file is empty or its header differs.</exception>
    public static IEnumerable<(int Line, string Text)> ReadLines(string path, string header)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} does not exist.", path);
        }

        return Iterate(path, header);
    }

    /// <summary>
    /// Streams the non-empty records (1-based line number, exactly <paramref name="count"/> fields) of a UTF-8 file after
    /// checking its header exactly: <see cref="ReadLines"/> then <see cref="Split"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">The file is empty, its header differs, or a record has another number of fields.</exception>
    public static IEnumerable<(int Line, string[] Fields)> ReadRecords(string path, string header, int count) =>
        ReadLines(path, header).Select(l => (l.Line, Split(path, l.Line, l.Text, count)));

    /// <summary>Splits a record into exactly <paramref name="count"/> fields (<see cref="SplitFields"/>).</summary>
    /// <exception cref="DataValidationException">A different number of fields.</exception>
    public static string[] Split(string path, int line, string text, int count)
    {
        var parts = SplitFields(text);
        if (parts.Length != count)
        {
            throw new DataValidationException(path, line, "", $"expected {count} comma-separated fields, found {parts.Length}.");
        }

        return parts;
    }

    /// <summary>Parses an ISO date field.</summary>
    /// <exception cref="DataValidationException">Not a yyyy-MM-dd date.</exception>
    public static DateOnly ParseDate(string path, int line, string column, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new DataValidationException(path, line, column, $"'{text}' is not a yyyy-MM-dd date.");

    /// <summary>Parses a non-empty text field.</summary>
    /// <exception cref="DataValidationException">The field is empty.</exception>
    public static string ParseText(string path, int line, string column, string text) =>
        text.Length > 0 ? text : throw new DataValidationException(path, line, column, "is empty.");

    /// <summary>Parses a finite double (invariant culture).</summary>
    /// <exception cref="DataValidationException">Not a finite number.</exception>
    public static double ParseDouble(string path, int line, string column, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new DataValidationException(path, line, column, $"'{text}' is not a finite number.");

    /// <summary>Parses a probability in [0, 1] as float (invariant culture).</summary>
    /// <exception cref="DataValidationException">Not a number in [0, 1].</exception>
    public static float ParseProbability(string path, int line, string column, string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v) && v >= 0f && v <= 1f
            ? v
            : throw new DataValidationException(path, line, column, $"'{text}' is not a probability in [0, 1].");

    private static IEnumerable<(int Line, string Text)> Iterate(string path, string header)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var first = reader.ReadLine();
        if (first is null || first.Trim() != header)
        {
            throw new DataValidationException(path, 1, "", $"expected the header '{header}'.");
        }

        var line = 1;
        string? text;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length > 0)
            {
                yield return (line, text);
            }
        }
    }
}
