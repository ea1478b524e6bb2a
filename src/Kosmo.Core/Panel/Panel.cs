namespace Kosmo.Core;

/// <summary>
/// A dense point-in-time panel: trading dates × stock codes, one float array per <see cref="PanelField"/>.
/// Storage is code-major: the value of stock <c>i</c> on date index <c>t</c> sits at <c>i * T + t</c>,
/// so one stock's history is a contiguous span (what time-series features and window sampling read).
/// Missing values are <see cref="float.NaN"/>, never 0. A stock that stopped trading (delisted) keeps its
/// history up to its last day and is NaN afterwards.
/// </summary>
public sealed class Panel
{
    private readonly float[][] _fields;
    private readonly Dictionary<string, int> _codeIndex;
    private readonly Dictionary<DateOnly, int> _dateIndex;

    /// <summary>Per code: the dated market spans when the market changed (or differs from the stock's), null = <see cref="StockInfo.Market"/> on every date.</summary>
    private readonly MarketSpan[]?[] _marketHistory;

    /// <summary>Creates an all-NaN panel for the given calendar and stocks.</summary>
    /// <param name="dates">Trading calendar, strictly increasing.</param>
    /// <param name="stocks">Stocks in column order; codes must be unique.</param>
    /// <exception cref="ArgumentException">Dates not strictly increasing or duplicate codes.</exception>
    public Panel(IReadOnlyList<DateOnly> dates, IReadOnlyList<StockInfo> stocks)
    {
        ArgumentNullException.ThrowIfNull(dates);
        ArgumentNullException.ThrowIfNull(stocks);
        for (var t = 1; t < dates.Count; t++)
        {
            if (dates[t] <= dates[t - 1])
            {
                throw new ArgumentException($"Panel dates must be strictly increasing: {dates[t - 1]:yyyy-MM-dd} then {dates[t]:yyyy-MM-dd}.", nameof(dates));
            }
        }

        Dates = dates.ToArray();
        Stocks = stocks.ToArray();
        Codes = Stocks.Select(s => s.Code).ToArray();
        _codeIndex = new Dictionary<string, int>(Codes.Length, StringComparer.Ordinal);
        for (var i = 0; i < Codes.Length; i++)
        {
            if (!_codeIndex.TryAdd(Codes[i], i))
            {
                throw new ArgumentException($"Duplicate code '{Codes[i]}' in panel stocks.", nameof(stocks));
            }
        }

        _dateIndex = new Dictionary<DateOnly, int>(Dates.Length);
        for (var t = 0; t < Dates.Length; t++)
        {
            _dateIndex[Dates[t]] = t;
        }

        var fieldCount = Enum.GetValues<PanelField>().Length;
        _fields = new float[fieldCount][];
        for (var f = 0; f < fieldCount; f++)
        {
            _fields[f] = new float[Dates.Length * Codes.Length];
            Array.Fill(_fields[f], float.NaN);
        }

        Flags = new BarFlags[Dates.Length * Codes.Length];
        _marketHistory = new MarketSpan[]?[Codes.Length];
    }

    /// <summary>Trading calendar (T dates, strictly increasing).</summary>
    public DateOnly[] Dates { get; }

    /// <summary>Stock codes in column order (N codes).</summary>
    public string[] Codes { get; }

    /// <summary>Static attributes, aligned with <see cref="Codes"/>.</summary>
    public StockInfo[] Stocks { get; }

    /// <summary>Number of dates T.</summary>
    public int DateCount => Dates.Length;

    /// <summary>Number of stocks N.</summary>
    public int CodeCount => Codes.Length;

    /// <summary>Per stock-day flags, code-major like the fields: index <c>i * T + t</c>.</summary>
    public BarFlags[] Flags { get; }

