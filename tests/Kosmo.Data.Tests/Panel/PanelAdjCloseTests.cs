using Kosmo.Core;
using Kosmo.Data.Panel;
using Kosmo.Data.Tests.Adjustment;

namespace Kosmo.Data.Tests.Panel;

public sealed class PanelAdjCloseTests
{
    private static readonly string[] _days = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09"];

    [Fact]
    public void Load_Should_SpliceBackAdjustedAndRawSourcesWithoutJump_When_RawSourceHasSplit()
    {
        // Given FDR back-adjusted closes for six days (as of after a 1:2 split on day 5), and raw marcap closes from day 3
        // on with the split visible (10,600 → 5,400) but a reported change of +1.887% on the split day
        using var db = new TestDb().Stock("000020", "A", "KOSPI");
        double[] fdr = [5000, 5100, 5200, 5300, 5400, 5500];
        for (var t = 0; t < 6; t++)
        {
            db.Bar("fdr", "000020", _days[t], close: fdr[t]);
        }

        db.Bar("marcap", "000020", _days[2], close: 10400, change: 5200.0 / 5100 - 1);
        db.Bar("marcap", "000020", _days[3], close: 10600, change: 5300.0 / 5200 - 1);
        db.Bar("marcap", "000020", _days[4], close: 5400, change: 5400.0 / 5300 - 1);
        db.Bar("marcap", "000020", _days[5], close: 5500, change: 5500.0 / 5400 - 1);

        // When loading
        var (panel, report) = new PanelLoader(db.Path).Load();

        // Then Close is the winning raw marcap close, AdjClose reproduces the back-adjusted series and ends at the last close
        panel.Series(PanelField.Close, 0).ToArray().Should().Equal(5000f, 5100f, 10400f, 10600f, 5400f, 5500f);
        var adj = panel.Series(PanelField.AdjClose, 0).ToArray();
        for (var t = 0; t < 6; t++)
        {
            ((double)adj[t]).Should().BeApproximately(fdr[t], 0.01, $"day {t}");
        }

        report.CorporateActions.Should().ContainSingle().Which.Factor.Should().BeApproximately(0.5, 1e-3);
        report.LinksWithinSource.Should().Be(5);
    }

    [Fact]
    public void Load_Should_UseReportedChange_When_NoSourceHoldsBothDays()
    {
        // Given pykrx for day 1-2 (adjusted basis 1/3 of raw) and marcap raw from day 3, with no shared day
        using var db = new TestDb().Stock("000020", "A", "KOSDAQ");
        db.Bar("pykrx", "000020", _days[0], close: 1000).Bar("pykrx", "000020", _days[1], close: 1010);
        db.Bar("marcap", "000020", _days[2], close: 3060, change: 0.0099);

        var (panel, report) = new PanelLoader(db.Path).Load();

        var adj = panel.Series(PanelField.AdjClose, 0).ToArray();
        ((double)adj[2] / adj[1]).Should().BeApproximately(1.0099, 1e-5);
        ((double)adj[2]).Should().BeApproximately(3060, 1e-2);
        report.LinksFromReportedChange.Should().Be(1);
    }

    [Fact]
    public void Load_Should_UseYahooAdjClose_When_YahooCloseIsRaw()
    {
        // Given Yahoo's inconsistent rows: close raw (jumps 2x across a split) but adj_close consistent
        using var db = new TestDb().Stock("000440", "A", "KOSDAQ");
        db.Bar("yahoo", "000440", "2000-02-11", close: 42600, adjClose: 5715.4);
        db.Bar("yahoo", "000440", "2000-02-14", close: 21500, adjClose: 5768.6);

        var panel = new PanelLoader(db.Path).Load().Panel;

        var adj = panel.Series(PanelField.AdjClose, 0).ToArray();
        ((double)adj[1] / adj[0]).Should().BeApproximately(5768.6 / 5715.4, 1e-5);
        adj[1].Should().Be(21500f, "the adjusted series ends at the last raw close");
    }

