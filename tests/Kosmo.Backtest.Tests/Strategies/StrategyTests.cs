using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest.Tests.Strategies;

public class StrategyTests
{
    private static readonly DateOnly _start = new(2024, 3, 4);

    private static (Panel Panel, StrategyContext Context, double[] Current) Context(float[] scores, double[]? current = null, int[]? entry = null, int t = 5)
    {
        var s = new Scenario(t + 2, _start);
        for (var i = 0; i < scores.Length; i++) { s.Stock($"S{i}", Market.Kosdaq, Scenario.Flat(t + 2, 1_000 + i), Scenario.Flat(t + 2, 1_000 + i)); }
        var panel = s.Build();
        var signals = Scenario.Signals(panel, (_, i) => scores[i] >= 0 ? (scores[i], 0f) : (0f, -scores[i]));
        var weights = current ?? new double[scores.Length];
        var entries = entry ?? weights.Select(w => w > 0 ? 0 : -1).ToArray();
        var ctx = new StrategyContext(panel, signals, null, weights, entries, new bool[scores.Length]) { T = t };
        return (panel, ctx, weights);
    }

    [Fact]
    public void TopK_Should_WeightTheKBestEqually_When_NothingIsHeld()
    {
        var (_, ctx, _) = Context([0.1f, 0.5f, -0.2f, 0.4f, 0.3f]);
        var w = new double[5];

        new TopKStrategy(K: 2, MinHoldDays: 0).Targets(ctx, w);

        w.Should().Equal(0, 0.5, 0, 0.5, 0);
    }

    [Fact]
    public void TopK_Should_KeepYoungHoldings_When_MinimumHoldingPeriodIsNotOver()
    {
        // Given S0 (worst positive score) was bought 2 days ago with a 5-day minimum hold
        var (_, ctx, _) = Context([0.1f, 0.5f, 0.2f, 0.4f], current: [0.5, 0, 0, 0], entry: [3, -1, -1, -1]);
        var w = new double[4];

        new TopKStrategy(K: 2, MinHoldDays: 5).Targets(ctx, w);

        // Then S0 stays and only one slot goes to the best new name
        w.Should().Equal(0.5, 0.5, 0, 0);
    }

    [Fact]
    public void TopKDropout_Should_ReplaceAtMostNDropNames_When_ManyBetterCandidatesExist()
    {
        // Given k = 3 holdings S0..S2 with low scores and three much better candidates
        var (_, ctx, _) = Context([0.10f, 0.05f, 0.01f, 0.9f, 0.8f, 0.7f], current: [0.33, 0.33, 0.33, 0, 0, 0]);
        var w = new double[6];

        new TopKDropoutStrategy(K: 3, NDrop: 1).Targets(ctx, w);

        // Then only the worst holding (S2) is swapped for the best candidate (S3)
        w.Select(x => x > 0).Should().Equal(true, true, false, true, false, false);
        w.Sum().Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void ProbabilityWeighted_Should_CapAndRedistribute_When_OneScoreDominates()
    {
        var w = ProbabilityWeightedStrategy.CapWeights([10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0.2);

        w[0].Should().BeApproximately(0.2, 1e-12);
        w.Skip(1).Should().AllSatisfy(x => x.Should().BeApproximately(0.8 / 11, 1e-12));
        w.Sum().Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void ProbabilityWeighted_Should_IgnoreNonPositiveScores_When_Weighting()
    {
        var (_, ctx, _) = Context([0.3f, -0.5f, 0.1f, 0f]);
        var w = new double[4];

        new ProbabilityWeightedStrategy(MaxNames: 10, Cap: 1.0).Targets(ctx, w);

        w.Should().Equal([0.75, 0, 0.25, 0], (x, y) => Math.Abs(x - y) < 1e-7);
    }
}
