using System.Globalization;
using Kosmo.Backtest.Statistics;
using Kosmo.Testing;

namespace Kosmo.Backtest.Tests.Statistics;

/// <summary>Checks every statistic against tools/backtest_stats_reference.py (pandas/numpy) on a committed fixture.</summary>
public class PerformanceStatisticsTests
{
    private static readonly Dictionary<string, double> _reference = File.ReadLines(TestData.Fixture("backtest", "stats_reference.csv"))
        .Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

    private static BacktestResult Fixture()
    {
        var rows = File.ReadLines(TestData.Fixture("backtest", "equity_series.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return new BacktestResult
        {
            Name = "fixture",
            Dates = rows.Select(r => DateOnly.ParseExact(r[0], "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray(),
            Equity = rows.Select(r => P(r[1])).ToArray(),
            Costs = rows.Select(r => P(r[2])).ToArray(),
            Turnover = rows.Select(r => P(r[3])).ToArray(),
            Holdings = rows.Select(r => int.Parse(r[4], CultureInfo.InvariantCulture)).ToArray(),
            Trades = [],
            InitialCash = 100_000_000,
        };
    }

    [Fact]
    public void Compute_Should_MatchThePandasReference_When_GivenTheFixtureSeries()
    {
        // Given the fixture and the trials used by the reference
        var trials = (int)_reference["trials"];
        var variance = _reference["trial_sharpe_variance"];

        // When
        var m = PerformanceStatistics.Compute(Fixture(), 0, trials, variance);

        // Then each metric agrees to 1e-9 (relative)
        Close(m.TotalReturn, "total_return");
        Close(m.Cagr, "cagr");
        Close(m.AnnVol, "ann_vol");
        Close(m.Sharpe, "sharpe");
        Close(m.Sortino, "sortino");
        Close(m.MaxDrawdown, "max_drawdown");
        Close(m.MaxDrawdownDays, "max_drawdown_days");
        Close(m.Calmar, "calmar");
        Close(m.Turnover!.Value, "turnover");
        Close(m.CostDrag!.Value, "cost_drag");
        Close(m.GrossTotalReturn!.Value, "gross_total_return");
        Close(m.AverageHoldings, "avg_holdings");
        Close(m.HitRate, "hit_rate");
        Close(m.Skewness, "skewness");
        Close(m.Kurtosis, "kurtosis");
        Close(m.Psr!.Value, "psr");
        Close(m.Dsr!.Value, "dsr");
        Close(SharpeInference.ExpectedMaxSharpe(trials, variance), "expected_max_sharpe");
    }

    [Fact]
    public void Deflated_Should_MatchThePublishedExample_When_GivenItsMoments()
    {
        // Given Bailey & López de Prado (2014), "The Deflated Sharpe Ratio", the numerical example: annualised SR 2.5
        // over T = 1,250 daily returns, N = 100 trials whose annualised Sharpe ratios have variance V = 0.5,
        // skewness −3, kurtosis 10 (250 days a year)
        var sr = 2.5 / Math.Sqrt(250);
        var sr0 = SharpeInference.ExpectedMaxSharpe(100, 0.5 / 250);

        // When the deflated Sharpe ratio is PSR against the expected maximum of the trials
        var dsr = SharpeInference.Probabilistic(sr, 1250, -3, 10, sr0);

        // Then the paper's values: E[max SR] ≈ 0.1132 a day (1.79 annualised) and DSR ≈ 0.90
        sr0.Should().BeApproximately(0.1132, 5e-5);
        dsr.Should().BeApproximately(0.9004, 5e-4);
    }

    [Fact]
    public void Deflated_Should_FallBelowPsr_When_MoreTrialsWereTried()
    {
        var r = PerformanceStatistics.Returns(Fixture().Equity);

        var psr = SharpeInference.Probabilistic(r);
        var dsr10 = SharpeInference.Deflated(r, 10, 0.0004);
        var dsr100 = SharpeInference.Deflated(r, 100, 0.0004);

        dsr10.Should().BeLessThan(psr);
        dsr100.Should().BeLessThan(dsr10);
        SharpeInference.Deflated(r, 1, 0.0004).Should().Be(psr);
    }

    [Fact]
    public void Compute_Should_LeaveCostFieldsNull_When_ResultIsABenchmark()
    {
        var m = PerformanceStatistics.Compute(Fixture() with { IsBenchmark = true });

        m.Turnover.Should().BeNull();
        m.CostDrag.Should().BeNull();
        m.Psr.Should().BeNull();
        m.Dsr.Should().BeNull();
        m.MaxDrawdown.Should().BeNegative();
    }

    [Fact]
    public void Drawdown_Should_ReportDepthAndLongestUnderwaterRun_When_PathFallsAndRecovers()
    {
        // 100 → 120 → 90 → 96 → 130 → 117: max drawdown 90/120 − 1 = −25%, 2 days under water then 1
        var (mdd, days) = PerformanceStatistics.Drawdown([100, 120, 90, 96, 130, 117]);

        mdd.Should().BeApproximately(-0.25, 1e-15);
        days.Should().Be(2);
    }

    [Fact]
    public void DrawdownPath_Should_MeasureFallFromRunningPeak_When_CurveRecovers()
    {
        // Given 100 -> 120 (peak) -> 90 (-25%) -> 130 (new peak) -> 104 (-20%)
        var dd = PerformanceStatistics.DrawdownPath([100, 120, 90, 130, 104]);

        // Then each date's fall from the running peak, whose minimum is the max drawdown
        dd.Should().Equal([0, 0, -0.25, 0, -0.2], (a, b) => Math.Abs(a - b) < 1e-12);
        dd.Min().Should().Be(PerformanceStatistics.Drawdown([100, 120, 90, 130, 104]).MaxDrawdown);
    }

    [Fact]
    public void FromEquity_Should_GiveTheBenchmarkMetrics_When_OnlyTheEquityIsKnown()
    {
        // Given the fixture path as a result and as bare equity
        var result = Fixture();

        // When computed from the equity alone
        var m = PerformanceStatistics.FromEquity(result.Equity);

        // Then it equals the benchmark metrics of the same path, bit for bit, with holdings unknown
        m.Should().Be(PerformanceStatistics.Compute(result with { IsBenchmark = true }) with { AverageHoldings = 0 });
    }

    [Fact]
    public void FromEquity_Should_Throw_When_ThePathIsTooShortOrNotPositive()
    {
        FluentActions.Invoking(() => PerformanceStatistics.FromEquity([100.0])).Should().Throw<ArgumentException>().WithMessage("*at least 2*");
        FluentActions.Invoking(() => PerformanceStatistics.FromEquity([100.0, 0])).Should().Throw<ArgumentException>().WithMessage("*non-positive*");
    }

    [Fact]
    public void AnnualisedSharpe_Should_AnnualiseMeanOverSampleStd_When_GivenReturns()
    {
        // Given returns +1% and +3%: mean 0.02, sample std 0.0141421
        PerformanceStatistics.AnnualisedSharpe([0.01, 0.03]).Should().BeApproximately(0.02 / Math.Sqrt(0.0002) * Math.Sqrt(252), 1e-9);
        double.IsNaN(PerformanceStatistics.AnnualisedSharpe([0.01, 0.01])).Should().BeTrue();
    }

    private static void Close(double actual, string key)
    {
        var expected = _reference[key];
        actual.Should().BeApproximately(expected, 1e-9 * Math.Max(1, Math.Abs(expected)), key);
    }
}
