using Kosmo.Core;

namespace Kosmo.Data.Import;

/// <summary>
/// The recognised layout of one input file: its format, source and the index of each logical column
/// (-1 when absent). Built from the header row by <see cref="Detect"/>; column order is free.
/// </summary>
internal sealed class FileLayout
{
    private static readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["날짜"] = "Date", ["일자"] = "Date", ["시가"] = "Open", ["고가"] = "High", ["저가"] = "Low", ["종가"] = "Close",
        ["거래량"] = "Volume", ["등락률"] = "ChangePct", ["거래대금"] = "Amount", ["종목코드"] = "Code",
        ["Adj Close"] = "AdjClose", ["Adj_Close"] = "AdjClose", ["ChangesRatio"] = "ChagesRatio",
    };

    private readonly Dictionary<string, int> _columns;

    private FileLayout(ImportFormat format, SourceInfo source, Dictionary<string, int> columns, string? fixedCode, string? indexName, bool koreanHeader)
    {
        Format = format;
        Source = source;
        _columns = columns;
        FixedCode = fixedCode;
        IndexName = indexName;
        KoreanHeader = koreanHeader;
    }

    public ImportFormat Format { get; }

    public SourceInfo Source { get; }

    /// <summary>The code for every row when the file has no Code column (per-stock file named 005930.csv).</summary>
    public string? FixedCode { get; }

    /// <summary>Index name (KOSDAQ, VIX, ...) for <see cref="ImportFormat.Index"/>.</summary>
    public string? IndexName { get; }

    /// <summary>True when the header was Korean (날짜, 시가, ...).</summary>
    public bool KoreanHeader { get; }

    /// <summary>Number of header columns.</summary>
    public int ColumnCount => _columns.Count;

    /// <summary>Index of a logical column, or -1.</summary>
    public int this[string name] => _columns.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Index of a required logical column.</summary>
    /// <exception cref="DataValidationException">The column is missing.</exception>
    public int Require(string path, string name) => _columns.TryGetValue(name, out var i)
        ? i
        : throw new DataValidationException(path, 1, name, $"missing required column '{name}' for the {Format} ({Source.Name}) format");

    /// <summary>Recognises the format from the header fields (and the file name for per-stock and index files).</summary>
    /// <exception cref="DataValidationException">The header matches no known format.</exception>
    public static FileLayout Detect(string path, IReadOnlyList<string> header)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var korean = false;
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (_aliases.TryGetValue(name, out var canonical))
            {
                korean |= name[0] >= 0xAC00;
                name = canonical;
            }

            if (name.Length > 0 && !columns.TryAdd(name, i))
            {
                throw new DataValidationException(path, 1, name, "the column appears twice in the header");
            }
        }

        bool Has(string c) => columns.ContainsKey(c);
        var stem = Stem(path);
        if (Has("Marcap") && Has("Stocks"))
        {
            // The synthetic generator writes marcap files with an extra 'Synthetic' column (its seed).
            return new(ImportFormat.Marcap, Has("Synthetic") ? SourceInfo.Synthetic : SourceInfo.Marcap, columns, null, null, korean);
        }

        if (Has("Code") && Has("LastMarket"))
        {
            return new(ImportFormat.StockList, SourceInfo.Marcap, columns, null, null, korean);
        }

        var ohlc = Has("Date") && (Has("Close") || Has("Open"));
        if (ohlc && Has("Code"))
        {
            var source = korean ? SourceInfo.Csv
                : Has("AdjClose") ? SourceInfo.Yahoo
                : Has("ChangePct") ? SourceInfo.Pykrx
                : Has("Change") ? SourceInfo.Fdr
                : SourceInfo.Csv;
            return new(ImportFormat.Ohlcv, source, columns, null, null, korean);
        }

        if (ohlc && IsCode(stem))
        {
            return new(ImportFormat.Ohlcv, SourceInfo.Csv, columns, stem.ToUpperInvariant(), null, korean);
        }

        if (ohlc)
        {
            var name = stem.StartsWith("index_", StringComparison.OrdinalIgnoreCase) ? stem[6..] : stem;
            // KRX indices come from FinanceDataReader; VIX/USDKRW (with Adj Close) from Yahoo.
            var source = Has("AdjClose") ? SourceInfo.Yahoo : SourceInfo.Fdr;
            return new(ImportFormat.Index, source, columns, null, name.ToUpperInvariant(), korean);
        }

        throw new DataValidationException(path, 1, "", $"unrecognised header '{string.Join(',', header)}': expected a marcap, OHLCV or index table");
    }

    /// <summary>The file name without .csv / .csv.gz / .gz.</summary>
    public static string Stem(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var ext in new[] { ".gz", ".csv", ".txt" })
        {
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^ext.Length];
            }
        }

        return name;
    }

    private static bool IsCode(string s) => s.Length == 6 && s.All(char.IsAsciiLetterOrDigit) && char.IsAsciiDigit(s[0]);
}
