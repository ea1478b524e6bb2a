using System.Globalization;
using Kosmo.Backtest.Statistics;
using Kosmo.Core.IO;
using Kosmo.Reports.Analytics;
using Kosmo.Reports.Html;
using Kosmo.Reports.Run;
using Kosmo.Testing;

namespace Kosmo.Reports.Tests.Analytics;

public class AnalyticsTests
{
    private static readonly DateOnly[] _dates =
        [new(2024, 1, 30), new(2024, 1, 31), new(2024, 2, 1), new(2024, 2, 29), new(2024, 3, 4)];

    [Fact]
    public void MonthlyReturns_Should_ChainMonthEndEquity_When_MonthsHaveSeveralDays()
    {
        // Given Jan 100 -> 110, Feb ends at 121, Mar ends at 121
        double[] equity = [100, 110, 99, 121, 121];

        // When aggregated by calendar month and year
        var months = MonthlyReturns.Compute(_dates, equity);
        var years = MonthlyReturns.Yearly(_dates, equity);

        // Then Jan = 110/100 - 1, Feb = 121/110 - 1 (from Jan's last, not Feb's first), Mar = 0; the year 121/100 - 1
        months.Select(m => (m.Year, m.Month)).Should().Equal((2024, 1), (2024, 2), (2024, 3));
        months[0].Return.Should().BeApproximately(0.10, 1e-12);
        months[1].Return.Should().BeApproximately(0.10, 1e-12);
        months[2].Return.Should().BeApproximately(0.0, 1e-12);
        years.Should().ContainSingle().Which.Return.Should().BeApproximately(0.21, 1e-12);
    }

    [Fact]
    public void RollingSharpe_Should_AnnualiseMeanOverSampleStd_When_WindowIsFull()
    {
        // Given returns +1% and +3%: mean 0.02, sample std 0.0141421; Sharpe = 0.02 / 0.0141421 × √252 = 22.44994
        DateOnly[] dates = [new(2024, 1, 2), new(2024, 1, 3), new(2024, 1, 4)];
        var points = RollingSharpe.Compute(dates, [100, 101, 104.03], window: 2);

        points.Should().ContainSingle();
        points[0].Date.Should().Be(new DateOnly(2024, 1, 4));
        points[0].Sharpe.Should().BeApproximately(0.02 / Math.Sqrt(0.0002) * Math.Sqrt(252), 1e-9);
    }

    [Fact]
    public void RollingSharpe_Should_BeNaN_When_ReturnsAreConstant()
    {
        DateOnly[] dates = [new(2024, 1, 2), new(2024, 1, 3), new(2024, 1, 4)];

        double.IsNaN(RollingSharpe.Compute(dates, [100, 100, 100], window: 2)[0].Sharpe).Should().BeTrue();
    }

    [Theory]
    [InlineData("tft_long_short")]
    [InlineData("KOSPI")]
    public void Analytics_Should_MatchPandas_When_RunOnTheFixtureEquity(string name)
    {
        // Given the fixture equity and expectations computed independently with pandas (tools/make_report_fixture.py)
        var series = RunFileParsers.Equity(TestData.Fixture("report", "run", "equity.csv"), new HashSet<string>()).Single(s => s.Name == name);
        var expected = File.ReadLines(TestData.Fixture("report", "expected_analytics.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[0] == name).Select(f => (What: f[1], Year: int.Parse(f[2], CultureInfo.InvariantCulture), Month: int.Parse(f[3], CultureInfo.InvariantCulture),
                Value: double.Parse(f[4], CultureInfo.InvariantCulture))).ToList();

        // When computed in C#
        var months = MonthlyReturns.Compute(series.Dates, series.Values);
        var years = MonthlyReturns.Yearly(series.Dates, series.Values);
        var rolling = RollingSharpe.Compute(series.Dates, series.Values, 126);

        // Then every month, year, the rolling Sharpe and the max drawdown agree with pandas
        var expMonths = expected.Where(e => e.What == "month").ToList();
        months.Should().HaveCount(expMonths.Count).And.HaveCount(48);
        foreach (var (m, e) in months.Zip(expMonths))
        {
            (m.Year, m.Month).Should().Be((e.Year, e.Month));
            m.Return.Should().BeApproximately(e.Value, 1e-9);
        }

        years.Select(y => y.Return).Should().Equal(expected.Where(e => e.What == "year").Select(e => e.Value), (a, b) => Math.Abs(a - b) < 1e-9);
        rolling.Should().HaveCount((int)expected.Single(e => e.What == "rolling_sharpe_count").Value);
        rolling[^1].Sharpe.Should().BeApproximately(expected.Single(e => e.What == "rolling_sharpe_last").Value, 1e-9);
        PerformanceStatistics.Drawdown(series.Values).MaxDrawdown.Should().BeApproximately(expected.Single(e => e.What == "max_drawdown").Value, 1e-9);
    }

    [Fact]
    public void FromEquity_Should_MatchMetricsJson_When_ComputedFromTheSameEquity()
    {
        // Given the fixture, whose metrics.json backtest figures pandas computed from equity.csv
        var run = RunFolderReader.Load(TestData.Fixture("report", "run"));
        var equity = run.Equity.Single(e => e.Name == "momentum_top_decile");
        var metrics = run.Metrics.Backtests.Single(b => b.Name == "momentum_top_decile").Values;

        // When the report's fallback statistics (Backtest's, from the equity alone) are computed
        var stats = ReportStats.FromEquity(equity.Values);

        // Then they agree (equity.csv is rounded to 4 decimals, hence the tolerance)
        foreach (var key in new[] { "total_return", "cagr", "ann_vol", "sharpe", "max_drawdown" })
        {
            stats[key].Should().BeApproximately(metrics[key], 1e-6, key);
        }

        // And what the equity alone cannot give stays empty
        foreach (var key in new[] { "turnover", "cost_drag", "psr", "dsr" })
        {
            double.IsNaN(stats[key]).Should().BeTrue(key);
        }
    }

    [Fact]
    public void TradeActivity_Should_DivideTradedValueByMeanEquity_When_AggregatingAMonth()
    {
        // Given one strategy with equity 100 and 300 in January (mean 200) and two January trades
        var equity = new EquitySeries("s", [new(2024, 1, 2), new(2024, 1, 3)], [100, 300], false);
        TradeRecord[] trades =
        [
            new(new DateOnly(2024, 1, 2), "000001", "s", "buy", 2, 50, 1, 0, 2),
            new(new DateOnly(2024, 1, 3), "000001", "s", "sell", 1, 100, 1, 3, 1),
        ];

        // When aggregated
        var month = TradeActivity.Compute(trades, [equity]).Single();

        // Then traded value = 2×50 + 1×100 = 200, turnover = 200 / 200 = 1, costs = 2 + 3 + 3 = 8, cost fraction 0.04
        month.TradedKrw.Should().Be(200);
        month.Turnover.Should().Be(1);
        month.Costs.Should().Be(8);
        month.CostFraction.Should().BeApproximately(0.04, 1e-12);
    }
}
