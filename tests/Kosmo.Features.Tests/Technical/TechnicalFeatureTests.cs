using Kosmo.Core;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Tests.Pipeline;

namespace Kosmo.Features.Tests.Technical;

public sealed class TechnicalFeatureTests
{
    private static float Feature(Panel panel, string spec, string name, int t)
    {
        var cube = new FeaturePipeline(FeatureSet.Parse(spec)).Compute(panel);
        return cube.Get(0, t, cube.IndexOf(name));
    }

    [Fact]
    public void Returns_Should_SpanTheHalt_When_TheStockWasHalted()
    {
        // Given 100, 110, halt, halt, 121
        var panel = TestPanels.SingleStock([100, 110, double.NaN, double.NaN, 121]);

        // When returns are computed
        var cube = new FeaturePipeline(FeatureSet.Parse("returns:1:3")).Compute(panel);

        // Then halted days are NaN, the first day after the halt spans it, and the 3-day return reads the last traded price at or before t-3
        cube.Get(0, 0, 0).Should().Be(float.NaN);
        cube.Get(0, 1, 0).Should().BeApproximately((float)Math.Log(1.1), 1e-6f);
        cube.Get(0, 2, 0).Should().Be(float.NaN);
        cube.Get(0, 4, 0).Should().BeApproximately((float)Math.Log(121 / 110.0), 1e-6f);
        cube.Get(0, 4, 1).Should().BeApproximately((float)Math.Log(121 / 110.0), 1e-6f);
        cube.Get(0, 3, 1).Should().Be(float.NaN);
    }

    [Fact]
    public void Macd_Should_MatchHandComputedEmas_When_PriceStepsUp()
    {
        // Given 40 days at 100 then one day at 110
        var prices = Enumerable.Repeat(100.0, 40).Append(110).ToArray();
        var panel = TestPanels.SingleStock(prices);

        // When MACD(12, 26, 9) is computed
        var cube = new FeaturePipeline(FeatureSet.Parse("macd")).Compute(panel);

        // Then EMA12 = 100 + 10·2/13, EMA26 = 100 + 10·2/27, signal = 0.2·MACD, all divided by the price 110
        var line = 10 * 2.0 / 13 - 10 * 2.0 / 27;
        cube.Get(0, 40, 0).Should().BeApproximately((float)(line / 110), 1e-6f);
        cube.Get(0, 40, 1).Should().BeApproximately((float)(0.2 * line / 110), 1e-6f);
        cube.Get(0, 40, 2).Should().BeApproximately((float)(0.8 * line / 110), 1e-6f);
        cube.Get(0, 39, 0).Should().Be(0f);
        cube.Get(0, 32, 0).Should().Be(float.NaN, "the warm-up is 26 + 9 - 2 = 33 traded days");
    }

    [Fact]
    public void Bollinger_Should_MatchHandComputedBands_When_PricesRiseLinearly()
    {
        // Given prices 1..20
        var panel = TestPanels.SingleStock([.. Enumerable.Range(1, 20).Select(v => (double)v)]);

        // When Bollinger(20, 2) is computed
        // Then mean 10.5, population σ = √33.25, %B of 20 = (20 − (10.5 − 2σ)) / 4σ, width = 4σ / 10.5
        var sigma = Math.Sqrt(33.25);
        Feature(panel, "bollinger", "bb_pctb", 19).Should().BeApproximately((float)((20 - (10.5 - 2 * sigma)) / (4 * sigma)), 1e-6f);
        Feature(panel, "bollinger", "bb_width", 19).Should().BeApproximately((float)(4 * sigma / 10.5), 1e-6f);
        Feature(panel, "bollinger", "bb_pctb", 18).Should().Be(float.NaN);
    }

    [Fact]
    public void Volatility_Should_BeAnnualisedSampleStd_When_ReturnsAlternate()
    {
        // Given log returns alternating +a, −a (21 prices)
        var a = 0.02;
        var prices = Enumerable.Range(0, 21).Select(t => 100 * Math.Exp(t % 2 == 0 ? 0 : a)).ToArray();
        var panel = TestPanels.SingleStock(prices);

        // When vol_20d is computed at the 21st price (20 returns, mean 0)
        // Then it equals √(20 a² / 19) · √252
        Feature(panel, "vol:20", "vol_20d", 20).Should().BeApproximately((float)(Math.Sqrt(20 * a * a / 19) * Math.Sqrt(252)), 1e-5f);
    }

    [Fact]
    public void LimitHits_Should_FlagMovesWithinOneTickOfTheLimit_When_LimitDependsOnDate()
    {
        // Given +29.9% after 2015-06-15 (limit 30%, tick tolerance) and +14.96% before (limit 15%)
        var after = TestPanels.SingleStock([10_000, 12_990, 12_990 * 0.8], new DateOnly(2016, 1, 4));
        var before = TestPanels.SingleStock([10_000, 11_496, 11_000], new DateOnly(2014, 1, 6));

        // Then both count as upper-limit hits, a 20% fall is no lower hit after 2015, and a small move is no hit
        Feature(after, "limits", "limit_up", 1).Should().Be(1f);
        Feature(after, "limits", "limit_down", 2).Should().Be(0f);
        Feature(before, "limits", "limit_up", 1).Should().Be(1f);
        Feature(before, "limits", "limit_up", 2).Should().Be(0f);
        Feature(before, "limits", "limit_up", 0).Should().Be(0f);
    }

    [Fact]
    public void PriceRange_Should_ComputeGapAndRange_When_OpenDiffersFromPreviousClose()
    {
        // Given closes 100, 105 with the second open at 102 (high/low = close ± 1%)
        var panel = TestPanels.SingleStock([100, 105], opens: [100, 102]);

        // Then gap = 102/100 − 1 and range = (1.01 − 0.99)·105/105
        Feature(panel, "range", "gap", 1).Should().BeApproximately(0.02f, 1e-6f);
        Feature(panel, "range", "range", 1).Should().BeApproximately(0.02f, 1e-6f);
        Feature(panel, "range", "gap", 0).Should().Be(float.NaN);
    }

    [Fact]
    public void Liquidity_Should_ComputeTurnoverFromValueAndCap_When_CapIsKnown()
    {
        // Given value = close·volume and cap = close·1e6 (TestPanels)
        var panel = TestPanels.SingleStock([100, 101, 102]);

        // Then turnover = volume / 1e6
        Feature(panel, "liquidity", "turnover", 2).Should().BeApproximately(1002f / 1e6f, 1e-9f);
    }

    [Fact]
    public void ListingAge_Should_CountCalendarYears_When_StockHasBars()
    {
        // Given a stock from Monday 2020-01-06
        var panel = TestPanels.SingleStock([100, 101, 102, 103, 104, 105]);

        // Then day 5 (Monday 2020-01-13) is 7/365.25 years after listing
        Feature(panel, "age", "years_listed", 5).Should().BeApproximately((float)(7 / 365.25), 1e-7f);
        Feature(panel, "age", "years_listed", 0).Should().Be(0f);
    }
}
