using System.Globalization;
using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Models.RunFolder;

/// <summary>Small strict helpers shared by the run-folder CSV readers and writers (invariant culture, ISO dates).</summary>
internal static class CsvText
{
    /// <summary>Formats a float with the shortest round-trip text, invariant culture.</summary>
    public static string F(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a double with the shortest round-trip text, invariant culture.</summary>
    public static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a date as yyyy-MM-dd.</summary>
    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Streams the data lines (1-based line number, text) after checking the header exactly.</summary>
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

    /// <summary>Splits a line into exactly <paramref name="count"/> fields.</summary>
    /// <exception cref="DataValidationException">A different number of fields.</exception>
    public static string[] Split(string path, int line, string text, int count)
    {
        var parts = text.Split(',');
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

    /// <summary>Parses a finite double.</summary>
    /// <exception cref="DataValidationException">Not a finite number.</exception>
    public static double ParseDouble(string path, int line, string column, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new DataValidationException(path, line, column, $"'{text}' is not a finite number.");

    /// <summary>Parses a probability in [0, 1] as float.</summary>
    /// <exception cref="DataValidationException">Not a number in [0, 1].</exception>
    public static float ParseProbability(string path, int line, string column, string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v) && v >= 0f && v <= 1f
            ? v
            : throw new DataValidationException(path, line, column, $"'{text}' is not a probability in [0, 1].");

    /// <summary>Writes lines to a temp file beside <paramref name="path"/> and renames it into place.</summary>
    public static void WriteAtomically(string path, Action<TextWriter> write) => AtomicFile.Write(path, write);

    private static IEnumerable<(int Line, string Text)> Iterate(string path, string header)
    {
        using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
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
