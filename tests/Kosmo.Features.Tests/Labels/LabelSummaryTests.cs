using Kosmo.Features.Labels;
using Kosmo.Features.Weights;

namespace Kosmo.Features.Tests.Labels;

public sealed class LabelSummaryTests
{
    [Fact]
    public void Create_Should_CountClassesPerYearAndReasons_When_GivenLabels()
    {
        // Given
        var panel = TestPanels.Gbm(seed: 2, stocks: 8, days: 500);
        var labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 5)).Compute(panel);

        // When
        var summary = LabelSummary.Create(labels, LabelWeights.Compute(labels, panel));

        // Then: per-year counts add up to the labels; shares over listed cells add up to 1; years 2019-2020 appear.
        summary.ByYear.Keys.Should().Equal(2019, 2020);
        summary.ByYear.Values.Sum(c => c.Sum()).Should().Be(summary.Labeled);
        summary.Labeled.Should().Be(labels.LabeledCount);
        summary.StatusShares.Values.Sum().Should().BeApproximately(1.0, 1e-9);
        summary.StatusShares.Should().ContainKeys("Labeled", "NoVolatility", "HaltedAtEntry");
        summary.ClassBalance.Sum().Should().BeApproximately(1.0, 1e-9);
        summary.MeanUniqueness.Should().BeInRange(0.18, 0.3);
    }
}
