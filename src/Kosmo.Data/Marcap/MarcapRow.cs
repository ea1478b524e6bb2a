namespace Kosmo.Data.Marcap;

/// <summary>
/// One stock-day in the FinanceData/marcap shape, as <see cref="MarcapFixtureWriter"/> writes it: raw KRX prices (KRW),
/// shares traded, trading value and market cap (KRW), listed shares, the KRX change code (0 no trade, 1 up, 2 down,
/// 3 unchanged, 4 upper limit, 5 lower limit) and the change in KRW and in percent. Missing numbers are NaN.
/// </summary>
public sealed record MarcapRow
{
    /// <summary>Trading day.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>6-character KRX short code.</summary>
    public required string Code { get; init; }

    /// <summary>Name on that day.</summary>
    public string Name { get; init; } = "";

    /// <summary>KOSPI, KOSDAQ, KOSDAQ GLOBAL or KONEX on that day (a market move shows here).</summary>
    public string Market { get; init; } = "";

    /// <summary>STK, KSQ or KNX.</summary>
    public string MarketId { get; init; } = "";

    /// <summary>소속부 and flags (관리종목(소속부없음), ...); empty for KOSPI.</summary>
    public string Dept { get; init; } = "";

    /// <summary>Open price (0 on a halted day, as marcap writes it).</summary>
    public double Open { get; init; }

    /// <summary>High price.</summary>
    public double High { get; init; }

    /// <summary>Low price.</summary>
    public double Low { get; init; }

    /// <summary>Close price.</summary>
    public double Close { get; init; }

    /// <summary>KRX change code, 0..5.</summary>
    public int ChangeCode { get; init; }

    /// <summary>Close minus the previous close, KRW.</summary>
    public double Changes { get; init; }

    /// <summary>Change in percent (marcap's ChagesRatio / ChangesRatio).</summary>
    public double ChangesRatio { get; init; }

    /// <summary>Shares traded.</summary>
    public double Volume { get; init; }

    /// <summary>Trading value, KRW.</summary>
    public double Amount { get; init; }

    /// <summary>Market cap, KRW (Close × Stocks).</summary>
    public double Marcap { get; init; }

    /// <summary>Listed shares.</summary>
    public double Stocks { get; init; }

    /// <summary>Market-cap rank across markets on that day (1 = largest).</summary>
    public int Rank { get; init; }
}
