using System.Globalization;
using System.IO.Compression;
using Kosmo.Core;
using Kosmo.Features.Labels;
using Kosmo.Features.Weights;
using Kosmo.Testing;

namespace Kosmo.Features.Tests.Labels;

public sealed class RealDataLabelTests
{
    /// <summary>The first <paramref name="rows"/> rows of the pykrx file (sorted by code, then date): about 20 stocks from 2023-12 to 2025-06.</summary>
    private static Panel LoadPykrxHead(int rows)
    {
        var builder = new PanelBuilder();
        using var file = File.OpenRead(TestData.Krx("pykrx_ohlcv_2023-12_2025-06.csv.gz"));
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        reader.ReadLine();
        for (var n = 0; n < rows && reader.ReadLine() is { } line; n++)
        {
            var f = line.Split(',');
            double P(int c) => double.Parse(f[c], NumberStyles.Float, CultureInfo.InvariantCulture);
            var volume = P(6);
            builder.Add(new DailyBar
            {
                Code = f[0],
                Date = DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Open = P(2),
                High = P(3),
                Low = P(4),
                Close = P(5),
                AdjClose = P(5),
                Volume = volume,
                Amount = double.NaN,
                MarketCap = double.NaN,
                Shares = double.NaN,
                ChangeRatio = P(7) / 100.0,
                Flags = volume > 0 ? BarFlags.None : BarFlags.Halted,
            });
        }

        return builder.Build(description: "pykrx head");
    }

    [RealDataFact]
    public void Labelers_Should_GiveBalancedLeakFreeLabels_When_RunOnRealKrxPrices()
    {
        // Given: about 20 real stocks over 18 months.
        var panel = LoadPykrxHead(7500);
        panel.CodeCount.Should().BeGreaterThan(10);

        // When
        var fixedH = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 10, K: 0.5)).Compute(panel);
        var triple = new TripleBarrierLabeler(new TripleBarrierOptions(Horizon: 10)).Compute(panel);
        var trend = new TrendScanningLabeler(new TrendScanningOptions(5, 20)).Compute(panel);
        var weights = LabelWeights.Compute(fixedH, panel);
        var summary = LabelSummary.Create(fixedH, weights);

        // Then: every class holds a real share, most listed cells are labelled, and overlap gives ū ≈ 1/h.
        summary.ClassBalance.Should().OnlyContain(s => s > 0.15 && s < 0.6);
        ((double)summary.Labeled / summary.ListedCells).Should().BeGreaterThan(0.85);
        summary.MeanUniqueness.Should().BeInRange(0.08, 0.15);
        triple.ClassCounts().Should().OnlyContain(c => c > 100);
        trend.LabeledCount.Should().BeGreaterThan(fixedH.LabeledCount / 2);
        summary.ToJson().Should().Contain("\"class_balance\"").And.Contain("\"2024\"");
    }
}
