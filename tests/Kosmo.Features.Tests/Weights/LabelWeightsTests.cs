using Kosmo.Features.Labels;
using Kosmo.Features.Tests.Labels;
using Kosmo.Features.Weights;

namespace Kosmo.Features.Tests.Weights;

public sealed class LabelWeightsTests
{
    [Fact]
    public void Compute_Should_GiveUniquenessNearOneOverHorizon_When_LabelsOverlapDaily()
    {
        // Given: 10-day fixed-horizon labels on every day of a realistic panel.
        var panel = TestPanels.Gbm(seed: 5, stocks: 6, days: 300);
        var labels = new FixedHorizonLabeler(new FixedHorizonOptions(Horizon: 10)).Compute(panel);

        // When
        var w = LabelWeights.Compute(labels, panel, decayC: 0.5);

        // Then: with one label per day living 10 bars, ū is about 1/10; weights exist exactly where labels do.
        w.MeanUniqueness.Should().BeInRange(0.09, 0.14);
        var labelled = 0;
        double attrSum = 0;
        for (var k = 0; k < labels.Label.Length; k++)
        {
            var has = labels.Label[k] >= 0;
            float.IsNaN(w.Uniqueness[k]).Should().Be(!has);
            if (has)
            {
                labelled++;
                attrSum += w.Attribution[k];
                w.Decay[k].Should().BeInRange(0.5f - 1e-6f, 1f + 1e-6f);
            }
        }

        (attrSum / labelled).Should().BeApproximately(1.0, 1e-3);
    }

    [Fact]
    public void Compute_Should_MatchPerStockTextbookArithmetic_When_HandMadeLabels()
    {
        // Given: one stock, labels at t = 0 (T1 = 2), t = 1 (T1 = 3), t = 4 (T1 = 5): bars 1-2, 2-3, 5.
        var rows = Enumerable.Range(0, 6).Select(t => (100.0 + t, 100.0 + t, 100.0 + t, 100.0 + t)).ToList();
        var panel = TestPanels.FromRows(6, rows);
        var labels = new LabelSet("hand", panel.Dates, panel.Codes, 3, 2);
        labels.SetLabel(0, 1, 2, 0, 1, 0, LabelStatus.Labeled);
        labels.SetLabel(1, 1, 3, 0, 1, 0, LabelStatus.Labeled);
        labels.SetLabel(4, 1, 5, 0, 1, 0, LabelStatus.Labeled);

        // When
        var w = LabelWeights.Compute(labels, panel);

        // Then: c = (bar1 1, bar2 2, bar3 1, bar5 1) → ū = 3/4, 3/4, 1.
        w.Uniqueness[0].Should().BeApproximately(0.75f, 1e-6f);
        w.Uniqueness[1].Should().BeApproximately(0.75f, 1e-6f);
        w.Uniqueness[4].Should().BeApproximately(1f, 1e-6f);
        float.IsNaN(w.Uniqueness[2]).Should().BeTrue();
    }

    [Fact]
    public void Compute_Should_CountConcurrencyPerStock_When_TwoStocksHaveTheSameSpans()
    {
        // Given: two stocks with identical, non-overlapping labels (t = 0 → T1 = 2, t = 3 → T1 = 5).
        var dates = TestPanels.Weekdays(new DateOnly(2020, 1, 2), 6);
        var panel = new Kosmo.Core.Panel(dates, [
            new Kosmo.Core.StockInfo("000001", "", Kosmo.Core.Market.Kosdaq, "", null, null),
            new Kosmo.Core.StockInfo("000002", "", Kosmo.Core.Market.Kosdaq, "", null, null)]);
        for (var i = 0; i < 2; i++)
        {
            for (var t = 0; t < 6; t++)
            {
                panel.Set(Kosmo.Core.PanelField.Close, i, t, 100 + t + i);
                panel.Set(Kosmo.Core.PanelField.Volume, i, t, 1000);
            }
        }

        var labels = new LabelSet("hand", dates, panel.Codes, 3, 2);
        foreach (var i in new[] { 0, 1 })
        {
            labels.SetLabel(labels.Index(i, 0), 1, 2, 0, 1, 0, LabelStatus.Labeled);
            labels.SetLabel(labels.Index(i, 3), 1, 5, 0, 1, 0, LabelStatus.Labeled);
        }

        // When
        var w = LabelWeights.Compute(labels, panel);

        // Then: the other stock's labels do not count as concurrent, so every label is fully unique.
        w.Uniqueness.Where(u => !float.IsNaN(u)).Should().HaveCount(4).And.OnlyContain(u => u == 1f);
    }
}
