using System.Text;
using Kosmo.Core;

namespace Kosmo.Data.Import;

/// <summary>
/// Reads one input file (any supported format), validates every row and hands validated rows to a
/// <see cref="RowSink"/>. Throws <see cref="DataValidationException"/> at the first bad row; the caller's
/// transaction makes that all-or-nothing. Repairs it applies are counted in <see cref="Repairs"/>.
/// </summary>
internal sealed partial class FileParser
{
    private readonly string _path;
    private readonly Utf8StringCache _strings = new();
    private readonly Dictionary<string, StockSeen> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (int Rows, double MaxVolume)> _dates = [];
    private readonly int _latestDate = ImportBounds.LatestDateKey();
    private readonly string? _indexName;
    private int _headerFields;
    private CsvByteReader _reader = null!;
    private FileLayout _layout = null!;

    /// <param name="path">The file (CSV, CSV.GZ or parquet).</param>
    /// <param name="indexName">An index series name given by the user (index files only); null: from the file name.</param>
    public FileParser(string path, string? indexName = null)
    {
        _path = path;
        _indexName = indexName;
    }

    public FileLayout Layout => _layout;

    public string EncodingName { get; private set; } = "utf-8";

    /// <summary>1-based line number of the row being processed (parquet: its 1-based row number in the file).</summary>
    public long CurrentLine => _parquet is { } p ? p.Row : _reader?.LineNumber ?? 0;

    public long Rows { get; private set; }

    public long HaltedRows { get; private set; }

    public int FirstDate { get; private set; }

    public int LastDate { get; private set; }

    public Dictionary<string, long> Repairs { get; } = new(StringComparer.Ordinal);

    /// <summary>Codes seen with their latest attributes.</summary>
    public IReadOnlyDictionary<string, StockSeen> Seen => _seen;

    /// <summary>Dates on which the file has at least 10 rows and every row has volume 0 (holiday placeholders).</summary>
    public IEnumerable<int> PlaceholderDates() => _dates.Where(kv => kv.Value.Rows >= 10 && kv.Value.MaxVolume == 0).Select(kv => kv.Key);

    /// <summary>
    /// What the parse found, as the summary of importing <paramref name="path"/> (placeholders, conflicts and replaced rows
    /// are the importer's to add).
    /// </summary>
    public ImportSummary Summary(string path, string sha256, double seconds) => new()
    {
        Path = path,
        Sha256 = sha256,
        Format = _layout.Format,
        Source = _layout.Source.Name,
        Encoding = EncodingName,
        Rows = Rows,
        Codes = _layout.Format == ImportFormat.Index ? 0 : _seen.Count,
        FirstDate = FirstDate,
        LastDate = LastDate,
        HaltedRows = HaltedRows,
        Repairs = new SortedDictionary<string, long>(Repairs, StringComparer.Ordinal),
        Seconds = seconds,
    };

    /// <summary>Parses the whole file into <paramref name="sink"/>.</summary>
    /// <exception cref="DataValidationException">Any validation failure (file, line, column, problem).</exception>
    public void Parse(RowSink sink)
    {
        if (ParquetInput.IsParquet(_path))
        {
            ParseParquet(sink);
            return;
        }

        using var reader = new CsvByteReader(InputDecoder.Open(_path, out var enc));
        EncodingName = enc;
        _reader = reader;
        if (!SafeRead())
        {
            throw new DataValidationException(_path, 1, "", "no header row");
        }

        if (reader.TooManyFields)
        {
            throw new DataValidationException(_path, 1, "", $"the header has more than {reader.FieldCount} fields: not a supported table");
        }

        _headerFields = reader.FieldCount;
        var header = new List<string>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            header.Add(Encoding.UTF8.GetString(reader.Field(i)));
        }

