using System.Globalization;
using System.IO.Compression;
using System.Text;
using Parquet;
using Parquet.Schema;
using Kosmo.Core.IO;

namespace Kosmo.Data.Marcap;

/// <summary>
/// Writes marcap-format files (FinanceData/marcap's yearly <c>marcap-YYYY.parquet</c> and <c>marcap-YYYY.csv.gz</c>) from
/// <see cref="MarcapRow"/>s: the test fixtures, the files a local HTTP mirror serves to the downloader's tests, and the
/// benchmark input. Rows are written in the order given. Each file is written to a temporary name and renamed, so a
/// failure leaves no half file.
/// </summary>
public static class MarcapFixtureWriter
{
    private static readonly string[] _legacy =
        ["Code", "Name", "Close", "Changes", "ChagesRatio", "Volume", "Amount", "Open", "High", "Low", "Marcap", "MarcapRatio", "Stocks", "ForeignShares", "ForeignRatio", "Rank", "Date"];

    private static readonly string[] _current =
        ["Code", "Name", "Market", "Dept", "Close", "ChangeCode", "Changes", "ChagesRatio", "Open", "High", "Low", "Volume", "Amount", "Marcap", "Stocks", "MarketId", "Rank", "Date"];

    private static readonly string[] _y2026 =
        ["Code", "Name", "Market", "Dept", "Close", "ChangeCode", "Changes", "ChagesRatio", "ChangesRatio", "Open", "High", "Low", "Volume", "Amount", "Marcap", "Stocks", "MarketId", "Rank", "Date"];

    private static readonly HashSet<string> _texts = new(StringComparer.Ordinal) { "Code", "Name", "Market", "Dept", "MarketId", "ChangeCode" };

    /// <summary>The columns a file of <paramref name="options"/> has, in order.</summary>
    public static IReadOnlyList<string> Columns(MarcapFixtureOptions? options = null)
    {
        options ??= new MarcapFixtureOptions();
        var columns = options.Schema switch
        {
            MarcapSchema.Legacy => _legacy,
            MarcapSchema.Y2026 => _y2026,
            _ => _current,
        };
        return columns.Where(c => !options.OmitColumns.Contains(c, StringComparer.Ordinal)).Concat(options.ExtraColumns).ToList();
    }

