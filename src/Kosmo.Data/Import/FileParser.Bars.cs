using Kosmo.Core;

namespace Kosmo.Data.Import;

/// <summary>Stock-day rows (marcap and OHLCV formats).</summary>
internal sealed partial class FileParser
{
    private readonly Dictionary<string, int> _lastDate = new(StringComparer.Ordinal);

    private void ParseBars(RowSink sink)
    {
        var l = _layout;
        var marcap = l.Format == ImportFormat.Marcap;
        var yahoo = l.Source == SourceInfo.Yahoo;
        var iCode = l.FixedCode is null ? l.Require(_path, "Code") : -1;
        var iDate = l.Require(_path, "Date");
        var iOpen = l.Require(_path, "Open");
        var iHigh = l.Require(_path, "High");
        var iLow = l.Require(_path, "Low");
        var iClose = l.Require(_path, "Close");
        var iVolume = l.Require(_path, "Volume");
        var iAdj = l["AdjClose"];
        var iAmount = l["Amount"];
        var iCap = marcap ? l.Require(_path, "Marcap") : -1;
        var iShares = marcap ? l.Require(_path, "Stocks") : -1;
        var iChangeCode = l["ChangeCode"];
        var iName = l["Name"];
        var iMarket = l["Market"];
        var iDept = l["Dept"];
        var iMarketId = l["MarketId"];
        var synthetic = l.Source == SourceInfo.Synthetic;
        var (iChange, changeDivisor) = marcap ? (l["ChagesRatio"], 100.0)
            : l["ChangePct"] >= 0 ? (l["ChangePct"], 100.0)
            : (l["Change"], 1.0);
        var iChange2 = marcap ? l.Alternate("ChagesRatio").Index : -1;

        var bar = default(ParsedBar);
        while (SafeRead())
        {
            CheckFieldCount();
            var code = l.FixedCode ?? Code(iCode);
            bar.Code = code;
            bar.Line = _reader.LineNumber;
            bar.Date = Date(iDate);
            bar.Open = Price(iOpen, "Open");
            bar.High = Price(iHigh, "High");
            bar.Low = Price(iLow, "Low");
            bar.Close = Price(iClose, "Close");
            bar.AdjClose = Number(iAdj, "AdjClose");
            bar.Volume = Number(iVolume, "Volume");
            bar.Amount = Number(iAmount, "Amount");
            bar.Marcap = Number(iCap, "Marcap");
            bar.Shares = Number(iShares, "Stocks");
            var change = iChange2 < 0 ? Number(iChange, "Change") : EitherNumber(iChange, iChange2);
            bar.ChangeRatio = change / changeDivisor;
            var cc = iChangeCode >= 0 ? _reader.Field(iChangeCode) : default;
            bar.Dept = iDept >= 0 ? DeptText(Text(iDept, "Dept")) : null;
            var market = iMarket >= 0 ? Text(iMarket, "Market") : iMarketId >= 0 ? MarketOfId(Text(iMarketId, "MarketId")) : null;
            bar.Market = RowMarket(market);
            if (FinishBar(ref bar, synthetic, yahoo, cc.Length >= 1 ? cc[0] : (byte)0) is { } seen)
            {
                Attributes(seen, market, iName >= 0 ? Text(iName, "Name") : null, bar.Dept);
            }

            sink.Bar(bar);
            Rows++;
        }
    }

    /// <summary>
    /// The checks and repairs shared by the CSV and parquet readers, once a row's raw values are in <paramref name="bar"/>:
    /// (code, date) order, prices, volume, flags (halt, limits from the change code, Dept flags), repairs. Returns the code's
    /// <see cref="StockSeen"/> when this row is its newest so far (the caller then sets its attributes), else null.
    /// </summary>
    private StockSeen? FinishBar(ref ParsedBar bar, bool synthetic, bool yahoo, byte changeCode)
    {
        var code = bar.Code;
        if (_lastDate.TryGetValue(code, out var last))
        {
            if (bar.Date == last)
            {
                throw Error("Date", $"duplicate row for code {code} on {bar.Date}");
            }

            if (bar.Date < last)
            {
                throw Error("Date", $"dates not sorted within code {code}: {bar.Date} after {last}");
            }
        }

        _lastDate[code] = bar.Date;
        var adjRepaired = false;
        if (bar.AdjClose < 0)
        {
            // Yahoo's dividend back-adjustment drives some old adjusted closes below zero: no usable value.
            bar.AdjClose = double.NaN;
            Count("negative_adj_close_to_null");
            adjRepaired = true;
        }

        bar.Volume = CheckBound(bar.Volume, "Volume", ImportBounds.MaxVolume);
        bar.Amount = CheckBound(bar.Amount, "Amount", ImportBounds.MaxAmountKrw);
        bar.Marcap = CheckBound(bar.Marcap, "Marcap", ImportBounds.MaxAmountKrw);
        bar.Shares = CheckBound(bar.Shares, "Stocks", ImportBounds.MaxShares);

        var flags = synthetic ? BarFlags.Synthetic : BarFlags.None;
        if (bar.Volume == 0)
        {
            flags |= BarFlags.Halted;
        }

        flags |= changeCode switch
        {
            (byte)'0' => BarFlags.Halted,
            (byte)'4' => BarFlags.UpperLimit,
            (byte)'5' => BarFlags.LowerLimit,
            _ => BarFlags.None,
        };
        if (bar.Dept is not null)
        {
            flags |= DeptFlags(bar.Dept);
        }

        flags |= ZeroPricesToNull(ref bar, flags);
        if (adjRepaired)
        {
            flags |= BarFlags.Repaired;
        }

        flags |= yahoo ? RepairYahoo(ref bar) : RepairRange(ref bar);
        bar.Flags = flags;
        if ((flags & BarFlags.Halted) != 0)
        {
            HaltedRows++;
        }

        return Track(code, bar.Date, bar.Volume, bar.Market);
    }