        _layout = FileLayout.Detect(_path, header, _indexName);
        switch (_layout.Format)
        {
            case ImportFormat.Index:
                ParseIndex(sink);
                break;
            case ImportFormat.StockList:
                ParseStockList(sink);
                break;
            default:
                ParseBars(sink);
                break;
        }
    }

    private bool SafeRead()
    {
        try
        {
            return _reader.Read();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new DataValidationException(_path, _reader.LineNumber + 1, "", $"corrupt or truncated gzip data ({e.Message})");
        }
    }

    /// <summary>Every row has exactly the header's field count: one more (an unquoted comma in a name) or one fewer is an error.</summary>
    private void CheckFieldCount()
    {
        var expected = _headerFields;
        if (_reader.FieldCount == expected && !_reader.TooManyFields)
        {
            return;
        }

        var found = _reader.TooManyFields ? $"more than {_reader.FieldCount}" : _reader.FieldCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        throw _reader.LastLineUnterminated && _reader.FieldCount < expected
            ? new DataValidationException(_path, _reader.LineNumber, "", $"truncated last line ({_reader.FieldCount} of {expected} fields): the file was cut short")
            : new DataValidationException(_path, _reader.LineNumber, "", $"expected {expected} fields as in the header, found {found}"
                + (_reader.FieldCount > expected || _reader.TooManyFields ? " (an unquoted comma in a value?)" : ""));
    }

    private double Number(int column, string name)
    {
        if (column < 0)
        {
            return double.NaN;
        }

        var field = _reader.Field(column);
        if (field.IsEmpty)
        {
            return double.NaN;
        }

        if (!NumberParser.TryParseDouble(field, out var v))
        {
            throw Error(name, $"non-numeric value '{DataValidationException.Clip(Encoding.UTF8.GetString(field))}'");
        }

        return v;
    }

    /// <summary>A count or KRW amount: not negative, at most <paramref name="max"/> (<see cref="ImportBounds"/>).</summary>
    private double Bounded(int column, string name, double max) => CheckBound(Number(column, name), name, max);

    /// <summary>A count or KRW amount already read (CSV or parquet): not negative, at most <paramref name="max"/>; NaN passes.</summary>
    private double CheckBound(double v, string name, double max)
    {
        if (v < 0 || v > max)
        {
            throw Error(name, FormattableString.Invariant($"{name} {v} is outside [0, {max:0e0}]"));
        }

        return v;
    }

    private double Price(int column, string name)
    {
        var v = Number(column, name);
        if (v < 0)
        {
            throw Error(name, $"negative price {v}");
        }

        return v;
    }

    private int Date(int column)
    {
        var field = _reader.Field(column);
        if (!NumberParser.TryParseDateKey(field, out var key))
        {
            throw Error("Date", $"not a date: '{DataValidationException.Clip(Encoding.UTF8.GetString(field))}'");
        }

        NoteDate(key);
        return key;
    }

    /// <summary>Widens the file's first/last date to include <paramref name="key"/>; a date after tomorrow is an error.</summary>
    private void NoteDate(int key)
    {
        if (key > _latestDate)
        {
            throw Error("Date", FormattableString.Invariant($"date {key / 10000:D4}-{key / 100 % 100:D2}-{key % 100:D2} is in the future (after tomorrow)"));
        }

        if (FirstDate == 0 || key < FirstDate)
        {
            FirstDate = key;
        }

        if (key > LastDate)
        {
            LastDate = key;
        }
    }

    private string Text(int column, string name)
    {
        if (column < 0)
        {
            return "";
        }

        try
        {
            return _strings.Get(_reader.Field(column).Trim((byte)' '));
        }
        catch (DecoderFallbackException)
        {
            throw Error(name, "invalid UTF-8 bytes in a file detected as UTF-8 (mixed or unknown encoding)");
        }
    }

    /// <summary>A validation error at the current row: its line (CSV) or its row group and row (parquet).</summary>
    private DataValidationException Error(string column, string problem) => _parquet is { } p
        ? new DataValidationException(_path, p.Row, column, $"row group {p.Group}, row {p.RowInGroup}: {problem}")
        : new DataValidationException(_path, _reader.LineNumber, column, problem);

    private void Count(string repair, long n = 1) => Repairs[repair] = Repairs.GetValueOrDefault(repair) + n;
}