    /// <summary>Market index series aligned to <see cref="Dates"/> (NaN where the index has no value), by name (KOSDAQ, KOSPI, KOSPI200, VIX, USDKRW).</summary>
    public Dictionary<string, IndexSeries> Indices { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the data came from the synthetic market generator; every output it feeds must say so.</summary>
    public bool IsSynthetic { get; init; }

    /// <summary>Human-readable provenance (sources, database path, generator seed) for reports.</summary>
    public string Description { get; init; } = "";

    /// <summary>The whole code-major array of a field (length T × N).</summary>
    public float[] Field(PanelField field) => _fields[(int)field];

    /// <summary>One stock's history of a field: a span of T values.</summary>
    public Span<float> Series(PanelField field, int codeIndex) => _fields[(int)field].AsSpan(codeIndex * Dates.Length, Dates.Length);

    /// <summary>One stock's flags: a span of T values.</summary>
    public Span<BarFlags> FlagSeries(int codeIndex) => Flags.AsSpan(codeIndex * Dates.Length, Dates.Length);

    /// <summary>Value of a field for stock <paramref name="codeIndex"/> on date index <paramref name="t"/>.</summary>
    public float Get(PanelField field, int codeIndex, int t) => _fields[(int)field][codeIndex * Dates.Length + t];

    /// <summary>Sets a value of a field.</summary>
    public void Set(PanelField field, int codeIndex, int t, float value) => _fields[(int)field][codeIndex * Dates.Length + t] = value;

    /// <summary>Column index of a code, or -1.</summary>
    public int IndexOfCode(string code) => _codeIndex.TryGetValue(code, out var i) ? i : -1;

    /// <summary>Index of an exact trading date, or -1.</summary>
    public int IndexOfDate(DateOnly date) => _dateIndex.TryGetValue(date, out var t) ? t : -1;

    /// <summary>Index of the last trading date on or before <paramref name="date"/>, or -1 when none.</summary>
    public int IndexAtOrBefore(DateOnly date)
    {
        var pos = Array.BinarySearch(Dates, date);
        return pos >= 0 ? pos : ~pos - 1;
    }

    /// <summary>
    /// The market stock <paramref name="codeIndex"/> was listed on at date index <paramref name="t"/> (point in time: a stock
    /// that moved from KOSDAQ to KOSPI is KOSDAQ before its move). Without a dated history (sources without a per-day market,
    /// or a market that never changed) it is <see cref="StockInfo.Market"/> on every date.
    /// </summary>
    public Market MarketAt(int codeIndex, int t)
    {
        var spans = _marketHistory[codeIndex];
        if (spans is null)
        {
            return Stocks[codeIndex].Market;
        }

        var market = spans[0].Market;
        for (var j = 1; j < spans.Length && spans[j].From <= t; j++)
        {
            market = spans[j].Market;
        }

        return market;
    }

    /// <summary>
    /// Stock <paramref name="codeIndex"/>'s dated market history: (first date index, market) spans in date order, the first
    /// starting at 0; empty when the market is <see cref="StockInfo.Market"/> on every date.
    /// </summary>
    public IReadOnlyList<MarketSpan> MarketHistory(int codeIndex) => _marketHistory[codeIndex] ?? [];

    /// <summary>
    /// Sets stock <paramref name="codeIndex"/>'s market per date from a T-long span. <see cref="Market.Unknown"/> entries
    /// (dates without a row, or rows without a market) take the previous known market (leading ones the first known). When
    /// every date ends up at <see cref="StockInfo.Market"/> nothing is stored, so the stock reads exactly as before.
    /// </summary>
    /// <exception cref="ArgumentException">The span is not T long.</exception>
    public void SetMarkets(int codeIndex, ReadOnlySpan<Market> perDate)
    {
        if (perDate.Length != Dates.Length)
        {
            throw new ArgumentException($"A market per date needs {Dates.Length} entries, got {perDate.Length}.", nameof(perDate));
        }

        var first = Market.Unknown;
        foreach (var m in perDate)
        {
            if (m != Market.Unknown)
            {
                first = m;
                break;
            }
        }

        if (first == Market.Unknown)
        {
            _marketHistory[codeIndex] = null; // no dated market at all
            return;
        }

        var spans = new List<MarketSpan>();
        var current = first;
        for (var t = 0; t < perDate.Length; t++)
        {
            current = perDate[t] != Market.Unknown ? perDate[t] : current;
            if (spans.Count == 0 || spans[^1].Market != current)
            {
                spans.Add(new MarketSpan(spans.Count == 0 ? 0 : t, current));
            }
        }

        _marketHistory[codeIndex] = (spans.Count == 1 && spans[0].Market == Stocks[codeIndex].Market) ? null : [.. spans];
    }

    /// <summary>True when stock i traded on date t: a finite positive close, positive volume and no halt flag.</summary>
    public bool IsTrading(int codeIndex, int t)
    {
        var k = codeIndex * Dates.Length + t;
        var close = _fields[(int)PanelField.Close][k];
        var volume = _fields[(int)PanelField.Volume][k];
        return float.IsFinite(close) && close > 0 && volume > 0 && (Flags[k] & (BarFlags.Halted | BarFlags.Placeholder)) == 0;
    }
}
