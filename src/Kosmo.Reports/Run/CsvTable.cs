using System.Globalization;
using Kosmo.Core;
using Kosmo.Core.IO;

namespace Kosmo.Reports.Run;

/// <summary>
/// A streaming reader of a small comma-separated file with a header row. Values are looked up by column name; a bad
/// value throws <see cref="DataValidationException"/> naming the file, line and column. Quoted fields ("a,b") are
/// supported (<see cref="CsvText.SplitFields"/>); blank lines are skipped.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _index;
    private string[] _fields = [];

    private CsvTable(string path, string[] header)
    {
        Path = path;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            _index.TryAdd(header[i].Trim(), i);
        }
    }

    public string Path { get; }

    /// <summary>1-based line number of the current row.</summary>
    public long Line { get; private set; }

    /// <summary>Reads every row of the file, checking that the required columns exist.</summary>
    /// <exception cref="DataValidationException">Empty file, missing column, or a row with too few fields.</exception>
    public static IEnumerable<CsvTable> Rows(string path, params string[] required)
    {
        using var reader = new StreamReader(path);
        var headerLine = reader.ReadLine();
        if (headerLine is null)
        {
            throw new DataValidationException(path, 1, string.Empty, "the file is empty (a header row is expected)");
        }

        var table = new CsvTable(path, CsvText.SplitFields(headerLine.TrimStart('\uFEFF')));
        foreach (var column in required)
        {
            if (!table._index.ContainsKey(column))
            {
                throw new DataValidationException(path, 1, column, $"missing column (expected {string.Join(",", required)})");
            }
        }

        table.Line = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            table.Line++;
            if (line.Length == 0)
            {
                continue;
            }

            table._fields = CsvText.SplitFields(line);
            yield return table;
        }
    }

    public bool Has(string column) => _index.ContainsKey(column);

    /// <exception cref="DataValidationException">The row has no such field.</exception>
    public string Text(string column)
    {
        var i = _index[column];
        if (i >= _fields.Length)
        {
            throw new DataValidationException(Path, Line, column, $"the row has {_fields.Length} fields, the header {_index.Count}");
        }

        return _fields[i].Trim();
    }

    /// <exception cref="DataValidationException">Not an ISO date (yyyy-MM-dd).</exception>
    public DateOnly Date(string column)
    {
        var s = Text(column);
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || DateOnly.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d))
        {
            return d;
        }

        throw new DataValidationException(Path, Line, column, $"'{s}' is not a date (yyyy-MM-dd)");
    }

    /// <summary>A finite number; an empty field, "NA", "NaN" or "null" gives NaN when <paramref name="allowMissing"/>.</summary>
    /// <exception cref="DataValidationException">Not a number (or missing when not allowed).</exception>
    public double Number(string column, bool allowMissing = false)
    {
        var s = Text(column);
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            return v;
        }

        if (allowMissing && (s.Length == 0 || s is "NA" or "NaN" or "nan" or "null"))
        {
            return double.NaN;
        }

        throw new DataValidationException(Path, Line, column, $"'{s}' is not a finite number");
    }
}
