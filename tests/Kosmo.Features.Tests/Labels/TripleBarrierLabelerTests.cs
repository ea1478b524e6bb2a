using Kosmo.Features.Labels;

namespace Kosmo.Features.Tests.Labels;

public sealed class TripleBarrierLabelerTests
{
    // σ = ln 1.01 at t = 20; pt = sl = 2 → barriers at 100·(1 ± 2σ) = 101.990 / 98.010 around the entry open 100.
    private static readonly double _width = 2 * Math.Log(1.01);

    private static Kosmo.Core.Panel PathPanel(params (double O, double H, double L, double C)[] forward)
    {
        var rows = TestPanels.AlternatingHistory(21);
        rows.AddRange(forward);
        return TestPanels.FromRows(rows.Count, rows);
    }

    private static readonly TripleBarrierLabeler _labeler = new(new TripleBarrierOptions(Horizon: 4, ProfitTake: 2, StopLoss: 2));

    [Fact]
    public void Compute_Should_LabelUpAtBarrierPrice_When_ProfitTakeIsTouchedFirst()
    {
        // Given: day 22's high 102.5 crosses 101.99; the low never reaches 98.01.
        var panel = PathPanel((100, 101.5, 99, 101), (101, 102.5, 100.5, 102), (102, 103, 101, 102), (102, 102, 97, 97));

        // When
        var labels = _labeler.Compute(panel);

        // Then
        var k = labels.Index(0, 20);
        labels.Label[k].Should().Be(2);
        labels.T1[k].Should().Be(22);
        labels.Return[k].Should().BeApproximately((float)_width, 1e-5f);
    }

    [Fact]
    public void Compute_Should_AssumeStopLossFirst_When_BothBarriersAreTouchedTheSameDay()
    {
        // Given: day 22 trades 97.5..102.5, through both barriers, after a quiet day 21.
        var panel = PathPanel((100, 101, 99.5, 100.5), (100.5, 102.5, 97.5, 101), (101, 101, 100, 100), (100, 101, 99, 100));

        // When
        var labels = _labeler.Compute(panel);

        // Then
        var k = labels.Index(0, 20);
        labels.Label[k].Should().Be(0);
        labels.T1[k].Should().Be(22);
        labels.Return[k].Should().BeApproximately((float)-_width, 1e-5f);
    }

    [Fact]
    public void Compute_Should_ExitAtTheOpen_When_DayGapsThroughABarrier()
    {
        // Given: day 22 opens at 97, below the stop.
        var panel = PathPanel((100, 101, 99.5, 100.5), (97, 98, 96, 97.5), (98, 99, 97, 98), (98, 99, 97, 98));

        // When
        var labels = _labeler.Compute(panel);

        // Then
        var k = labels.Index(0, 20);
        labels.Label[k].Should().Be(0);
        labels.T1[k].Should().Be(22);
        labels.Return[k].Should().BeApproximately(-0.03f, 1e-6f);
    }

    [Theory]
    [InlineData(VerticalBarrierRule.Flat, 1)]
    [InlineData(VerticalBarrierRule.Sign, 2)]
    public void Compute_Should_UseVerticalRule_When_NoBarrierIsTouched(VerticalBarrierRule rule, int expected)
    {
        // Given: the path stays inside 98.01..101.99 and closes day 24 at 100.8.
        var panel = PathPanel((100, 101, 99, 100.5), (100.5, 101.5, 99.5, 101), (101, 101.5, 100, 100.2), (100.2, 101, 99.8, 100.8));

        // When
        var labels = new TripleBarrierLabeler(new TripleBarrierOptions(Horizon: 4, Vertical: rule)).Compute(panel);

        // Then
        var k = labels.Index(0, 20);
        labels.Label[k].Should().Be(expected);
        labels.T1[k].Should().Be(24);
        labels.Return[k].Should().BeApproximately(0.008f, 1e-6f);
    }

    [Fact]
    public void ComputeMeta_Should_LabelTheSidesOutcome_When_PrimarySideIsGiven()
    {
        // Given: the profit-take path of the long case.
        var panel = PathPanel((100, 101.5, 99, 101), (101, 102.5, 100.5, 102), (102, 103, 101, 102), (102, 102, 97, 97));
        var longSide = new sbyte[panel.DateCount];
        var shortSide = new sbyte[panel.DateCount];
        longSide[20] = 1;
        shortSide[20] = -1;

        // When
        var asLong = _labeler.ComputeMeta(panel, longSide);
        var asShort = _labeler.ComputeMeta(panel, shortSide);

        // Then: the long trade hits its profit-take (1); the short trade hits its stop at 101.99 on day 22 (0).
        asLong.Label[20].Should().Be(1);
        asLong.Return[20].Should().BeApproximately((float)_width, 1e-5f);
        asShort.Label[20].Should().Be(0);
        asShort.T1[20].Should().Be(22);
        asShort.Return[20].Should().BeApproximately((float)-_width, 1e-5f);
        asShort.Status[19].Should().Be(LabelStatus.NoSide);
        asShort.ClassCount.Should().Be(2);
    }

    [Fact]
    public void Compute_Should_KeepTouchInsideWindow_When_PanelIsRealistic()
    {
        // Given
        var panel = TestPanels.Gbm(seed: 11);

        // When
        var labels = new TripleBarrierLabeler(new TripleBarrierOptions(Horizon: 10, ProfitTake: 1.5, StopLoss: 1.5)).Compute(panel);

        // Then: a barrier exit returns at least the barrier width in magnitude; all three classes occur.
        labels.ClassCounts().Should().OnlyContain(c => c > 50);
        for (var k = 0; k < labels.Label.Length; k++)
        {
            if (labels.Label[k] is 0 or 2)
            {
                Math.Abs(labels.Return[k]).Should().BeGreaterThanOrEqualTo(1.5f * labels.Target[k] * 0.9999f);
                labels.T1[k].Should().BeInRange(k % labels.DateCount + 1, k % labels.DateCount + 10);
            }
        }
    }
}
