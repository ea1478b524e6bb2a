using Kosmo.Models.Abstractions;
using Kosmo.Models.Baselines;

namespace Kosmo.Models.Tests.Baselines;

public sealed class MomentumRuleClassifierTests
{
    private static readonly DateOnly _d1 = new(2024, 1, 2);
    private static readonly DateOnly _d2 = new(2024, 1, 3);

    [Fact]
    public void Fit_Should_LearnBucketClassFrequencies_When_GivenTwoDatesOfRankedMomentum()
    {
        // Given two dates of 4 stocks; 2 buckets; the top half by momentum went up more often.
        // Date 1: scores 0.1, 0.3, -0.2, 0.5 → percentiles 1/3, 2/3, 0, 1 → buckets 0, 1, 0, 1
        // Date 2: scores 5, 5, 1, 9 (ties) → ranks 2.5, 2.5, 1, 4 → u = 0.5, 0.5, 0, 1 → buckets 1, 1, 0, 1
        var train = Set([0.1f, 0.3f, -0.2f, 0.5f, 5f, 5f, 1f, 9f], [0, 2, 0, 2, 1, 2, 0, 2],
            [1f, 1f, 1f, 1f, 1f, 1f, 2f, 1f], [_d1, _d1, _d1, _d1, _d2, _d2, _d2, _d2]);
        var rule = new MomentumRuleClassifier("mom", "mom", buckets: 2, prior: 0);

        // When fitting
        rule.Fit(train);

        // Then bucket 0 = rows {0, 2, 6} with labels 0, 0, 0 (weights 1, 1, 2) → (1, 0, 0);
        // bucket 1 = rows {1, 3, 4, 5, 7}, labels 2, 2, 1, 2, 2 → (0, 1/5, 4/5)
        rule.Buckets(train).Should().Equal(0, 1, 0, 1, 1, 1, 0, 1);
        rule.BucketProbabilities.Should().Equal(1.0, 0.0, 0.0, 0.0, 0.2, 0.8);
    }

    [Fact]
    public void Fit_Should_ShrinkTowardsTheOverallFrequencies_When_PriorIsPositive()
    {
        // Given one date, 2 stocks, labels down (low momentum) and up (high momentum), prior α = 2
        var train = Set([1f, 2f], [0, 2], [1f, 1f], [_d1, _d1]);
        var rule = new MomentumRuleClassifier("mom", "mom", buckets: 2, prior: 2);
        rule.Fit(train);

        // Then π = (0.5, 0, 0.5); bucket 0: (1 + 2·0.5, 0, 0 + 2·0.5) / 3 = (2/3, 0, 1/3)
        rule.BucketProbabilities![0].Should().BeApproximately(2.0 / 3, 1e-12);
        rule.BucketProbabilities[2].Should().BeApproximately(1.0 / 3, 1e-12);
    }

    [Fact]
    public void PredictProba_Should_UseTheCrossSectionalRankOfTheTestDate_When_LevelsShift()
    {
        // Given a rule fitted on one date
        var train = Set([0.1f, 0.2f, 0.3f, 0.4f], [0, 0, 2, 2], [1f, 1f, 1f, 1f], [_d1, _d1, _d1, _d1]);
        var rule = new MomentumRuleClassifier("mom", "mom", buckets: 2, prior: 1);
        rule.Fit(train);

        // When the test date has the same order at a much higher level, plus a stock with no score
        var test = Set([10f, 20f, 30f, 40f, float.NaN], [-1, -1, -1, -1, -1], [1f, 1f, 1f, 1f, 1f], [_d2, _d2, _d2, _d2, _d2]);
        var p = rule.PredictProba(test);

        // Then the lowest two get bucket 0's probabilities, the top two bucket 1's, the missing one the prior
        p[0..3].Should().Equal(p[3..6]);
        p[6..9].Should().Equal(p[9..12]);
        p[0].Should().BeGreaterThan(p[2]);
        p[8].Should().BeGreaterThan(p[6]);
        p[12..15].Should().Equal(0.5f, 0f, 0.5f);
    }

    [Fact]
    public void Load_Should_PredictTheSameProbabilities_When_GivenTheSavedRule()
    {
        // Given a fitted rule with smoothing
        var train = Set([0.1f, 0.3f, -0.2f, 0.5f, 5f, 5f, 1f, 9f], [0, 2, 0, 2, 1, 2, 0, 2],
            [1f, 1f, 1f, 1f, 1f, 1f, 2f, 1f], [_d1, _d1, _d1, _d1, _d2, _d2, _d2, _d2]);
        var rule = new MomentumRuleClassifier("momentum_20d", "mom", buckets: 3, prior: 2);
        rule.Fit(train);

        // When saved and loaded
        var loaded = MomentumRuleClassifier.Load(rule.Save());

        // Then the table, the feature and every prediction (a missing score included) are the same
        var test = Set([10f, 20f, 30f, float.NaN], [-1, -1, -1, -1], [1f, 1f, 1f, 1f], [_d2, _d2, _d2, _d2]);
        loaded.PredictProba(test).Should().Equal(rule.PredictProba(test));
        loaded.BucketProbabilities.Should().Equal(rule.BucketProbabilities);
        loaded.Feature.Should().Be("mom");
        FluentActions.Invoking(() => MomentumRuleClassifier.Load("""{"kind":"logistic"}""")).Should().Throw<FormatException>();
    }

    private static TabularSet Set(float[] momentum, int[] labels, float[] weights, DateOnly[] dates) =>
        new(["mom"], momentum, labels, weights, dates, [.. Enumerable.Range(0, labels.Length).Select(i => $"{i:D6}")]);
}