    /// <summary>
    /// One number from two aliased columns (ChagesRatio and ChangesRatio): the non-empty one; NaN when both are empty; an
    /// error naming both columns when both are filled and differ.
    /// </summary>
    private double EitherNumber(int first, int second)
    {
        var a = Number(first, _layout.HeaderOf("ChagesRatio"));
        var b = Number(second, _layout.Alternate("ChagesRatio").Header);
        return Either(a, b);
    }

    private double Either(double a, double b)
    {
        if (double.IsNaN(a))
        {
            return b;
        }

        if (double.IsNaN(b) || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b)))
        {
            return a;
        }

        var first = _layout.HeaderOf("ChagesRatio");
        var second = _layout.Alternate("ChagesRatio").Header;
        throw Error($"{first}/{second}", $"columns '{first}' ({a}) and '{second}' ({b}) are both filled and differ: the file is ambiguous");
    }

    /// <summary>A Dept text as stored: pandas writes a missing Dept as 'nan' (or 'None'), which means empty.</summary>
    private static string DeptText(string dept) => dept is "nan" or "NaN" or "None" or "null" ? "" : dept;

    /// <summary>KOSPI | KOSDAQ | KONEX from a marcap MarketId (STK, KSQ, KNX), for files without a Market column.</summary>
    private static string MarketOfId(string id) => id switch
    {
        "STK" => "KOSPI",
        "KSQ" => "KOSDAQ",
        "KNX" => "KONEX",
        _ => "",
    };

    /// <summary>Flags carried by a marcap Dept text.</summary>
    internal static BarFlags DeptFlags(string dept)
    {
        if (dept.Length == 0)
        {
            return BarFlags.None;
        }

        var f = BarFlags.None;
        if (dept.Contains("관리종목", StringComparison.Ordinal))
        {
            f |= BarFlags.Administrative;
        }

        if (dept.Contains("투자주의환기", StringComparison.Ordinal))
        {
            f |= BarFlags.InvestmentCaution;
        }

        if (dept.Contains("투자경고", StringComparison.Ordinal))
        {
            f |= BarFlags.InvestmentWarning;
        }

        if (dept.Contains("투자위험", StringComparison.Ordinal))
        {
            f |= BarFlags.InvestmentRisk;
        }

        return f;
    }

    /// <summary>
    /// A price of 0 is never a real KRX price: stored as NULL. On halted rows (volume 0) that is the
    /// convention (no flag); on traded rows it is a repair counted as zero_price_to_null.
    /// </summary>
    private BarFlags ZeroPricesToNull(ref ParsedBar bar, BarFlags flags)
    {
        var any = false;
        if (bar.Open == 0) { bar.Open = double.NaN; any = true; }
        if (bar.High == 0) { bar.High = double.NaN; any = true; }
        if (bar.Low == 0) { bar.Low = double.NaN; any = true; }
        if (bar.Close == 0) { bar.Close = double.NaN; any = true; }
        if (bar.AdjClose == 0) { bar.AdjClose = double.NaN; any = true; }
        if (!any || (flags & BarFlags.Halted) != 0)
        {
            return BarFlags.None;
        }

        Count("zero_price_to_null");
        return BarFlags.Repaired;
    }

    /// <summary>
    /// Raw and back-adjusted sources: High &lt; Low is an error; an Open or Close outside [Low, High] (seen
    /// on back-adjusted FDR/pykrx rows, rounding of the adjustment) widens High/Low to include it
    /// (repair high_low_widened).
    /// </summary>
    private BarFlags RepairRange(ref ParsedBar bar)
    {
        if (double.IsNaN(bar.High) || double.IsNaN(bar.Low))
        {
            return BarFlags.None;
        }

        if (bar.High < bar.Low)
        {
            throw Error("High", $"High {bar.High} is below Low {bar.Low}");
        }

        var hi = Math.Max(bar.High, Math.Max(NaNAs(bar.Open, bar.High), NaNAs(bar.Close, bar.High)));
        var lo = Math.Min(bar.Low, Math.Min(NaNAs(bar.Open, bar.Low), NaNAs(bar.Close, bar.Low)));
        if (hi == bar.High && lo == bar.Low)
        {
            return BarFlags.None;
        }

        bar.High = hi;
        bar.Low = lo;
        Count("high_low_widened");
        return BarFlags.Repaired;
    }

    /// <summary>
    /// Yahoo's old KRX rows mix bases: O/H/L split-adjusted, Close raw. When Close (or Open) lies outside
    /// [Low, High], or High &lt; Low, O/H/L cannot be put on the close's basis reliably, so they are stored
    /// NULL; Close, AdjClose and Volume are kept (repair yahoo_ohl_nulled).
    /// </summary>
    private BarFlags RepairYahoo(ref ParsedBar bar)
    {
        if (double.IsNaN(bar.High) || double.IsNaN(bar.Low))
        {
            return BarFlags.None;
        }

        var bad = bar.High < bar.Low
            || (!double.IsNaN(bar.Close) && (bar.Close > bar.High || bar.Close < bar.Low))
            || (!double.IsNaN(bar.Open) && (bar.Open > bar.High || bar.Open < bar.Low));
        if (!bad)
        {
            return BarFlags.None;
        }

        bar.Open = bar.High = bar.Low = double.NaN;
        Count("yahoo_ohl_nulled");
        return BarFlags.Repaired;
    }

    private static double NaNAs(double v, double fallback) => double.IsNaN(v) ? fallback : v;

    private string Code(int column) => CheckCode(Text(column, "Code"));

    /// <summary>A valid code (1..12 ASCII letters or digits), padded back to 6 digits when it lost its leading zeros.</summary>
    private string CheckCode(string code)
    {
        if (ImportBounds.IsIndexPseudoCode(code))
        {
            return code; // e.g. the Yahoo KOSPI file's 'kospi' rows: stored as they always were
        }

        if (code.Length is 0 or > ImportBounds.CodeLength || !code.All(char.IsAsciiLetterOrDigit))
        {
            throw Error("Code", $"invalid stock code '{DataValidationException.Clip(code)}': KRX codes are 6 letters or digits");
        }

        if (code.Length < ImportBounds.CodeLength)
        {
            if (!code.All(char.IsAsciiDigit))
            {
                throw Error("Code", $"invalid stock code '{code}': KRX codes are 6 letters or digits");
            }

            // A code that lost its leading zeros (saved as an integer): padded back to 6 digits.
            Count("code_zero_padded");
            code = string.Intern(code.PadLeft(ImportBounds.CodeLength, '0'));
        }

        return code;
    }

    /// <summary>Counts the row's date and returns the code's record when this row is its newest so far (else null).</summary>
    private StockSeen? Track(string code, int date, double volume, Market market)
    {
        var d = _dates.GetValueOrDefault(date);
        _dates[date] = (d.Rows + 1, Math.Max(d.MaxVolume, double.IsNaN(volume) ? 0 : volume));
        if (!_seen.TryGetValue(code, out var seen))
        {
            seen = new StockSeen();
            _seen[code] = seen;
        }

        seen.MarketsSeen |= 1 << (int)market; // bit 0 (Unknown): a row without a market

        if (date < seen.LastDate)
        {
            return null;
        }

        seen.LastDate = date;
        return seen;
    }

    /// <summary>Sets a code's latest attributes (a null market or name: the file has no such column).</summary>
    private static void Attributes(StockSeen seen, string? market, string? name, string? dept)
    {
        if (market is not null)
        {
            seen.KosdaqGlobal = market.Contains("GLOBAL", StringComparison.OrdinalIgnoreCase);
            seen.Market = NormaliseMarket(market);
        }

        if (name is not null)
        {
            seen.Name = name;
            seen.Dept = dept ?? "";
            seen.HasAttributes = true;
        }
    }

    /// <summary>A row's market for <c>bars.market</c>: KOSPI, KOSDAQ (GLOBAL included) or KONEX; Unknown (stored NULL) when the file has no market column or the text is none of them.</summary>
    private static Market RowMarket(string? market) =>
        market is null || market.Length == 0 ? Market.Unknown
        : market.StartsWith("KOSDAQ", StringComparison.OrdinalIgnoreCase) ? Market.Kosdaq
        : market.StartsWith("KOSPI", StringComparison.OrdinalIgnoreCase) ? Market.Kospi
        : market.StartsWith("KONEX", StringComparison.OrdinalIgnoreCase) ? Market.Konex
        : Market.Unknown;

    /// <summary>KOSPI | KOSDAQ | KONEX | UNKNOWN from a source's market text.</summary>
    internal static string NormaliseMarket(string market) =>
        market.StartsWith("KOSDAQ", StringComparison.OrdinalIgnoreCase) ? "KOSDAQ"
        : market.StartsWith("KOSPI", StringComparison.OrdinalIgnoreCase) ? "KOSPI"
        : market.StartsWith("KONEX", StringComparison.OrdinalIgnoreCase) ? "KONEX"
        : "UNKNOWN";
}
