using Kosmo.Core;

namespace Kosmo.Data.Import;

/// <summary>
/// The recognised layout of one input file: its format, source and the index of each logical column
/// (-1 when absent). Built from the header row (or a parquet schema's column names) by <see cref="Detect"/>; column order
/// is free. Two header columns that name the same logical column through an alias (the misspelt marcap <c>ChagesRatio</c>
/// and the later <c>ChangesRatio</c>, which the 2026 files carry side by side) are both kept: the first is the column,
/// the second its <see cref="Alternate"/>, and the parser takes the non-empty one per row.
/// </summary>
internal sealed class FileLayout
{
    private static readonly Dictionary<string, string> _aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["날짜"] = "Date", ["일자"] = "Date", ["시가"] = "Open", ["고가"] = "High", ["저가"] = "Low", ["종가"] = "Close",
        ["거래량"] = "Volume", ["등락률"] = "ChangePct", ["거래대금"] = "Amount", ["종목코드"] = "Code",
        ["Adj Close"] = "AdjClose", ["Adj_Close"] = "AdjClose", ["ChangesRatio"] = "ChagesRatio",
    };

    /// <summary>Index series recognised by name in a file name with any suffix (index_KOSDAQ_2025-07_onward.csv.gz is KOSDAQ).</summary>
    private static readonly string[] _knownIndices = ["KOSPI200", "KOSPI", "KOSDAQ", "VIX", "USDKRW"];

    private readonly Dictionary<string, int> _columns;
    private readonly Dictionary<string, (int Index, string Header)> _alternates = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

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
    public int ColumnCount => _columns.Count + _alternates.Count;

    /// <summary>Index of a logical column, or -1.</summary>
    public int this[string name] => _columns.TryGetValue(name, out var i) ? i : -1;

    /// <summary>The second header column aliased to logical column <paramref name="name"/> (index, header text), or (-1, "").</summary>
    public (int Index, string Header) Alternate(string name) => _alternates.TryGetValue(name, out var a) ? a : (-1, "");

    /// <summary>The header text of logical column <paramref name="name"/> as the file spells it (the name itself when absent).</summary>
    public string HeaderOf(string name) => _headers.TryGetValue(name, out var h) ? h : name;

    /// <summary>Index of a required logical column.</summary>
    /// <exception cref="DataValidationException">The column is missing.</exception>
    public int Require(string path, string name) => _columns.TryGetValue(name, out var i)
        ? i
        : throw new DataValidationException(path, 1, name, $"missing required column '{name}' for the {Format} ({Source.Name}) format");

    /// <summary>Recognises the format from the header fields (and the file name for per-stock and index files).</summary>
    /// <exception cref="DataValidationException">The header matches no known format.</exception>
    /// <param name="path">The file (for errors, the per-stock code and the index name).</param>
    /// <param name="header">The header fields in file order.</param>
    /// <param name="indexName">An index series name given by the user; overrides the one read from the file name.</param>
    public static FileLayout Detect(string path, IReadOnlyList<string> header, string? indexName = null)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var alternates = new List<(string Name, int Index, string Header)>();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var spelt = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var korean = false;
        for (var i = 0; i < header.Count; i++)
        {
            var text = header[i].Trim();
            var name = text;
            if (name.Length > 0 && !spelt.Add(name))
            {
                throw new DataValidationException(path, 1, name, "the column appears twice in the header");
            }

            if (_aliases.TryGetValue(name, out var canonical))
            {
                korean |= name[0] >= 0xAC00;
                name = canonical;
            }

            if (name.Length == 0)
            {
                continue;
            }

            if (columns.TryAdd(name, i))
            {
                headers[name] = text;
            }
            else if (alternates.Exists(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new DataValidationException(path, 1, text, $"three columns name '{name}' (directly or through an alias)");
            }
            else
            {
                // Two spellings of one column (ChagesRatio and ChangesRatio): the parser takes the non-empty one per row.
                alternates.Add((name, i, text));
            }
        }

        var stem = Stem(path);
        var layout = Recognise(path, header, columns, stem, korean, indexName);
        foreach (var (name, index, text) in alternates)
        {
            layout._alternates[name] = (index, text);
        }

        foreach (var (name, text) in headers)
        {
            layout._headers[name] = text;
        }

        return layout;
    }

    /// <summary>
    /// The series name of an index file: <paramref name="explicitName"/> when given, else a known index (KOSPI200, KOSPI,
    /// KOSDAQ, VIX, USDKRW) named by the first word of the file name after an optional <c>index_</c> prefix (words split at
    /// _ - . and space, so <c>index_KOSDAQ_2025-07_onward</c> is KOSDAQ), else the whole upper-cased stem.
    /// </summary>
    public static string IndexNameOf(string path, string? explicitName = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitName))
        {
            return explicitName.Trim().ToUpperInvariant();
        }

        var stem = Stem(path);
        var name = stem.StartsWith("index_", StringComparison.OrdinalIgnoreCase) ? stem[6..] : stem;
        var first = name.Split(['_', '-', '.', ' '], 2)[0];
        foreach (var known in _knownIndices)
        {
            if (first.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return name.ToUpperInvariant();
    }

    private static FileLayout Recognise(string path, IReadOnlyList<string> header, Dictionary<string, int> columns, string stem, bool korean, string? indexName)
    {
        bool Has(string c) => columns.ContainsKey(c);
        // Any marcap-only column makes the file marcap (index files have MarCap but no Code): one missing Marcap or Stocks is
        // then rejected as a missing column.
        if (Has("Stocks") || Has("ChagesRatio") || Has("MarketId") || (Has("Marcap") && Has("Code")))
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
            // KRX indices come from FinanceDataReader; VIX/USDKRW (with Adj Close) from Yahoo.
            var source = Has("AdjClose") ? SourceInfo.Yahoo : SourceInfo.Fdr;
            return new(ImportFormat.Index, source, columns, null, IndexNameOf(path, indexName), korean);
        }

        throw new DataValidationException(path, 1, "", $"unrecognised header '{string.Join(',', header)}': expected a marcap, OHLCV or index table");
    }

    /// <summary>The file name without .csv / .csv.gz / .gz / .parquet.</summary>
    public static string Stem(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var ext in new[] { ".gz", ".csv", ".txt", ".parquet" })
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
