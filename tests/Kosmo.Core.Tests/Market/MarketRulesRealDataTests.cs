using System.Globalization;
using System.IO.Compression;
using Kosmo.Core;
using Kosmo.Testing;

namespace Kosmo.Core.Tests.MarketRules;

/// <summary>
/// The tick table and price limits against real raw KRX prices (marcap, Jan–Feb of 2021–2025: both sides of the
/// 2023-01-25 tick reform). Reads one file, streamed.
/// </summary>
public class MarketRulesRealDataTests
{
    private sealed record Row(DateOnly Date, string Code, Kosmo.Core.Market Market, double Close, double Changes, double Ratio, string ChangeCode);

    private static IEnumerable<Row> TradedKospiKosdaqRows()
    {
        using var gz = new GZipStream(File.OpenRead(TestData.Krx("marcap_janfeb_2021-2025.csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var header = reader.ReadLine()!.Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        int date = Col("Date"), code = Col("Code"), market = Col("Market"), close = Col("Close"), changeCode = Col("ChangeCode"),
            changes = Col("Changes"), ratio = Col("ChagesRatio"), volume = Col("Volume");
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            if (f.Length != header.Length) { continue; } // a name with a comma would shift columns; none expected
            var m = f[market] switch { "KOSPI" => Kosmo.Core.Market.Kospi, "KOSDAQ" or "KOSDAQ GLOBAL" => Kosmo.Core.Market.Kosdaq, _ => Kosmo.Core.Market.Unknown };
            if (m == Kosmo.Core.Market.Unknown || double.Parse(f[volume], CultureInfo.InvariantCulture) <= 0) { continue; }
            yield return new Row(DateOnly.ParseExact(f[date], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[code], m,
                double.Parse(f[close], CultureInfo.InvariantCulture), double.Parse(f[changes], CultureInfo.InvariantCulture),
                double.Parse(f[ratio], CultureInfo.InvariantCulture), f[changeCode]);
        }
    }

    [RealDataFact]
    public void TickSizeAndPriceLimit_Should_MatchEveryRealClose_When_CheckedOnRawMarcapPrices()
    {
        // Given every traded KOSPI/KOSDAQ row of the raw marcap file
        var rows = 0;
        var offGrid = new List<Row>();
        var limitRows = 0;
        var limitMismatch = new List<Row>();
        foreach (var r in TradedKospiKosdaqRows())
        {
            rows++;

            // When the close is checked against the tick grid of its date and market
            var tick = TickSize.Of(r.Close, r.Market, r.Date);
            if (Math.Abs((r.Close / tick) - Math.Round(r.Close / tick)) > 1e-9) { offGrid.Add(r); }

            // and limit closes (ChangeCode 4 = upper, 5 = lower; first-day listings above 30% excluded) against the rule
            var prev = r.Close - r.Changes;
            if ((r.ChangeCode == "4" || r.ChangeCode == "5") && Math.Abs(r.Ratio) <= 30.5 && prev > 0)
            {
                limitRows++;
                var expected = r.ChangeCode == "4" ? PriceLimit.Upper(prev, r.Market, r.Date) : PriceLimit.Lower(prev, r.Market, r.Date);
                if (expected != r.Close) { limitMismatch.Add(r); }
            }
        }

        // Then every close is on the grid and every limit close is the computed limit price
        rows.Should().BeGreaterThan(300_000);
        offGrid.Should().BeEmpty();
        limitRows.Should().BeGreaterThan(800);
        limitMismatch.Should().BeEmpty();
    }
}
