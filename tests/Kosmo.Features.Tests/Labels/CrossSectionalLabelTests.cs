using Kosmo.Core;
using Kosmo.Features.Labels;

namespace Kosmo.Features.Tests.Labels;

public sealed class CrossSectionalLabelTests
{
    private const int Days = 40;
    private static readonly double[] _excessGrowth = [0.001, 0.002, 0.006];

    /// <summary>Stock i grows by g[i] per day, opening at the previous close: the h-day forward return from t is (1 + g)^h − 1.</summary>
    private static Panel Growth(params double[] g)
    {
        var dates = TestPanels.Weekdays(new DateOnly(2020, 1, 2), Days);
        var panel = new Panel(dates, [.. g.Select((_, i) => new StockInfo($"A{i:D5}", $"S{i}", Market.Kosdaq, "", null, null))]);
        for (var i = 0; i < g.Length; i++)
        {
            var close = 1000.0;
            for (var t = 0; t < Days; t++)
            {
                var open = close;
                close *= 1 + g[i];
                panel.Set(PanelField.Open, i, t, (float)open);
                panel.Set(PanelField.High, i, t, (float)Math.Max(open, close));
                panel.Set(PanelField.Low, i, t, (float)Math.Min(open, close));
                panel.Set(PanelField.Close, i, t, (float)close);
                panel.Set(PanelField.AdjClose, i, t, (float)close);
                panel.Set(PanelField.Volume, i, t, 1000f);
            }
        }

        return panel;
    }

    private static bool[] All(Panel p) => Enumerable.Repeat(true, p.DateCount * p.CodeCount).ToArray();

    private static int[] LabelsAt(LabelSet set, int t) => [.. Enumerable.Range(0, set.CodeCount).Select(i => set.Label[set.Index(i, t)])];

    [Fact]
    public void Compute_Should_LabelBottomMiddleTopThirds_When_SixMembersHaveDistinctReturns()
    {
        // Given six members whose growth rates rank 3,0,5,1,4,2
        var panel = Growth(0.004, 0.001, 0.006, 0.002, 0.005, 0.003);

        // When
        var set = new CrossSectionalTercileLabeler(5, All(panel)).Compute(panel);

        // Then: ranks 0-1 down, 2-3 flat, 4-5 up, at every labelled date; the return is the raw forward return
        LabelsAt(set, 10).Should().Equal(1, 0, 2, 0, 2, 1);
        set.Return[set.Index(2, 10)].Should().BeApproximately((float)(Math.Pow(1.006, 5) - 1), 1e-5f);
        set.T1[set.Index(2, 10)].Should().Be(15);
        set.ClassCounts().Should().Equal(set.ClassCounts()[0], set.ClassCounts()[0], set.ClassCounts()[0]);
    }

    [Fact]
    public void Compute_Should_GiveTiedReturnsOneClass_When_ReturnsTie()
    {
        // Given five members, three of them tied in the middle and two tied at the top
        var panel = Growth(0.001, 0.003, 0.003, 0.003, 0.002);

        // When
        var set = new CrossSectionalTercileLabeler(3, All(panel)).Compute(panel);

        // Then: mid-ranks 0 → q=0.1 down; 1 → q=0.3 down; the tied trio shares rank 3 → q=0.7 up
        LabelsAt(set, 5).Should().Equal(0, 2, 2, 2, 0);
    }

    [Fact]
    public void Compute_Should_LabelNothing_When_FewerThanThreeMembersOrNotAMember()
    {
        // Given four stocks; at date 5 only two are members, at date 6 three are
        var panel = Growth(0.001, 0.002, 0.003, 0.004);
        var mask = new bool[panel.DateCount * panel.CodeCount];
        mask[panel.DateCount * 0 + 5] = mask[panel.DateCount * 1 + 5] = true;
        mask[panel.DateCount * 0 + 6] = mask[panel.DateCount * 2 + 6] = mask[panel.DateCount * 3 + 6] = true;

        // When
        var set = new CrossSectionalTercileLabeler(2, mask).Compute(panel);

        // Then
        LabelsAt(set, 5).Should().Equal(-1, -1, -1, -1);
        set.Status[set.Index(0, 5)].Should().Be(LabelStatus.SmallCrossSection);
        set.Status[set.Index(2, 5)].Should().Be(LabelStatus.OutsideUniverse);
        LabelsAt(set, 6).Should().Equal(0, -1, 1, 2);
        set.Status[set.Index(1, 6)].Should().Be(LabelStatus.OutsideUniverse);
    }

    [Theory]
    [InlineData("cs_tercile")]
    [InlineData("excess")]
    public void Compute_Should_UseTheMembershipAtT_When_MembershipElsewhereChanges(string method)
    {
        // Given a GBM panel and a membership mask
        var panel = TestPanels.Gbm(seed: 5, stocks: 12, days: 160);
        var mask = LabelMasks.Pseudo(panel, seed: 1);
        var baseline = Labeler(method, mask).Compute(panel);
        foreach (var t in new[] { 40, 90 })
        {
            // When membership at every other date is flipped
            var other = (bool[])mask.Clone();
            for (var k = 0; k < other.Length; k++)
            {
                if (k % panel.DateCount != t)
                {
                    other[k] = !other[k];
                }
            }

            var changed = Labeler(method, other).Compute(panel);

            // Then the labels at t are the same
            LabelsAt(changed, t).Should().Equal(LabelsAt(baseline, t));
            for (var i = 0; i < panel.CodeCount; i++)
            {
                changed.Return[changed.Index(i, t)].Should().Be(baseline.Return[baseline.Index(i, t)]);
            }
        }
    }

    private static ILabelMethod Labeler(string method, bool[] mask) => method == "cs_tercile"
        ? new CrossSectionalTercileLabeler(10, mask)
        : new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 10), mask);

    [Fact]
    public void Compute_Should_ClassifyTheExcessReturn_When_TargetIsExcess()
    {
        // Given three members growing 0.1%, 0.2% and 0.6% a day and a zero band
        var panel = Growth(0.001, 0.002, 0.006);
        const int H = 4;
        var absolute = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: H, K: 0)).Compute(panel);

        // When labelled against the equal-weight universe
        var excess = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: H, K: 0), All(panel)).Compute(panel);

        // Then every absolute label is up, but the excess labels split around the mean forward return
        const int T = 30;
        var r = _excessGrowth.Select(g => Math.Pow(1 + g, H) - 1).ToArray();
        LabelsAt(absolute, T).Should().Equal(2, 2, 2);
        LabelsAt(excess, T).Should().Equal(0, 0, 2);
        for (var i = 0; i < 3; i++)
        {
            excess.Return[excess.Index(i, T)].Should().BeApproximately((float)(r[i] - r.Average()), 1e-6f);
        }

        excess.Method.Should().Contain("target=excess");
    }

    [Fact]
    public void Compute_Should_LabelNoExcess_When_TheUniverseHasFewerThanThreeMembers()
    {
        // Given two members only
        var panel = Growth(0.001, 0.002, 0.006);
        var mask = All(panel);
        for (var t = 0; t < panel.DateCount; t++)
        {
            mask[2 * panel.DateCount + t] = false;
        }

        // When
        var set = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 4, K: 0), mask).Compute(panel);

        // Then
        LabelsAt(set, 30).Should().Equal(-1, -1, -1);
        set.Status[set.Index(0, 30)].Should().Be(LabelStatus.SmallCrossSection);
    }
}
