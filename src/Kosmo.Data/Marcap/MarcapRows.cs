using System.Globalization;
using System.IO.Compression;
using System.Text;
using Kosmo.Core;
using Kosmo.Data.Synthetic;

namespace Kosmo.Data.Marcap;

/// <summary>Sources of <see cref="MarcapRow"/>s for fixtures: the synthetic market, and slices of a marcap CSV.</summary>
public static class MarcapRows
{
    /// <summary>
    /// The synthetic market's bars as marcap rows (sorted by date, then code; rank by market cap per day), halted days
    /// written as marcap writes them (O/H/L 0, change code 0). With <paramref name="moveToKospi"/> &gt; 0, that many KOSDAQ
    /// stocks that trade over the whole calendar move to KOSPI halfway through it (their Market, MarketId and Dept change on
    /// that day), as KOSDAQ → KOSPI transfers do.
    /// </summary>
    public static IReadOnlyList<MarcapRow> FromSynthetic(SyntheticMarket market, int moveToKospi = 0)
    {
        ArgumentNullException.ThrowIfNull(market);
        var info = market.Stocks.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var first = market.Calendar[0];
        var last = market.Calendar[^1];
        var moveDay = market.Calendar[market.Calendar.Count / 2];
        var spans = market.Bars.GroupBy(b => b.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (g.Min(b => b.Date), g.Max(b => b.Date)), StringComparer.Ordinal);
        var movers = market.Stocks
            .Where(s => s.Market == Market.Kosdaq && spans.TryGetValue(s.Code, out var span) && span.Item1 == first && span.Item2 == last)
            .Select(s => s.Code).Order(StringComparer.Ordinal).Take(moveToKospi).ToHashSet(StringComparer.Ordinal);
        var rows = new List<MarcapRow>(market.Bars.Count);
        foreach (var day in market.Bars.GroupBy(b => b.Date).OrderBy(g => g.Key))
        {
            var rank = 0;
            var ranks = day.OrderByDescending(b => b.MarketCap).ThenBy(b => b.Code, StringComparer.Ordinal).ToDictionary(b => b.Code, _ => ++rank, StringComparer.Ordinal);
            foreach (var b in day.OrderBy(b => b.Code, StringComparer.Ordinal))
            {
                var s = info[b.Code];
                var m = movers.Contains(b.Code) && b.Date >= moveDay ? Market.Kospi : s.Market;
                rows.Add(Row(b, s, m, ranks[b.Code]));
            }
        }

        return rows;
    }

    /// <summary>
    /// Reads a marcap CSV (.csv or .csv.gz, any of the known layouts) into rows, keeping those <paramref name="keep"/>
    /// accepts. Missing columns give empty values.
    /// </summary>
    /// <exception cref="FormatException">A number or date cell cannot be read.</exception>
    public static IReadOnlyList<MarcapRow> ReadCsv(string path, Func<MarcapRow, bool>? keep = null)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var header = (reader.ReadLine() ?? "").Split(',');
        var at = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            at.TryAdd(header[i].Trim(), i);
        }

        var rows = new List<MarcapRow>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = SplitCsv(line);
            string T(string c) => at.TryGetValue(c, out var i) && i < f.Count ? f[i] : "";
            double N(string c) => T(c) is { Length: > 0 } v ? double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) : double.NaN;
            var row = new MarcapRow
            {
                Date = DateOnly.ParseExact(T("Date")[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Code = T("Code"),
                Name = T("Name"),
                Market = T("Market"),
                MarketId = T("MarketId"),
                Dept = T("Dept") is "nan" ? "" : T("Dept"),
                Open = N("Open"),
                High = N("High"),
                Low = N("Low"),
                Close = N("Close"),
                ChangeCode = int.TryParse(T("ChangeCode"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cc) ? cc : 0,
                Changes = N("Changes"),
                ChangesRatio = T("ChangesRatio").Length > 0 ? N("ChangesRatio") : N("ChagesRatio"),
                Volume = N("Volume"),
                Amount = N("Amount"),
                Marcap = N("Marcap"),
                Stocks = N("Stocks"),
                Rank = (int)(double.IsNaN(N("Rank")) ? 0 : N("Rank")),
            };
            if (keep is null || keep(row))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (ch == '"') { quoted = false; }
                else { sb.Append(ch); }
            }
            else if (ch == '"') { quoted = true; }
            else if (ch == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else { sb.Append(ch); }
        }

        fields.Add(sb.ToString());
        return fields;
    }

    private static MarcapRow Row(in DailyBar b, StockInfo s, Market market, int rank)
    {
        var halted = (b.Flags & BarFlags.Halted) != 0;
        var changeCode = halted ? 0 : (b.Flags & BarFlags.UpperLimit) != 0 ? 4 : (b.Flags & BarFlags.LowerLimit) != 0 ? 5 : b.ChangeRatio > 0 ? 1 : b.ChangeRatio < 0 ? 2 : 3;
        var dept = (b.Flags & BarFlags.Administrative) != 0 ? SyntheticUniverse.AdminDept : market == Market.Kospi ? "" : s.Dept;
        return new MarcapRow
        {
            Date = b.Date,
            Code = b.Code,
            Name = s.Name,
            Market = market switch { Market.Kospi => "KOSPI", Market.Kosdaq => "KOSDAQ", Market.Konex => "KONEX", _ => "" },
            MarketId = market switch { Market.Kospi => "STK", Market.Kosdaq => "KSQ", Market.Konex => "KNX", _ => "" },
            Dept = dept,
            Open = halted ? 0 : b.Open,
            High = halted ? 0 : b.High,
            Low = halted ? 0 : b.Low,
            Close = b.Close,
            ChangeCode = changeCode,
            Changes = Math.Round(b.Close - b.Close / (1 + b.ChangeRatio)),
            ChangesRatio = Math.Round(b.ChangeRatio * 100, 2),
            Volume = b.Volume,
            Amount = b.Amount,
            Marcap = b.MarketCap,
            Stocks = b.Shares,
            Rank = rank,
        };
    }
}
