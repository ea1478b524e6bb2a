using Kosmo.Features.Labels;

namespace Kosmo.Features.Tests.Labels;

public sealed class TrendScanningLabelerTests
{
    [Fact]
    public void Compute_Should_MatchNumpyOls_When_ScanningFixtureCloses()
    {
        // Given: 120 closes and numpy's best span and t-value per t (tools/labels_reference.py).
        var closes = FixtureCsv.Read("trend_closes.csv");
        var expected = FixtureCsv.Read("trend_expected.csv");
        var rows = closes.Select(r => (r[1], r[1], r[1], r[1])).ToList();
        var panel = TestPanels.FromRows(rows.Count, rows);

        // When
        var labels = new TrendScanningLabeler(new TrendScanningOptions(5, 20)).Compute(panel);

        // Then
        foreach (var e in expected)
        {
            var t = (int)e[0];
            var k = labels.Index(0, t);
            labels.T1[k].Should().Be(t + (int)e[1], $"t={t}");
            ((double)labels.Weight[k]).Should().BeApproximately(Math.Abs(e[2]), 1e-4 * Math.Abs(e[2]), $"t={t}");
            labels.Label[k].Should().Be(e[2] > 0 ? 2 : 0);
        }

        labels.Status[labels.Index(0, 100)].Should().Be(LabelStatus.WindowIncomplete);
    }

    [Fact]
    public void SlopeTValue_Should_EqualHandComputedValue_When_FourPoints()
    {
        // Given: y = 1, 3, 2, 5 on x = 1..4: slope 1.1, SSE 2.7, Sxx 5 → t = 1.1 / √(2.7/2/5) = 2.1170
        double[] x = [1, 2, 3, 4];
        double[] y = [1, 3, 2, 5];

        // When
        var t = TrendScanningLabeler.SlopeTValue(x, y);

        // Then
        t.Should().BeApproximately(1.1 / Math.Sqrt(2.7 / 2 / 5), 1e-12);
    }

    [Fact]
    public void Compute_Should_SplitByStrongThreshold_When_FourClassMode()
    {
        // Given
        var closes = FixtureCsv.Read("trend_closes.csv");
        var expected = FixtureCsv.Read("trend_expected.csv");
        var rows = closes.Select(r => (r[1], r[1], r[1], r[1])).ToList();
        var panel = TestPanels.FromRows(rows.Count, rows);

        // When
        var labels = new TrendScanningLabeler(new TrendScanningOptions(5, 20, TrendScanningMode.FourClass, StrongT: 3.0)).Compute(panel);

        // Then
        labels.ClassCount.Should().Be(4);
        foreach (var e in expected)
        {
            var tv = e[2];
            var want = tv >= 3 ? 3 : tv > 0 ? 2 : tv > -3 ? 1 : 0;
            labels.Label[labels.Index(0, (int)e[0])].Should().Be(want);
        }
    }
}
