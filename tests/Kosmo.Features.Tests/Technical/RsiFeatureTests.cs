using Kosmo.Features.Pipeline;
using Kosmo.Features.Technical;
using Kosmo.Features.Tests.Pipeline;

namespace Kosmo.Features.Tests.Technical;

public sealed class RsiFeatureTests
{
    // StockCharts "Relative Strength Index (RSI)" worked example (Wilder smoothing, 14 periods).
    private static readonly double[] _prices =
    [
        44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328,
        45.6140, 46.2820, 46.2820, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515,
        45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
    ];

    private static readonly double[] _expected =
    [
        70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46,
        37.30, 33.08, 37.77,
    ];

    [Fact]
    public void Wilder_Should_MatchStockChartsExample_When_GivenTheTextbookSeries()
    {
        // Given the textbook price series
        // When RSI(14) is computed
        var rsi = RsiFeature.Wilder(_prices, 14);

        // Then the first 14 values are NaN and the rest match the published table to 0.01
        rsi.Take(14).Should().OnlyContain(v => double.IsNaN(v));
        for (var k = 0; k < _expected.Length; k++)
        {
            rsi[14 + k].Should().BeApproximately(_expected[k], 0.011, $"RSI at price {14 + k}");
        }
    }

    [Fact]
    public void Compute_Should_SkipHaltedDays_When_TheStockIsHalted()
    {
        // Given the same series with two halted days inserted after the 20th price
        var withHalt = _prices[..20].Concat([double.NaN, double.NaN]).Concat(_prices[20..]).ToArray();
        var panel = TestPanels.SingleStock(withHalt);

        // When the pipeline computes RSI
        var cube = new FeaturePipeline(FeatureSet.Parse("rsi:14")).Compute(panel);

        // Then halted days are NaN and the trading days carry the uninterrupted textbook values
        cube.Get(0, 20, 0).Should().Be(float.NaN);
        cube.Get(0, 21, 0).Should().Be(float.NaN);
        cube.Get(0, 19, 0).Should().BeApproximately(57.97f, 0.02f);
        cube.Get(0, 22, 0).Should().BeApproximately(62.93f, 0.02f);
        cube.Get(0, withHalt.Length - 1, 0).Should().BeApproximately(37.77f, 0.02f);
    }
}
