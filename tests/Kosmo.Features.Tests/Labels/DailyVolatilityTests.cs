using Kosmo.Features.Labels;

namespace Kosmo.Features.Tests.Labels;

public sealed class DailyVolatilityTests
{
    [Fact]
    public void Ewm_Should_MatchPandasReference_When_GivenFixtureCloses()
    {
        // Given: closes and pandas' ewm(span=20, adjust=True) RMS of log returns (tools/labels_reference.py).
        var closes = FixtureCsv.Read("trend_closes.csv");
        var expected = FixtureCsv.Read("ewm_vol_expected.csv");
        var rows = closes.Select(r => (r[1], r[1], r[1], r[1])).ToList();
        var panel = TestPanels.FromRows(rows.Count, rows);

        // When
        var sigma = DailyVolatility.Ewm(panel, span: 20, minPeriods: 20);

        // Then
        for (var t = 0; t < rows.Count; t++)
        {
            if (double.IsNaN(expected[t][1]))
            {
                float.IsNaN(sigma[t]).Should().BeTrue($"t={t} has fewer than 20 returns");
            }
            else
            {
                ((double)sigma[t]).Should().BeApproximately(expected[t][1], 1e-6, $"t={t}");
            }
        }
    }
}
