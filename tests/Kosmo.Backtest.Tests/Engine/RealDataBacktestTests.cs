using System.Globalization;
using System.IO.Compression;
using Kosmo.Backtest.Strategies;
using Kosmo.Core;
using Kosmo.Testing;

namespace Kosmo.Backtest.Tests.Engine;

/// <summary>
/// The engine on real prices: the first 60 codes of the pykrx file (2023-12 → 2025-06, back-adjusted, halts as
/// volume 0), markets from codes_seen_in_marcap, KOSDAQ/KOSPI indices, and causal 60-day momentum signals.
/// </summary>
public class RealDataBacktestTests
{
    private static Panel LoadPanel(int maxCodes)
    {
        var markets = File.ReadLines(TestData.Krx("codes_seen_in_marcap_2021-2025.csv")).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.First()[2] == "KOSPI" ? Market.Kospi : Market.Kosdaq); // LastMarket
        var builder = new PanelBuilder();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(TestData.Krx("pykrx_ohlcv_2023-12_2025-06.csv.gz")), CompressionMode.Decompress)))
        {
            reader.ReadLine();
            var codes = new HashSet<string>();
            while (reader.ReadLine() is { } line)
            {
                var f = line.Split(',');
                if (codes.Add(f[0]) && codes.Count > maxCodes) { break; }
                builder.AddStock(new StockInfo(f[0], f[0], markets.GetValueOrDefault(f[0], Market.Kosdaq), "", null, null));
                double P(int k) => double.Parse(f[k], CultureInfo.InvariantCulture);
                builder.Add(new DailyBar
                {
                    Date = DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Code = f[0],
                    Open = P(2), High = P(3), Low = P(4), Close = P(5), AdjClose = P(5), Volume = P(6),
                    Amount = double.NaN, MarketCap = double.NaN, Shares = double.NaN, ChangeRatio = P(7) / 100,
                    Flags = P(6) <= 0 ? BarFlags.Halted : BarFlags.None,
                });
            }
        }

        foreach (var name in new[] { "KOSDAQ", "KOSPI" })
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(TestData.Krx($"index_{name}.csv.gz")), CompressionMode.Decompress));
            reader.ReadLine();
            var bars = new List<IndexBar>();
            while (reader.ReadLine() is { } line)
            {
                var f = line.Split(',');
                var date = DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (date >= new DateOnly(2023, 12, 1)) { bars.Add(new IndexBar { Name = name, Date = date, Close = double.Parse(f[1], CultureInfo.InvariantCulture) }); }
            }

            builder.AddIndex(bars);
        }

        return builder.Build();
    }

    private static SignalMatrix Momentum60(Panel panel)
    {
        var (T, N) = (panel.DateCount, panel.CodeCount);
        var close = panel.Field(PanelField.AdjClose);
        var up = new float[T * N];
        var down = new float[T * N];
        Array.Fill(up, float.NaN);
        Array.Fill(down, float.NaN);
        for (var i = 0; i < N; i++)
        {
            for (var t = 60; t < T; t++)
            {
                var a = close[(i * T) + t - 60];
                var b = close[(i * T) + t];
                if (!(a > 0) || !(b > 0)) { continue; }
                var p = 0.6 / (1 + Math.Exp(-5 * ((b / a) - 1)));
                up[(t * N) + i] = (float)p;
                down[(t * N) + i] = (float)(0.6 - p);
            }
        }

        return new SignalMatrix(panel, up, down);
    }

    [RealDataFact]
    public void Run_Should_KeepTheBooksAndRespectFillRules_When_TradingRealKrxPrices()
    {
        // Given 60 real stocks over 2023-12 → 2025-06 with causal momentum signals
        var panel = LoadPanel(60);
        var signals = Momentum60(panel);

        // When two strategies and the benchmarks run with default frictions
        var report = BacktestRunner.Run(panel, signals, [new TopKStrategy(K: 8, MinHoldDays: 5), new TopKDropoutStrategy(K: 8, NDrop: 1)], new BacktestOptions(), new RunnerOptions { CapacityAccounts = [100_000_000] });

        // Then the books balance every day, and no fill breaks a rule
        var volume = panel.Field(PanelField.Volume);
        var close = panel.Field(PanelField.Close);
        foreach (var r in report.Strategies)
        {
            r.Trades.Should().NotBeEmpty();
            var (equity, cash) = Replay.Run(panel, r);
            equity.Zip(r.Equity).Should().AllSatisfy(p => p.First.Should().BeApproximately(p.Second, 1e-6 * p.Second));
            cash.Should().AllSatisfy(c => c.Should().BeGreaterThanOrEqualTo(0));
            foreach (var tr in r.Trades.Where(x => x.Side != TradeSide.Delist))
            {
                var (i, t) = (panel.IndexOfCode(tr.Code), panel.IndexOfDate(tr.Date));
                var k = (i * panel.DateCount) + t;
                volume[k].Should().BeGreaterThan(0, "no fill on a halted day");
                tr.Shares.Should().BeLessThanOrEqualTo((long)Math.Floor(0.1 * volume[k]), "the 10% participation cap");
                var prev = close[k - 1];
                var market = panel.Stocks[i].Market;
                if (tr.Side == TradeSide.Buy) { tr.Price.Should().BeLessThan(PriceLimit.Upper(prev, market, tr.Date)); }
                else { tr.Price.Should().BeGreaterThan(PriceLimit.Lower(prev, market, tr.Date)); tr.Tax.Should().BeGreaterThan(0); }
            }
        }

        // and the KOSDAQ benchmark is the index itself on the strategy's dates
        var kosdaq = report.Benchmarks.Single(b => b.Name == "KOSDAQ");
        var idx = panel.Indices["KOSDAQ"].Close;
        var (t0, t1) = (panel.IndexOfDate(kosdaq.Dates[0]), panel.IndexOfDate(kosdaq.Dates[^1]));
        report.BenchmarkMetrics["KOSDAQ"].TotalReturn.Should().BeApproximately((idx[t1] / (double)idx[t0]) - 1, 1e-9);
    }
}