    [Fact]
    public void Load_Should_DropHolidayAndLinkAdjClose_When_ReadingRealYahooRows()
    {
        // Given real Yahoo KOSDAQ rows of three codes around the 2000-03-01 holiday (volume 0, O=H=L=C = previous close);
        // 000440's close is raw while O/H/L and adj_close are adjusted, 001810's adj_close is negative (Yahoo garbage)
        using var db = new TestDb().AddYahooCsv(Kosmo.Testing.TestData.Fixture("panel", "yahoo_holiday_2000-03.csv"));

        // When loading
        var (panel, report) = new PanelLoader(db.Path).Load();

        // Then the holiday is no trading day
        panel.DateCount.Should().Be(8);
        panel.IndexOfDate(new DateOnly(2000, 3, 1)).Should().Be(-1);
        report.NonTradingDatesDropped.Should().Be(1);

        // And 000440's AdjClose follows adj_close across the holiday and ends at the last raw close
        var i = panel.IndexOfCode("000440");
        var t0 = panel.IndexOfDate(new DateOnly(2000, 2, 29));
        ((double)panel.Get(PanelField.AdjClose, i, t0 + 1) / panel.Get(PanelField.AdjClose, i, t0)).Should().BeApproximately(8640.158203 / 7714.447266, 1e-5);
        panel.Get(PanelField.AdjClose, i, 7).Should().Be(71100f);

        // And 001810, with negative adj_close, falls back to its close ratio and stays positive
        var j = panel.IndexOfCode("001810");
        ((double)panel.Get(PanelField.AdjClose, j, t0 + 1) / panel.Get(PanelField.AdjClose, j, t0)).Should().BeApproximately(6730.0 / 6010, 1e-5);
        panel.Series(PanelField.AdjClose, j).ToArray().Should().OnlyContain(v => v > 0);
    }

    [Fact]
    public void Load_Should_MarkSuspectGapDateAndDeriveNoSplits_When_RawSourceMissesATradingDay()
    {
        // Given 30 marcap stocks whose file lacks one trading day: on the next day every reported change refers to the
        // missing day, so the raw ratio disagrees for all of them
        using var db = new TestDb();
        for (var i = 0; i < 30; i++)
        {
            var code = $"{100000 + i * 10}";
            db.Stock(code, $"S{i}", "KOSDAQ");
            db.Bar("marcap", code, "2021-01-21", close: 1000, change: 0.0);
            db.Bar("marcap", code, "2021-01-25", close: 1100, change: 0.05); // +10% over two days, +5% on the missing-day basis
        }

        var (panel, report) = new PanelLoader(db.Path).Load();

        report.SuspectGapDates.Should().Equal(new DateOnly(2021, 1, 25));
        report.CorporateActions.Should().BeEmpty();
        ((double)panel.Get(PanelField.AdjClose, 0, 1) / panel.Get(PanelField.AdjClose, 0, 0)).Should().BeApproximately(1.1, 1e-6);
    }

    [Fact]
    public void Load_Should_AgreeWithPykrx_When_LoadingRealMarcapSplitRowsThroughTheDatabase()
    {
        // Given the real marcap rows around splits and the real pykrx rows of the same codes, imported like the importer does
        using var db = new TestDb().AddMarcapCsv(MarcapFixture.MarcapFile).AddOhlcvCsv("pykrx", MarcapFixture.PykrxFile);

        // When loading (marcap wins every shared day)
        var (panel, report) = new PanelLoader(db.Path).Load();

        // Then within each window AdjClose / pykrx close is constant within 1% (no fake split jump) and every scanned event is
        // in the report
        report.RowsUsed["marcap"].Should().Be(report.RowsRead["marcap"]);
        var pykrx = MarcapFixture.Adjusted(MarcapFixture.PykrxFile);
        foreach (var code in panel.Codes)
        {
            var i = panel.IndexOfCode(code);
            foreach (var year in new[] { 2024, 2025 })
            {
                var ratios = Enumerable.Range(0, panel.DateCount)
                    .Where(t => panel.Dates[t].Year == year && pykrx.ContainsKey((code, panel.Dates[t])) && panel.Get(PanelField.AdjClose, i, t) > 0)
                    .Select(t => panel.Get(PanelField.AdjClose, i, t) / pykrx[(code, panel.Dates[t])]).ToArray();
                if (ratios.Length > 1)
                {
                    (ratios.Max() / ratios.Min() - 1).Should().BeLessThan(0.01, $"{code} {year}");
                }
            }
        }

        report.CorporateActions.Select(e => (e.Code, e.Date)).Should().BeEquivalentTo(MarcapFixture.Events().Keys);
    }
}
