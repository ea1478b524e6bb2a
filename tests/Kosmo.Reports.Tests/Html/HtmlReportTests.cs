using System.Text.RegularExpressions;
using Kosmo.Reports.Html;
using Kosmo.Testing;

namespace Kosmo.Reports.Tests.Html;

public sealed class HtmlReportTests : IDisposable
{
    /// <summary>Every chart the fixture run must produce (the browser test checks the same list).</summary>
    internal static readonly string[] FixtureCharts =
    [
        "chart-equity", "chart-drawdown", "chart-rolling-sharpe",
        "chart-monthly-tft-long-short", "chart-monthly-momentum-top-decile", "chart-monthly-kospi", "chart-monthly-kosdaq", "chart-monthly-kosdaq-small-eq",
        "chart-turnover", "chart-costs", "chart-capacity", "chart-capacity-sharpe",
        "chart-confusion-tft-lite", "chart-confusion-logistic", "chart-calibration-tft-lite", "chart-calibration-logistic",
        "chart-attention", "chart-vsn-temporal-tft-lite", "chart-vsn-static-tft-lite", "chart-training-tft-lite",
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-report-html-" + Guid.NewGuid().ToString("N"));

    public HtmlReportTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Render_Should_DrawEveryChart_When_RunFolderHasAllFiles()
    {
        var html = HtmlReport.Render(TestData.Fixture("report", "run"));

        var ids = Regex.Matches(html, "<svg id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        ids.Should().BeEquivalentTo(FixtureCharts);
        html.Should().Contain("id=\"synthetic-banner\"").And.Contain("SYNTHETIC DATA");
        html.Should().NotContain("NaN").And.NotContain("Infinity").And.NotContain("class=\"note\"");
    }

    [Fact]
    public void Render_Should_BeSelfContained_When_OpenedOffline()
    {
        var html = HtmlReport.Render(TestData.Fixture("report", "run"));

        // No external scripts, styles, fonts or images: the only URL is the SVG namespace
        Regex.Matches(html, "https?://[^\"'\\s<]+").Select(m => m.Value).Distinct().Should().Equal("http://www.w3.org/2000/svg");
        html.Should().NotContain("<link").And.NotContain("src=\"").And.NotContain("@import").And.NotContain("url(");
    }

    [Fact]
    public void Render_Should_GiveIdenticalBytes_When_RunTwice()
    {
        HtmlReport.Render(TestData.Fixture("report", "run")).Should().Be(HtmlReport.Render(TestData.Fixture("report", "run")));
    }

    [Fact]
    public void Render_Should_FormatTables_When_MetricsHaveKnownKeys()
    {
        var html = HtmlReport.Render(TestData.Fixture("report", "run"));

        html.Should().Contain("<span class=\"ci\">[0.379, 0.402]</span>"); // macro-F1 CI of tft_lite
        html.Should().Contain("₩100,000,000,000"); // capacity table: KRW with thousands separators
        html.Should().Contain("[0.0120, 0.0460]"); // paired comparison CI
        html.Should().Contain("<span class=\"tag\">benchmark</span>");
    }

    [Fact]
    public void Write_Should_SkipSectionsWithNotes_When_OnlyEquityExists()
    {
        // Given a run folder with a plain equity.csv only (no metrics, no config)
        File.WriteAllText(Path.Combine(_dir, "equity.csv"),
            "date,strategy,equity\n" + string.Concat(Enumerable.Range(0, 300).Select(i =>
                $"{new DateOnly(2023, 1, 2).AddDays(i):yyyy-MM-dd},s,{100 * Math.Pow(1.001, i) * (1 + 0.01 * Math.Sin(i)):F4}\n")));

        // When the report is written
        var result = HtmlReport.Write(_dir);

        // Then it exists, draws the equity charts, notes the missing files, and shows no synthetic banner
        result.OutputPath.Should().Be(Path.Combine(_dir, "report.html"));
        result.Problems.Should().BeEmpty();
        var html = File.ReadAllText(result.OutputPath);
        html.Should().Contain("id=\"chart-equity\"").And.Contain("id=\"chart-rolling-sharpe\"");
        html.Should().Contain("trades.csv is not in this run folder.").And.Contain("attention.csv is not in this run folder.");
        html.Should().Contain("<span class=\"tag\">computed</span>");
        html.Should().NotContain("id=\"synthetic-banner\"").And.NotContain("NaN");
        Directory.GetFiles(_dir, "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public void Write_Should_ListProblemsAndStillRender_When_AFileIsMalformed()
    {
        File.WriteAllText(Path.Combine(_dir, "trades.csv"), "date,code,strategy,side,shares,price,commission,tax,slippage\n2024-13-01,000001,s,buy,1,1,0,0,0\n");

        var result = HtmlReport.Write(_dir, Path.Combine(_dir, "out", "r.html"));

        result.Problems.Should().ContainSingle().Which.Should().Contain("trades.csv:2 column 'date': '2024-13-01' is not a yyyy-MM-dd date");
        File.ReadAllText(result.OutputPath).Should().Contain("id=\"problems\"").And.Contain("is not a yyyy-MM-dd date");
    }

    [Fact]
    public void Write_Should_Throw_When_RunFolderIsMissing()
    {
        var act = () => HtmlReport.Write(Path.Combine(_dir, "missing"));

        act.Should().Throw<DirectoryNotFoundException>();
    }

    [Theory]
    [InlineData("data.synthetic", "true", true)]
    [InlineData("synthetic", "false", false)]
    [InlineData("source", "synthetic", true)]
    [InlineData("data.source", "krx-marcap", false)]
    [InlineData("data.kind", "Synthetic market (seed 7)", true)]
    [InlineData("notes", "not synthetic", false)]
    public void IsSyntheticEntry_Should_DetectSyntheticData_When_ConfigOrMetricsSaySo(string key, string value, bool expected)
    {
        SummarySection.IsSyntheticEntry(key, value).Should().Be(expected);
    }

    [Fact]
    public void MonthlyHeatMap_Should_ColourCellsByReturn_When_Rendered()
    {
        // Given a series that gains 10% in January (full green) and loses 10% in February (full red)
        var e = new Kosmo.Reports.Run.EquitySeries("s", [new(2024, 1, 2), new(2024, 1, 31), new(2024, 2, 29)], [100, 110, 99], false);

        var svg = PerformanceSection.MonthlyHeatMap(e);

        svg.Should().Contain("fill=\"#1a9850\" class=\"cell\" data-tip=\"s 2024 Jan: 10.00%\"");
        svg.Should().Contain("fill=\"#d73027\" class=\"cell\" data-tip=\"s 2024 Feb: −10.00%\"");
        svg.Should().Contain("fill=\"#eeeeee\""); // months without data are grey
    }
}
