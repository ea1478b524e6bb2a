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
        var synthetic = l.Source == SourceInfo.Synthetic;
        var (iChange, changeDivisor) = marcap ? (l["ChagesRatio"], 100.0)
            : l["ChangePct"] >= 0 ? (l["ChangePct"], 100.0)
            : (l["Change"], 1.0);

        var bar = default(ParsedBar);
        while (SafeRead())
        {
            CheckFieldCount();
            var code = l.FixedCode ?? Code(iCode);
            bar.Code = code;
            bar.Line = _reader.LineNumber;
            bar.Date = Date(iDate);
            if (_lastDate.TryGetValue(code, out var last))
            {
                if (bar.Date == last)
                {
                    throw new DataValidationException(_path, _reader.LineNumber, "Date", $"duplicate row for code {code} on {bar.Date}");
                }

                if (bar.Date < last)
                {
                    throw new DataValidationException(_path, _reader.LineNumber, "Date", $"dates not sorted within code {code}: {bar.Date} after {last}");
                }
            }

            _lastDate[code] = bar.Date;
            bar.Open = Price(iOpen, "Open");
            bar.High = Price(iHigh, "High");
            bar.Low = Price(iLow, "Low");
            bar.Close = Price(iClose, "Close");
            bar.AdjClose = Number(iAdj, "AdjClose");
            var adjRepaired = false;
            if (bar.AdjClose < 0)
            {
                // Yahoo's dividend back-adjustment drives some old adjusted closes below zero: no usable value.
                bar.AdjClose = double.NaN;
                Count("negative_adj_close_to_null");
                adjRepaired = true;
            }

            bar.Volume = Bounded(iVolume, "Volume", ImportBounds.MaxVolume);
            bar.Amount = Bounded(iAmount, "Amount", ImportBounds.MaxAmountKrw);
            bar.Marcap = Bounded(iCap, "Marcap", ImportBounds.MaxAmountKrw);
            bar.Shares = Bounded(iShares, "Stocks", ImportBounds.MaxShares);
            bar.ChangeRatio = Number(iChange, "Change") / changeDivisor;
            var flags = synthetic ? BarFlags.Synthetic : BarFlags.None;
            if (bar.Volume == 0)
            {
                flags |= BarFlags.Halted;
            }

            if (iChangeCode >= 0)
            {
                var cc = _reader.Field(iChangeCode);
                if (cc.Length >= 1)
                {
                    flags |= cc[0] switch
                    {
                        (byte)'0' => BarFlags.Halted,
                        (byte)'4' => BarFlags.UpperLimit,
                        (byte)'5' => BarFlags.LowerLimit,
                        _ => BarFlags.None,
                    };
                }
            }

            bar.Dept = null;
            if (iDept >= 0)
            {
                var dept = Text(iDept, "Dept");
                bar.Dept = dept;
                flags |= DeptFlags(dept);
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

            Track(code, bar.Date, bar.Volume, iName, iMarket, bar.Dept);
            sink.Bar(bar);
            Rows++;
        }
    }

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
            throw new DataValidationException(_path, _reader.LineNumber, "High", $"High {bar.High} is below Low {bar.Low}");
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

    private string Code(int column)
    {
        var code = Text(column, "Code");
        if (ImportBounds.IsIndexPseudoCode(code))
        {
            return code; // e.g. the Yahoo KOSPI file's 'kospi' rows: stored as they always were
        }

        if (code.Length is 0 or > ImportBounds.CodeLength || !code.All(char.IsAsciiLetterOrDigit))
        {
            throw new DataValidationException(_path, _reader.LineNumber, "Code", $"invalid stock code '{DataValidationException.Clip(code)}': KRX codes are 6 letters or digits");
        }

        if (code.Length < ImportBounds.CodeLength)
        {
            if (!code.All(char.IsAsciiDigit))
            {
                throw new DataValidationException(_path, _reader.LineNumber, "Code", $"invalid stock code '{code}': KRX codes are 6 letters or digits");
            }

            // A code that lost its leading zeros (saved as an integer): padded back to 6 digits.
            Count("code_zero_padded");
            code = string.Intern(code.PadLeft(ImportBounds.CodeLength, '0'));
        }

        return code;
    }

    private void Track(string code, int date, double volume, int iName, int iMarket, string? dept)
    {
        var d = _dates.GetValueOrDefault(date);
        _dates[date] = (d.Rows + 1, Math.Max(d.MaxVolume, double.IsNaN(volume) ? 0 : volume));
        if (!_seen.TryGetValue(code, out var seen))
        {
            seen = new StockSeen();
            _seen[code] = seen;
        }

        if (date < seen.LastDate)
        {
            return;
        }

        seen.LastDate = date;
        if (iMarket >= 0)
        {
            var market = Text(iMarket, "Market");
            seen.KosdaqGlobal = market.Contains("GLOBAL", StringComparison.OrdinalIgnoreCase);
            seen.Market = NormaliseMarket(market);
        }

        if (iName >= 0)
        {
            seen.Name = Text(iName, "Name");
            seen.Dept = dept ?? "";
            seen.HasAttributes = true;
        }
    }

    /// <summary>KOSPI | KOSDAQ | KONEX | UNKNOWN from a source's market text.</summary>
    internal static string NormaliseMarket(string market) =>
        market.StartsWith("KOSDAQ", StringComparison.OrdinalIgnoreCase) ? "KOSDAQ"
        : market.StartsWith("KOSPI", StringComparison.OrdinalIgnoreCase) ? "KOSPI"
        : market.StartsWith("KONEX", StringComparison.OrdinalIgnoreCase) ? "KONEX"
        : "UNKNOWN";
}
