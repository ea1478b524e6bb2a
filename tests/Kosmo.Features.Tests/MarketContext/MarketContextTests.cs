using Kosmo.Core;
using Kosmo.Features.Pipeline;

namespace Kosmo.Features.Tests.MarketContext;

public sealed class MarketContextTests
{
    private static readonly DateOnly[] _dates = [.. Enumerable.Range(0, 8).Select(d => new DateOnly(2024, 3, 4).AddDays(d))];

    private static Panel ThreeStocks()
    {
        // Stock A rises every day, B falls every day, C is halted on day 3.
        var builder = new PanelBuilder();
        for (var t = 0; t < _dates.Length; t++)
        {
            DailyBar Bar(string code, double close, bool halted = false) => new()
            {
                Date = _dates[t], Code = code, Open = close, High = close, Low = close, Close = close, AdjClose = double.NaN,
                Volume = halted ? 0 : 100, Amount = double.NaN, MarketCap = double.NaN, Shares = double.NaN, ChangeRatio = double.NaN,
                Flags = halted ? BarFlags.Halted : BarFlags.None,
            };
            builder.Add(Bar("A", 100 + t)).Add(Bar("B", 100 - t)).Add(Bar("C", 50 + (t % 2), halted: t == 3));
        }

        double[] vix = [20, double.NaN, 22, 24, 23, 21, 25, 30];
        double[] kosdaq = [800, 808, double.NaN, 816, 820, 810, 815, 830];
        builder.AddIndex(_dates.Select((d, t) => new IndexBar { Name = "VIX", Date = d, Close = vix[t], Amount = double.NaN, MarketCap = double.NaN }));
        builder.AddIndex(_dates.Select((d, t) => new IndexBar { Name = "KOSDAQ", Date = d, Close = kosdaq[t], Amount = double.NaN, MarketCap = double.NaN }));
        return builder.Build();
    }

    [Fact]
    public void Vix_Should_UseThePreviousKrxDaysValue_When_UsCloseComesAfterKrxClose()
    {
        // Given VIX 20, NaN, 22, 24, 23, 21, 25, 30
        var cube = new FeaturePipeline(FeatureSet.Parse("vix")).Compute(ThreeStocks());

        // Then day t sees the last value at or before t−1 (carried over the gap), and the 5-day change is ln(lagged_t / lagged_{t−5})
        cube.Get(0, 0, 0).Should().Be(float.NaN);
        cube.Get(0, 1, 0).Should().Be(20f);
        cube.Get(0, 2, 0).Should().Be(20f);
        cube.Get(0, 3, 0).Should().Be(22f);
        cube.Get(2, 7, 0).Should().Be(25f);
        cube.Get(0, 6, 1).Should().BeApproximately((float)Math.Log(21 / 20.0), 1e-6f);
    }

    [Fact]
    public void IndexFeature_Should_SpanMissingIndexDays_When_IndexHasAGap()
    {
        // Given KOSDAQ 800, 808, NaN, 816 ...
        var cube = new FeaturePipeline(FeatureSet.Parse("index:KOSDAQ")).Compute(ThreeStocks());

        // Then the 1-day return after the gap spans it, the gap day is NaN, and the 5-day return uses index t−5
        cube.Get(0, 1, 0).Should().BeApproximately((float)Math.Log(808 / 800.0), 1e-6f);
        cube.Get(0, 2, 0).Should().Be(float.NaN);
        cube.Get(0, 3, 0).Should().BeApproximately((float)Math.Log(816 / 808.0), 1e-6f);
        cube.Get(1, 6, 1).Should().BeApproximately((float)Math.Log(815 / 808.0), 1e-6f);
        cube.Names.Should().Equal("kosdaq_ret_1d", "kosdaq_ret_5d", "kosdaq_ret_20d", "kosdaq_vol_20d");
    }

    [Fact]
    public void Breadth_Should_CountRisingStocksAmongThoseTrading_When_OneIsHalted()
    {
        // Given A up, B down, C alternating +1/−1 and halted on day 3
        var cube = new FeaturePipeline(FeatureSet.Parse("breadth:3")).Compute(ThreeStocks());

        // Then day 1: A and C up of 3 → 2/3; day 2: only A up → 1/3; day 3: C halted → A up of 2 → 1/2
        cube.Get(0, 1, 0).Should().BeApproximately(2 / 3f, 1e-6f);
        cube.Get(0, 2, 0).Should().BeApproximately(1 / 3f, 1e-6f);
        cube.Get(0, 3, 0).Should().BeApproximately(0.5f, 1e-6f);
        // Above the 3-day mean on day 2: A (102 > 101) yes, B no, C (50 vs mean 50.33) no → 1/3
        cube.Get(0, 2, 1).Should().BeApproximately(1 / 3f, 1e-6f);
        cube.Get(0, 1, 1).Should().Be(float.NaN, "no stock has 3 traded prices yet");
    }
}
