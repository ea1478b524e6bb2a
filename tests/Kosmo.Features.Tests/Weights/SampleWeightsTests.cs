using Kosmo.Features.Tests.Labels;
using Kosmo.Features.Weights;

namespace Kosmo.Features.Tests.Weights;

public sealed class SampleWeightsTests
{
    // AFML 4.5.3's example: 3 labels on 6 bars, y1 on bars 0-2, y2 on bars 2-3, y3 on bars 4-5.
    private static readonly int[] _start = [0, 2, 4];
    private static readonly int[] _end = [2, 3, 5];

    [Fact]
    public void Concurrency_Should_CountOverlaps_When_TextbookExample()
    {
        // When
        var c = SampleWeights.Concurrency(6, _start, _end);

        // Then: the indicator matrix has columns 111000, 001100, 000011 → c = 1,1,2,1,1,1.
        c.Should().Equal(1, 1, 2, 1, 1, 1);
    }

    [Fact]
    public void AverageUniqueness_Should_EqualHandValues_When_TextbookExample()
    {
        // When
        var u = SampleWeights.AverageUniqueness(6, _start, _end);

        // Then: y1 (1 + 1 + 1/2) / 3 = 5/6; y2 (1/2 + 1) / 2 = 3/4; y3 1.
        u[0].Should().BeApproximately(5.0 / 6.0, 1e-12);
        u[1].Should().BeApproximately(0.75, 1e-12);
        u[2].Should().BeApproximately(1.0, 1e-12);
    }

    [Fact]
    public void ReturnAttribution_Should_EqualHandValues_When_TextbookExample()
    {
        // Given
        double[] r = [0.01, -0.02, 0.03, 0.01, -0.01, 0.02];

        // When
        var w = SampleWeights.ReturnAttribution(r, _start, _end);
        SampleWeights.NormalizeToCount(w);

        // Then: |0.01 - 0.02 + 0.03/2| = 0.005, |0.03/2 + 0.01| = 0.025, |-0.01 + 0.02| = 0.01; scaled to sum 3 (×75).
        w[0].Should().BeApproximately(0.375, 1e-12);
        w[1].Should().BeApproximately(1.875, 1e-12);
        w[2].Should().BeApproximately(0.75, 1e-12);
    }

    [Fact]
    public void Weights_Should_MatchNumpyIndicatorMatrix_When_RandomSpans()
    {
        // Given: 40 random spans on 100 bars and numpy's explicit indicator-matrix results.
        var spans = FixtureCsv.Read("weights_spans.csv");
        var returns = FixtureCsv.Read("weights_returns.csv").Select(r => r[1]).ToArray();
        var expected = FixtureCsv.Read("weights_expected.csv");
        var start = spans.Select(r => (int)r[1]).ToArray();
        var end = spans.Select(r => (int)r[2]).ToArray();

        // When
        var u = SampleWeights.AverageUniqueness(100, start, end);
        var w = SampleWeights.ReturnAttribution(returns, start, end);
        var d05 = SampleWeights.TimeDecay(u, 0.5);
        var dm05 = SampleWeights.TimeDecay(u, -0.5);

        // Then
        for (var j = 0; j < start.Length; j++)
        {
            u[j].Should().BeApproximately(expected[j][1], 1e-10);
            w[j].Should().BeApproximately(expected[j][2], 1e-10);
            d05[j].Should().BeApproximately(expected[j][3], 1e-10);
            dm05[j].Should().BeApproximately(expected[j][4], 1e-10);
        }
    }

    [Fact]
    public void TimeDecay_Should_FollowAfmlLine_When_CIsZeroOrOne()
    {
        // Given: ū = 5/6, 3/4, 1 (Σ = 31/12).
        double[] u = [5.0 / 6.0, 0.75, 1.0];

        // When
        var none = SampleWeights.TimeDecay(u, 1.0);
        var linear = SampleWeights.TimeDecay(u, 0.0);

        // Then: c = 1 keeps 1; c = 0 gives d = x / Σū: 10/31, 19/31, 1.
        none.Should().AllSatisfy(d => d.Should().BeApproximately(1.0, 1e-12));
        linear[0].Should().BeApproximately(10.0 / 31.0, 1e-12);
        linear[1].Should().BeApproximately(19.0 / 31.0, 1e-12);
        linear[2].Should().BeApproximately(1.0, 1e-12);
        FluentActions.Invoking(() => SampleWeights.TimeDecay(u, -1.0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void SequentialBootstrap_Should_DrawMoreUniqueSamples_When_ComparedWithPlainBootstrap()
    {
        // Given: 30 heavily overlapping random spans on 60 bars.
        var rng = new Random(3);
        var start = Enumerable.Range(0, 30).Select(_ => rng.Next(0, 50)).Order().ToArray();
        var end = start.Select(s => Math.Min(59, s + rng.Next(3, 12))).ToArray();

        // When: 200 repetitions of 30 draws each, sequential vs uniform.
        double seq = 0, plain = 0;
        for (var rep = 0; rep < 200; rep++)
        {
            var a = SequentialBootstrap.Draw(60, start, end, 30, seed: rep);
            var b = Enumerable.Range(0, 30).Select(_ => rng.Next(30)).ToArray();
            seq += SampleWeights.AverageUniqueness(60, a.Select(j => start[j]).ToArray(), a.Select(j => end[j]).ToArray()).Average();
            plain += SampleWeights.AverageUniqueness(60, b.Select(j => start[j]).ToArray(), b.Select(j => end[j]).ToArray()).Average();
        }

        // Then: AFML's Monte Carlo finding, and the same seed gives the same draws.
        (seq / 200).Should().BeGreaterThan(plain / 200);
        SequentialBootstrap.Draw(60, start, end, 30, 5).Should().Equal(SequentialBootstrap.Draw(60, start, end, 30, 5));
    }
}
