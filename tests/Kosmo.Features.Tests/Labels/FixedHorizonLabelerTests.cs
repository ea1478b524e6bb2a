using Kosmo.Core;
using Kosmo.Features.Labels;

namespace Kosmo.Features.Tests.Labels;

public sealed class FixedHorizonLabelerTests
{
    private static readonly double _sigma = Math.Log(1.01);

    private static LabelSet LabelAt20(double close24, double open21 = 100.0)
    {
        // Given 21 days of closes alternating 100/101 (σ = ln 1.01 at t = 20), entry at the open of day 21, exit at the close of day 24.
        var rows = TestPanels.AlternatingHistory(21);
        rows.Add((open21, 101.5, 99.0, 100.5));
        rows.Add((100.5, 101.0, 99.5, 100.0));
        rows.Add((100.0, 101.0, 99.0, 100.0));
        rows.Add((100.0, Math.Max(101.0, close24), Math.Min(99.0, close24), close24));
        var panel = TestPanels.FromRows(25, rows);
        return new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 4, K: 1.0)).Compute(panel);
    }

    [Theory]
    [InlineData(102.5, 2)] // r = +2.5% > τ = 2·ln1.01 ≈ 1.99%
    [InlineData(101.5, 1)] // r = +1.5%: flat
    [InlineData(98.5, 1)]  // r = -1.5%: flat
    [InlineData(97.9, 0)]  // r = -2.1% < -τ
    public void Compute_Should_ClassByVolScaledThreshold_When_SigmaIsKnown(double close24, int expected)
    {
        // When
        var labels = LabelAt20(close24);

        // Then
        var k = labels.Index(0, 20);
        labels.Label[k].Should().Be(expected);
        labels.T1[k].Should().Be(24);
        labels.Return[k].Should().BeApproximately((float)(close24 / 100.0 - 1.0), 1e-6f);
        labels.Target[k].Should().BeApproximately((float)(_sigma * 2.0), 1e-5f);
        labels.Status[k].Should().Be(LabelStatus.Labeled);
    }

    [Fact]
    public void Compute_Should_LeaveNoLabel_When_VolatilityHistoryIsTooShortOrWindowPastEnd()
    {
        // When
        var labels = LabelAt20(102.5);

        // Then: t = 19 has only 19 returns; t = 21 needs day 25, past the panel's end while still listed.
        labels.Status[labels.Index(0, 19)].Should().Be(LabelStatus.NoVolatility);
        labels.Status[labels.Index(0, 21)].Should().Be(LabelStatus.WindowIncomplete);
        labels.Status[labels.Index(0, 24)].Should().Be(LabelStatus.WindowIncomplete);
        labels.Label[labels.Index(0, 21)].Should().Be(-1);
        float.IsNaN(labels.Return[labels.Index(0, 21)]).Should().BeTrue();
    }

    [Fact]
    public void Compute_Should_ExcludeEntry_When_StockOpensAtUpperLimit()
    {
        // Given: day 21 opens at 130 = the +30% limit over the close of 100.
        var labels = LabelAt20(131.0, open21: 130.0);

        // Then
        labels.Status[labels.Index(0, 20)].Should().Be(LabelStatus.UpperLimitAtEntry);
        labels.HasLabel(0, 20).Should().BeFalse();
    }

    [Fact]
    public void Compute_Should_ExcludeEntry_When_StockIsHaltedOnTheEntryDay()
    {
        // Given
        var rows = TestPanels.AlternatingHistory(21);
        for (var d = 0; d < 4; d++)
        {
            rows.Add((100, 101, 99, 100));
        }

        var panel = TestPanels.FromRows(25, rows);
        panel.Set(PanelField.Volume, 0, 21, 0f);
        panel.Flags[21] = BarFlags.Halted;

        // When
        var labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 3, K: 1.0)).Compute(panel);

        // Then: t = 20 enters on the halted day 21; t = 19 enters on day 20 with a window through day 22 that carries over the halt.
        labels.Status[labels.Index(0, 20)].Should().Be(LabelStatus.HaltedAtEntry);
        labels.Status[labels.Index(0, 19)].Should().Be(LabelStatus.NoVolatility);
        labels.Status[labels.Index(0, 21)].Should().Be(LabelStatus.Labeled);
    }

    [Fact]
    public void Compute_Should_ExitAtLastClose_When_StockDelistsOrIsHaltedAtWindowEnd()
    {
        // Given: rows up to day 22 only (the stock delists after day 22 in a 26-day panel).
        var rows = TestPanels.AlternatingHistory(21);
        rows.Add((100, 102, 99, 101));
        rows.Add((101, 104, 100, 103));
        var delisted = TestPanels.FromRows(26, rows);

        // When
        var labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 4, K: 1.0)).Compute(delisted);

        // Then
        var k = labels.Index(0, 20);
        labels.Status[k].Should().Be(LabelStatus.LabeledDelisted);
        labels.T1[k].Should().Be(22);
        labels.Return[k].Should().BeApproximately(0.03f, 1e-6f);
        labels.Label[k].Should().Be(2);

        // Given: the same stock listed to the end but halted on days 23-24 (window end day 24).
        rows.Add((103, 103, 103, 103));
        rows.Add((103, 103, 103, 103));
        rows.Add((103, 104, 102, 104));
        var halted = TestPanels.FromRows(26, rows);
        halted.Set(PanelField.Volume, 0, 23, 0f);
        halted.Set(PanelField.Volume, 0, 24, 0f);

        // When
        var carried = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 4, K: 1.0)).Compute(halted);

        // Then: the position is carried through the halt and valued at the last close before it.
        carried.Status[k].Should().Be(LabelStatus.LabeledHaltedAtExit);
        carried.T1[k].Should().Be(22);
        carried.Return[k].Should().BeApproximately(0.03f, 1e-6f);
    }

    [Fact]
    public void Compute_Should_LabelMostTradableCells_When_PanelIsRealistic()
    {
        // Given
        var panel = TestPanels.Gbm(seed: 7);

        // When
        var labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 10)).Compute(panel);

        // Then: every class occurs, labelled cells have a window inside (t, t+10] and a finite return.
        var counts = labels.ClassCounts();
        counts.Should().OnlyContain(c => c > 100);
        for (var k = 0; k < labels.Label.Length; k++)
        {
            var t = k % labels.DateCount;
            if (labels.Label[k] >= 0)
            {
                labels.T1[k].Should().BeInRange(t + 1, t + 10);
                float.IsFinite(labels.Return[k]).Should().BeTrue();
            }
        }

        labels.StatusCounts()[(int)LabelStatus.HaltedAtEntry].Should().BeGreaterThan(0);
        labels.StatusCounts()[(int)LabelStatus.LabeledDelisted].Should().BeGreaterThan(0);
    }
}
