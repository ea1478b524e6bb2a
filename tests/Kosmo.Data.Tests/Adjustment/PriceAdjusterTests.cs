using Kosmo.Data.Adjustment;

namespace Kosmo.Data.Tests.Adjustment;

public sealed class PriceAdjusterTests
{
    private readonly PriceAdjuster _adjuster = new();

    [Fact]
    public void LinkRatio_Should_ReturnReportedChange_When_SplitMakesRawRatioDisagree()
    {
        // Given a 1:5 split: previous close 10,000, close 2,040 (raw ratio 0.204), reported change +2%
        var link = _adjuster.LinkRatio(10_000, 2_040, 0.02, out var action);

        // Then the day is a corporate action and its return is the reported +2%
        action.Should().BeTrue();
        link.Should().BeApproximately(1.02, 1e-12);
    }

    [Fact]
    public void LinkRatio_Should_ReturnRawRatio_When_ReportedChangeAgreesOrIsMissing()
    {
        _adjuster.LinkRatio(1000, 1013, 0.0132, out var a1).Should().BeApproximately(1.013, 1e-12);
        a1.Should().BeFalse("1.3% rounded to 1.32% is well inside the 1% relative tolerance");
        _adjuster.LinkRatio(1000, 500, double.NaN, out var a2).Should().Be(0.5);
        a2.Should().BeFalse();
        _adjuster.LinkRatio(double.NaN, 500, 0.0, out _).Should().Be(double.NaN);
    }

    [Fact]
    public void DetectEvents_Should_FindTheScannedSplitsWithTheirFactors_When_ReadingRealMarcapWindows()
    {
        // Given the real marcap rows of five codes around splits / reverse splits (tools/scan_marcap_splits.py)
        var expected = MarcapFixture.Events();

        // When detecting events per (code, year) window
        var found = new Dictionary<(string, DateOnly), double>();
        foreach (var ((code, _), rows) in MarcapFixture.Marcap())
        {
            var events = _adjuster.DetectEvents(code, rows.Select(r => r.Date).ToArray(), rows.Select(r => r.Close).ToArray(), rows.Select(r => r.Change).ToArray());
            foreach (var e in events)
            {
                found[(e.Code, e.Date)] = e.Factor;
            }
        }

        // Then exactly the scanned events are found, with the pandas factors (355150 is a 5:1 reverse split, 336370 a 1:2 split)
        found.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (key, factor) in expected)
        {
            found[key].Should().BeApproximately(factor, 1e-6, $"factor of {key}");
        }

        found[("355150", new DateOnly(2024, 2, 2))].Should().BeApproximately(5.0, 0.001);
        found[("336370", new DateOnly(2024, 1, 8))].Should().BeApproximately(0.5, 0.001);
    }

    [Fact]
    public void BackAdjust_Should_LeaveNoFakeJumpAndEndAtLastRawClose_When_WindowHasSplit()
    {
        foreach (var ((code, year), rows) in MarcapFixture.Marcap())
        {
            // Given a raw window containing a split or reverse split
            var close = rows.Select(r => r.Close).ToArray();

            // When back-adjusting
            var adjusted = _adjuster.BackAdjust(close, rows.Select(r => r.Change).ToArray());

            // Then every daily return is within the ±30% KRX limit, and the series ends at the last raw close
            for (var t = 1; t < adjusted.Length; t++)
            {
                (adjusted[t] / adjusted[t - 1] - 1).Should().BeInRange(-0.30, 0.30, $"{code} {rows[t].Date} ({year}) must not jump");
            }

            adjusted[^1].Should().Be(close[^1]);
        }
    }

    [Fact]
    public void BackAdjust_Should_AgreeWithPykrxAndFdr_When_TheyAdjustedTheSameWindow()
    {
        // Given the back-adjusted pykrx and FDR closes of the same codes and days. Both were adjusted as of 2025-06 or later,
        // so later corporate actions scale a whole window by one constant: compare the ratio adjusted-marcap / source,
        // which must be constant within 1% (both sources round adjusted prices to whole KRW; the cheapest stock is ~3,800 KRW).
        var sources = new[] { MarcapFixture.Adjusted(MarcapFixture.PykrxFile), MarcapFixture.Adjusted(MarcapFixture.FdrFile) };
        var compared = 0;
        foreach (var ((code, _), rows) in MarcapFixture.Marcap())
        {
            var adjusted = _adjuster.BackAdjust(rows.Select(r => r.Close).ToArray(), rows.Select(r => r.Change).ToArray());
            foreach (var source in sources)
            {
                var ratios = rows.Select((r, t) => source.TryGetValue((code, r.Date), out var c) ? adjusted[t] / c : double.NaN)
                    .Where(double.IsFinite).ToArray();
                if (ratios.Length < 2)
                {
                    continue;
                }

                // When comparing, Then the ratio is flat across the split day (a missed split would move it by 2x-5x)
                (ratios.Max() / ratios.Min() - 1).Should().BeLessThan(0.01, $"{code}: adjusted marcap must track the back-adjusted source");
                compared++;
            }
        }

        compared.Should().BeGreaterThanOrEqualTo(5, "pykrx covers all 2024/2025 windows and FDR the KOSPI one");
    }
}
