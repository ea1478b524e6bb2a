using System.Globalization;
using System.IO.Compression;
using Kosmo.Core;
using Kosmo.Testing;

namespace Kosmo.Features.Tests.Pipeline;

/// <summary>Panels for the feature tests: hand-made single stocks and the committed real-data fixture.</summary>
internal static class TestPanels
{
    /// <summary>One stock on consecutive weekdays from 2020-01-06 with the given closes (NaN close = halted day, volume 0).</summary>
    public static Panel SingleStock(double[] closes, DateOnly? start = null, Market market = Market.Kosdaq, double[]? opens = null)
    {
        var builder = new PanelBuilder().AddStock(new StockInfo("000001", "T", market, "", null, null));
        var date = start ?? new DateOnly(2020, 1, 6);
        for (var t = 0; t < closes.Length; t++)
        {
            while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                date = date.AddDays(1);
            }

            var halted = double.IsNaN(closes[t]);
            var close = halted ? closes[..t].Where(double.IsFinite).DefaultIfEmpty(100).Last() : closes[t];
            builder.Add(new DailyBar
            {
                Date = date,
                Code = "000001",
                Open = halted ? double.NaN : opens?[t] ?? close,
                High = halted ? double.NaN : close * 1.01,
                Low = halted ? double.NaN : close * 0.99,
                Close = close,
                AdjClose = double.NaN,
                Volume = halted ? 0 : 1000 + t,
                Amount = halted ? 0 : close * (1000 + t),
                MarketCap = close * 1e6,
                Shares = 1e6,
                ChangeRatio = double.NaN,
                Flags = halted ? BarFlags.Halted : BarFlags.None,
            });
            date = date.AddDays(1);
        }

        return builder.Build();
    }

    /// <summary>The committed fixture: 8 KOSDAQ codes (Yahoo, 2012–2016) and the KOSDAQ index on the same dates.</summary>
    public static Panel YahooFixture()
    {
        var builder = new PanelBuilder();
        using (var reader = new StreamReader(TestData.Fixture("features", "yahoo_kosdaq_slice.csv")))
        {
            AddYahooRows(builder, reader, "yahoo_kosdaq_slice.csv", int.MaxValue);
        }

        foreach (var line in File.ReadLines(TestData.Fixture("features", "index_kosdaq_slice.csv")).Skip(1))
        {
            var c = line.Split(',');
            builder.AddIndex([new IndexBar { Name = "KOSDAQ", Date = DateOnly.Parse(c[0], CultureInfo.InvariantCulture), Close = D(c[1]), Amount = double.NaN, MarketCap = double.NaN }]);
        }

        return builder.Build(description: "fixture yahoo_kosdaq_slice.csv");
    }

    /// <summary>Streams the first <paramref name="maxCodes"/> codes of a Yahoo gz file (test-only minimal reader).</summary>
    public static Panel YahooGz(string path, int maxCodes)
    {
        var builder = new PanelBuilder();
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        AddYahooRows(builder, reader, Path.GetFileName(path), maxCodes, fullHeader: true);
        return builder.Build(description: path);
    }

    private static void AddYahooRows(PanelBuilder builder, StreamReader reader, string file, int maxCodes, bool fullHeader = false)
    {
        var header = reader.ReadLine()!.Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        int code = Col("Code"), date = Col("Date"), open = Col("Open"), high = Col("High"), low = Col("Low"), close = Col("Close"), adj = Col("AdjClose"), volume = Col("Volume");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var market = fullHeader ? Col("Market") : -1;
        string? line;
        var lineNo = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var c = line.Split(',');
            if (!codes.Contains(c[code]))
            {
                if (codes.Count == maxCodes)
                {
                    break;
                }

                codes.Add(c[code]);
                builder.AddStock(new StockInfo(c[code], "", market >= 0 && c[market] == "KOSPI" ? Market.Kospi : Market.Kosdaq, "", null, null));
            }

            if (!DateOnly.TryParse(c[date], CultureInfo.InvariantCulture, out var d))
            {
                throw new DataValidationException(file, lineNo, "Date", $"bad date '{c[date]}'");
            }

            var v = D(c[volume]);
            builder.Add(new DailyBar
            {
                Date = d,
                Code = c[code],
                Open = D(c[open]),
                High = D(c[high]),
                Low = D(c[low]),
                Close = D(c[close]),
                AdjClose = D(c[adj]),
                Volume = v,
                Amount = double.NaN,
                MarketCap = double.NaN,
                Shares = double.NaN,
                ChangeRatio = double.NaN,
                Flags = v == 0 ? BarFlags.Halted : BarFlags.None,
            });
        }
    }

    private static double D(string s) => string.IsNullOrEmpty(s) ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);
}
