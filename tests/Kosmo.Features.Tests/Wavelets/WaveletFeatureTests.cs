using Kosmo.Features.Pipeline;
using Kosmo.Features.Tests.Pipeline;
using Kosmo.Features.Wavelets;

namespace Kosmo.Features.Tests.Wavelets;

public sealed class WaveletFeatureTests
{
    [Fact]
    public void Compute_Should_EqualCausalModwtOfTradedReturns_When_StockHasHalts()
    {
        // Given 200 prices with a 3-day halt at 100..102
        var rng = new Random(3);
        var prices = new double[200];
        var p = 1000.0;
        for (var t = 0; t < prices.Length; t++)
        {
            p *= Math.Exp(0.02 * (rng.NextDouble() - 0.5));
            prices[t] = t is >= 100 and <= 102 ? double.NaN : Math.Round(p, 2);
        }

        var panel = TestPanels.SingleStock(prices);

        // When the LA8 wavelet group is computed, and independently the causal MODWT of the traded log returns
        var cube = new FeaturePipeline(FeatureSet.Parse("wavelet:la8:2")).Compute(panel);
        var traded = Enumerable.Range(0, prices.Length).Where(t => !double.IsNaN(prices[t])).ToArray();
        var returns = traded.Select((t, n) => n == 0 ? double.NaN : Math.Log((float)prices[t]) - Math.Log((float)prices[traded[n - 1]])).ToArray();
        var expected = Modwt.Transform(returns, WaveletFilter.La8, 2, circular: false);

        // Then details, smooth and energies sit on the traded days, halted days are NaN,
        // and the first finite d2 appears after 1 + L_2 − 1 = 22 traded days
        cube.Names.Should().Equal("wav_la8_d1", "wav_la8_d2", "wav_la8_s2", "wav_la8_e1", "wav_la8_e2");
        for (var n = 0; n < traded.Length; n++)
        {
            var t = traded[n];
            cube.Get(0, t, 0).Should().Be((float)expected.Details[0][n]);
            cube.Get(0, t, 1).Should().Be((float)expected.Details[1][n]);
            cube.Get(0, t, 2).Should().Be((float)expected.Smooth[n]);
        }

        Enumerable.Range(0, traded.Length).First(n => double.IsFinite(expected.Details[1][n])).Should().Be(WaveletFilter.La8.EquivalentWidth(2));
        cube.Get(0, 101, 0).Should().Be(float.NaN);
        var last = traded.Length - 1;
        var energy = Enumerable.Range(last - 19, 20).Average(n => expected.Details[0][n] * expected.Details[0][n]);
        cube.Get(0, traded[last], 3).Should().BeApproximately((float)energy, 1e-9f);
    }
}
