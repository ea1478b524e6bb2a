using Kosmo.Core;

namespace Kosmo.Data.Import;

/// <summary>Index series and stock lists.</summary>
internal sealed partial class FileParser
{
    private void ParseIndex(RowSink sink)
    {
        var l = _layout;
        var name = l.IndexName!;
        var iDate = l.Require(_path, "Date");
        var iClose = l.Require(_path, "Close");
        var iOpen = l["Open"];
        var iHigh = l["High"];
        var iLow = l["Low"];
        var iVolume = l["Volume"];
        var iAmount = l["Amount"];
        var iCap = l["MarCap"];
        var last = 0;
        var bar = default(ParsedIndexBar);
        while (SafeRead())
        {
            CheckFieldCount();
            bar.Line = _reader.LineNumber;
            bar.Date = Date(iDate);
            if (bar.Date == last)
            {
                throw new DataValidationException(_path, _reader.LineNumber, "Date", $"duplicate row for index {name} on {bar.Date}");
            }

            if (bar.Date < last)
            {
                throw new DataValidationException(_path, _reader.LineNumber, "Date", $"dates not sorted: {bar.Date} after {last}");
            }

            last = bar.Date;
            bar.Open = Price(iOpen, "Open");
            bar.High = Price(iHigh, "High");
            bar.Low = Price(iLow, "Low");
            bar.Close = Price(iClose, "Close");
            bar.Volume = Bounded(iVolume, "Volume", ImportBounds.MaxVolume);
            bar.Amount = Bounded(iAmount, "Amount", ImportBounds.MaxAmountKrw);
            bar.Marcap = Bounded(iCap, "MarCap", ImportBounds.MaxAmountKrw);
            if (double.IsNaN(bar.Close))
            {
                // Yahoo VIX/USDKRW rows whose value cells are all empty (no quote that day): skipped.
                Count("index_rows_without_close_skipped");
                continue;
            }

            if (bar.High < bar.Low)
            {
                throw new DataValidationException(_path, _reader.LineNumber, "High", $"High {bar.High} is below Low {bar.Low}");
            }

            sink.Index(name, bar);
            Rows++;
        }
    }

    private void ParseStockList(RowSink sink)
    {
        var l = _layout;
        var iCode = l.Require(_path, "Code");
        var iName = l.Require(_path, "LastName");
        var iMarket = l.Require(_path, "LastMarket");
        var iDate = l["LastDate"];
        var iDepts = l["AllDepts"];
        while (SafeRead())
        {
            CheckFieldCount();
            var code = Code(iCode);
            var market = Text(iMarket, "LastMarket");
            var depts = Text(iDepts, "AllDepts");
            var seen = new StockSeen
            {
                LastDate = iDate >= 0 ? Date(iDate) : 0,
                Name = Text(iName, "LastName"),
                Market = NormaliseMarket(market),
                KosdaqGlobal = market.Contains("GLOBAL", StringComparison.OrdinalIgnoreCase),
                Dept = depts.Contains('|', StringComparison.Ordinal) ? depts[(depts.LastIndexOf('|') + 1)..] : depts,
                HasAttributes = true,
            };
            _seen[code] = seen;
            sink.Stock(code, seen);
            Rows++;
        }
    }
}