    /// <summary>Writes a CSV file (gzip when the name ends in .gz), as pandas' <c>to_csv</c> writes marcap.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteCsv(string path, IEnumerable<MarcapRow> rows, MarcapFixtureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new MarcapFixtureOptions();
        var columns = Columns(options);
        var full = Prepare(path);
        AtomicFile.WriteBytes(full, file =>
        {
            using var gz = full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true) : null;
            using var w = new StreamWriter((Stream?)gz ?? file, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            w.WriteLine(string.Join(',', columns));
            var fields = new string[columns.Count];
            foreach (var r in rows)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    fields[i] = CsvField(r, columns[i], options);
                }

                w.WriteLine(string.Join(',', fields));
            }
        });
    }

    /// <summary>Writes a parquet file: text columns as strings, Date as a timestamp (or text), whole numbers as int64 (or double), ratios as double; empty values null.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteParquet(string path, IReadOnlyList<MarcapRow> rows, MarcapFixtureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new MarcapFixtureOptions();
        var columns = Columns(options);
        var fields = columns.Select(c => FieldOf(c, options)).ToArray();
        var full = Prepare(path);
        var all = rows as MarcapRow[] ?? [.. rows];
        AtomicFile.WriteBytes(full, file => WriteParquetFile(file, all, columns, fields, options));
    }

    private static void WriteParquetFile(Stream file, MarcapRow[] all, IReadOnlyList<string> columns, DataField[] fields, MarcapFixtureOptions options)
    {
        var rows = all;
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), file).GetAwaiter().GetResult();
        try
        {
            for (var start = 0; start < rows.Length || start == 0; start += options.RowGroupRows)
            {
                var n = Math.Min(options.RowGroupRows, rows.Length - start);
                var group = new ArraySegment<MarcapRow>(all, start, n);
                using var rg = writer.CreateRowGroup();
                for (var c = 0; c < columns.Count; c++)
                {
                    WriteColumn(rg, fields[c], columns[c], group, options);
                }

                if (rows.Length == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Writes one file per calendar year into <paramref name="dir"/>, named as FinanceData/marcap names them:
    /// <c>marcap-YYYY.parquet</c> or <c>marcap-YYYY.csv.gz</c>. Returns the paths written.
    /// </summary>
    /// <param name="dir">The output folder (created when missing).</param>
    /// <param name="rows">The rows, any years.</param>
    /// <param name="parquet">True: parquet files; false: csv.gz files.</param>
    /// <param name="options">File shape; null: the current schema.</param>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static IReadOnlyList<string> WriteYears(string dir, IEnumerable<MarcapRow> rows, bool parquet, MarcapFixtureOptions? options = null)
    {
        var written = new List<string>();
        foreach (var year in rows.GroupBy(r => r.Date.Year).OrderBy(g => g.Key))
        {
            var path = Path.Combine(dir, $"marcap-{year.Key}" + (parquet ? ".parquet" : ".csv.gz"));
            if (parquet)
            {
                WriteParquet(path, year.ToArray(), options);
            }
            else
            {
                WriteCsv(path, year, options);
            }

            written.Add(path);
        }

        return written;
    }

    private static string Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    private static DataField FieldOf(string column, MarcapFixtureOptions options)
    {
        if (column == "Date")
        {
            return options.DateAsText ? new DataField<string>("Date", nullable: true) : new DateTimeDataField("Date", DateTimeFormat.Timestamp, isNullable: true);
        }

        if (_texts.Contains(column) || options.ExtraColumns.Contains(column, StringComparer.Ordinal))
        {
            return new DataField<string>(column, nullable: true);
        }

        return IsRatio(column) || options.DoubleNumbers ? new DataField<double>(column, nullable: true) : new DataField<long>(column, nullable: true);
    }

    /// <summary>Parquet.Net 6 reports string columns as <c>ReadOnlyMemory&lt;char&gt;</c> (or string with untyped strings).</summary>
    internal static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static bool IsRatio(string column) => column is "ChagesRatio" or "ChangesRatio" or "MarcapRatio" or "ForeignRatio";

    private static void WriteColumn(ParquetRowGroupWriter rg, DataField field, string column, ArraySegment<MarcapRow> rows, MarcapFixtureOptions options)
    {
        if (column == "Date" && !options.DateAsText)
        {
            var dates = rows.Select(r => (DateTime?)r.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified)).ToArray();
            rg.WriteAsync<DateTime>(field, dates.AsMemory()).GetAwaiter().GetResult();
        }
        else if (IsText(field))
        {
            var text = rows.Select(r => Text(r, column, options)).ToArray();
            rg.WriteAsync(field, text).GetAwaiter().GetResult();
        }
        else if (field.ClrType == typeof(double))
        {
            var values = rows.Select(r => Number(r, column, options.Schema) is var v && double.IsNaN(v) ? (double?)null : v).ToArray();
            rg.WriteAsync<double>(field, values.AsMemory()).GetAwaiter().GetResult();
        }
        else
        {
            var values = rows.Select(r => Number(r, column, options.Schema) is var v && double.IsNaN(v) ? (long?)null : (long)Math.Round(v)).ToArray();
            rg.WriteAsync<long>(field, values.AsMemory()).GetAwaiter().GetResult();
        }
    }

    /// <summary>A text cell (null: empty).</summary>
    private static string? Text(MarcapRow r, string column, MarcapFixtureOptions options) => column switch
    {
        "Code" => r.Code,
        "Name" => r.Name,
        "Market" => r.Market,
        "MarketId" => r.MarketId,
        "Dept" => r.Dept.Length > 0 ? r.Dept : options.NanDept ? "nan" : null,
        "ChangeCode" => r.ChangeCode.ToString(CultureInfo.InvariantCulture),
        "Date" => r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => "x",
    };

    /// <summary>A number cell (NaN: empty). ChagesRatio is empty in the 2026 layout, where ChangesRatio carries the value.</summary>
    private static double Number(MarcapRow r, string column, MarcapSchema schema) => column switch
    {
        "Open" => r.Open,
        "High" => r.High,
        "Low" => r.Low,
        "Close" => r.Close,
        "Changes" => r.Changes,
        "ChagesRatio" => schema == MarcapSchema.Y2026 ? double.NaN : r.ChangesRatio,
        "ChangesRatio" => r.ChangesRatio,
        "Volume" => r.Volume,
        "Amount" => r.Amount,
        "Marcap" => r.Marcap,
        "Stocks" => r.Stocks,
        "Rank" => r.Rank,
        "MarcapRatio" or "ForeignRatio" => 0,
        "ForeignShares" => 0,
        _ => double.NaN,
    };

    private static string CsvField(MarcapRow r, string column, MarcapFixtureOptions options)
    {
        if (_texts.Contains(column) || column == "Date" || options.ExtraColumns.Contains(column, StringComparer.Ordinal))
        {
            var text = Text(r, column, options) ?? "";
            return CsvText.Field(text);
        }

        var v = Number(r, column, options.Schema);
        if (double.IsNaN(v))
        {
            return "";
        }

        if (IsRatio(column))
        {
            return v.ToString("R", CultureInfo.InvariantCulture);
        }

        var whole = Math.Round(v);
        return options.FloatNumbers && column is not ("Stocks" or "Rank")
            ? whole.ToString("F1", CultureInfo.InvariantCulture)
            : whole.ToString("F0", CultureInfo.InvariantCulture);
    }
}
