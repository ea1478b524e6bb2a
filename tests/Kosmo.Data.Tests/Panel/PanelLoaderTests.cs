using Kosmo.Core;
using Kosmo.Data.Panel;

namespace Kosmo.Data.Tests.Panel;

public sealed class PanelLoaderTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Load_Should_TakeWholeRowOfHighestPrecedenceSource_When_SourcesOverlap()
    {
        // Given marcap (precedence 40) and fdr (20) on the same day, with a 1% close difference
        using var db = new TestDb().Stock("000020", "동화약품", "KOSPI");
        db.Bar("fdr", "000020", "2024-01-02", close: 10100, volume: 500, change: 0.01);
        db.Bar("marcap", "000020", "2024-01-02", close: 10000, volume: 700, amount: 7_100_000, marcap: 1e11, shares: 1e7);

        // When loading
        var (panel, report) = new PanelLoader(db.Path).Load();

        // Then marcap's row wins as a whole and the pair is reported as an overlap with one conflict
        panel.Get(PanelField.Close, 0, 0).Should().Be(10000);
        panel.Get(PanelField.Volume, 0, 0).Should().Be(700);
        panel.Get(PanelField.Value, 0, 0).Should().Be(7_100_000);
        panel.Get(PanelField.ChangeRatio, 0, 0).Should().Be(float.NaN, "the winning marcap row has no change ratio here");
        report.RowsUsed["marcap"].Should().Be(1);
        report.RowsUsed["fdr"].Should().Be(0);
        report.Overlaps["marcap>fdr"].Should().Be(1);
        report.Conflicts["marcap>fdr"].Should().Be(1);
    }

    [Fact]
    public void Load_Should_NotCountConflict_When_OverlappingClosesAgreeWithinTolerance()
    {
        using var db = new TestDb().Stock("000020", "동화약품", "KOSPI");
        db.Bar("pykrx", "000020", "2024-01-02", close: 10030);
        db.Bar("marcap", "000020", "2024-01-02", close: 10000);

        var report = new PanelLoader(db.Path).Load().Report;

        report.Overlaps["marcap>pykrx"].Should().Be(1);
        report.Conflicts["marcap>pykrx"].Should().Be(0);
    }

    [Fact]
    public void Load_Should_DropYahooHolidayRows_When_NoBarHasVolumeThatDay()
    {
        // Given Yahoo rows for 2000-02-29, the 2000-03-01 holiday (volume 0, O=H=L=C = previous close) and 2000-03-02
        using var db = new TestDb().Stock("005930", "삼성전자", "KOSPI").Stock("000660", "SK하이닉스", "KOSPI");
        foreach (var code in new[] { "005930", "000660" })
        {
            db.Bar("yahoo", code, "2000-02-29", close: 100, adjClose: 90, volume: 10);
            db.Bar("yahoo", code, "2000-03-01", close: 100, adjClose: 90, volume: 0);
            db.Bar("yahoo", code, "2000-03-02", close: 110, adjClose: 99, volume: 10);
        }

        // When loading
        var (panel, report) = new PanelLoader(db.Path).Load();

        // Then the holiday is not a trading day
        panel.Dates.Should().Equal(D("2000-02-29"), D("2000-03-02"));
        report.NonTradingDatesDropped.Should().Be(1);
    }

    [Fact]
    public void Load_Should_KeepDelistedStockUntilLastDay_And_NaNAfterwards()
    {
        using var db = new TestDb().Stock("111110", "상장폐지", "KOSDAQ").Stock("222220", "생존", "KOSDAQ");
        db.Bar("marcap", "111110", "2024-01-02", close: 500).Bar("marcap", "111110", "2024-01-03", close: 450);
        foreach (var d in new[] { "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05" })
        {
            db.Bar("marcap", "222220", d, close: 1000);
        }

        var panel = new PanelLoader(db.Path).Load().Panel;

        var i = panel.IndexOfCode("111110");
        panel.Stocks[i].LastDate.Should().Be(D("2024-01-03"));
        panel.Stocks[i].FirstDate.Should().Be(D("2024-01-02"));
        panel.Series(PanelField.Close, i).ToArray().Should().Equal(500f, 450f, float.NaN, float.NaN);
        panel.Stocks[i].Market.Should().Be(Market.Kosdaq);
        panel.Stocks[i].Name.Should().Be("상장폐지");
    }

    [Fact]
    public void Load_Should_EstimateTradingValueAndFlagIt_When_SourceLacksAmount()
    {
        using var db = new TestDb().Stock("000020", "동화약품", "KOSPI");
        db.Bar("pykrx", "000020", "2024-01-02", close: 2000, volume: 300);
        db.Bar("marcap", "000020", "2024-01-03", close: 2100, volume: 400, amount: 850_000);

        var panel = new PanelLoader(db.Path).Load().Panel;

        panel.Get(PanelField.Value, 0, 0).Should().Be(600_000);
        panel.Flags[0].Should().HaveFlag(BarFlags.ValueEstimated);
        panel.Get(PanelField.Value, 0, 1).Should().Be(850_000);
        panel.Flags[1].HasFlag(BarFlags.ValueEstimated).Should().BeFalse();
    }

    [Fact]
    public void Load_Should_KeepMissingNumbersAsNaN_NeverZero()
    {
        // Given a halted day (volume 0, O/H/L NULL) of one stock while another one trades
        using var db = new TestDb().Stock("000020", "동화약품", "KOSPI").Stock("000040", "KR모터스", "KOSPI");
        db.Bar("marcap", "000020", "2024-01-02", close: 2000, volume: 0, open: null, flags: BarFlags.Halted);
        db.Exec("UPDATE bars SET open = NULL, high = NULL, low = NULL");
        db.Bar("marcap", "000040", "2024-01-02", close: 500, volume: 10);
        db.Bar("marcap", "000020", "2024-01-03", close: 2100, volume: 10);

        var panel = new PanelLoader(db.Path).Load().Panel;

        panel.Get(PanelField.Open, 0, 0).Should().Be(float.NaN);
        panel.Get(PanelField.MarketCap, 0, 0).Should().Be(float.NaN);
        panel.Get(PanelField.Shares, 0, 1).Should().Be(float.NaN);
        panel.IsTrading(0, 0).Should().BeFalse();
        panel.IsTrading(0, 1).Should().BeTrue();
    }

    [Fact]
    public void Load_Should_ReturnOnlyRequestedMarketsAndDates_When_Filtered()
    {
        using var db = new TestDb().Stock("000020", "A", "KOSPI").Stock("100000", "B", "KOSDAQ").Stock("200000", "C", "KONEX");
        foreach (var code in new[] { "000020", "100000", "200000", "999990" })
        {
            db.Bar("marcap", code, "2024-01-02", close: 1000).Bar("marcap", code, "2024-01-03", close: 1000).Bar("marcap", code, "2024-01-04", close: 1000);
        }

        var panel = new PanelLoader(db.Path).Load(new PanelLoadOptions
        {
            From = D("2024-01-03"),
            To = D("2024-01-03"),
            Markets = new HashSet<Market> { Market.Kospi, Market.Kosdaq },
        }).Panel;

        panel.Codes.Should().Equal("000020", "100000");
        panel.Dates.Should().Equal(D("2024-01-03"));
    }

    [Fact]
    public void Load_Should_AlignIndicesToCalendar_When_IndexHasExtraAndMissingDays()
    {
        using var db = new TestDb().Stock("000020", "A", "KOSPI");
        db.Bar("marcap", "000020", "2024-01-02", close: 1000).Bar("marcap", "000020", "2024-01-03", close: 1000);
        db.Index("KOSDAQ", "2024-01-01", 850).Index("KOSDAQ", "2024-01-03", 860, amount: 9e12);

        var panel = new PanelLoader(db.Path).Load().Panel;

        panel.Indices["KOSDAQ"].Close.Should().Equal(float.NaN, 860f);
        panel.Indices["KOSDAQ"].Amount[1].Should().Be(9e12f);
    }

    [Fact]
    public void Load_Should_MarkPanelSynthetic_When_OnlySyntheticRowsExist()
    {
        // Given a database whose sources table lists every source but only the synthetic one has rows
        using var db = new TestDb().Stock("100000", "합성", "KOSDAQ");
        db.Bar("synthetic", "100000", "2024-01-02", close: 1000).Bar("synthetic", "100000", "2024-01-03", close: 1010, adjClose: 1010);

        var panel = new PanelLoader(db.Path).Load().Panel;

        panel.IsSynthetic.Should().BeTrue();
        panel.Description.Should().Contain("synthetic");
    }

    [Fact]
    public void Load_Should_Throw_When_DatabaseMissing()
    {
        var act = () => new PanelLoader("/nonexistent/kosmo.db").Load();
        act.Should().Throw<FileNotFoundException>().WithMessage("*kosmo.db*");
    }
}
