using Kosmo.Core;
using Kosmo.Core.IO;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Tests.Evaluation;

public sealed class SignalValueEvaluatorTests
{
    private const int Days = 120;
    private const int Stocks = 30;

    /// <summary>Random-walk opens and closes for 30 stocks over 120 weekdays (seeded), all trading.</summary>
    private static Panel Market(int seed = 7)
    {
        var rng = new Random(seed);
        var dates = Enumerable.Range(0, Days * 2).Select(d => new DateOnly(2021, 1, 4).AddDays(d))
            .Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday).Take(Days).ToArray();
        var panel = new Panel(dates, [.. Enumerable.Range(0, Stocks).Select(i => new StockInfo($"A{i:D5}", $"S{i}", Kosmo.Core.Market.Kosdaq, "", null, null))]);
        for (var i = 0; i < Stocks; i++)
        {
            var price = 1000.0 + 100 * i;
            for (var t = 0; t < Days; t++)
            {
                var open = price * Math.Exp(0.01 * (rng.NextDouble() - 0.5));
                price = open * Math.Exp(0.03 * (rng.NextDouble() - 0.5));
                panel.Set(PanelField.Open, i, t, (float)open);
                panel.Set(PanelField.Close, i, t, (float)price);
                panel.Set(PanelField.AdjClose, i, t, (float)price);
                panel.Set(PanelField.Volume, i, t, 1000f);
            }
        }

        return panel;
    }

    /// <summary>One row per (date, code) for dates 0..Days−70 with score = f(code index, date index) as P(up), P(down) = 0.</summary>
    private static List<PredictionRecord> Rows(Panel panel, Func<int, int, double> score) =>
        [.. Enumerable.Range(0, Days - 70).SelectMany(t => Enumerable.Range(0, Stocks).Select(i =>
            new PredictionRecord(panel.Dates[t], panel.Codes[i], "m", 0f, 0f, (float)score(i, t))))];

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Evaluate_Should_GiveRankIcOneAtItsHorizon_When_TheScoreIsPerfectForesight(int horizon)
    {
        // Given a score equal to the h-day forward open-to-open return
        var panel = Market();
        var prices = new ExecutionPrices(panel, atClose: false);

        // When
        var v = SignalValueEvaluator.Evaluate(Rows(panel, (i, t) => prices.Forward(i, t, horizon)), prices);

        // Then the IC at that horizon is 1 and the long-short is positive
        v.IcDecay[horizon].Should().BeApproximately(1.0, 1e-12);
        v.LsDecileDailyMean.Should().BeGreaterThan(0);
        v.LsDecileAnnSharpe.Should().BeGreaterThan(0);
        v.LsDecileDates.Should().Be(Days - 70);
        if (horizon == 1)
        {
            v.IcDecay[60].Should().BeLessThan(0.5);
        }
    }

    [Fact]
    public void Evaluate_Should_GiveAutocorrelationOne_When_EveryCodeKeepsItsRank()
    {
        var panel = Market();
        var prices = new ExecutionPrices(panel, atClose: true);

        // Given scores that drift over time but keep each code's rank
        var v = SignalValueEvaluator.Evaluate(Rows(panel, (i, t) => 0.001 * i + 0.0001 * t), prices);

        // Then
        v.SignalAutocorr.Should().BeApproximately(1.0, 1e-12);
    }

    [Fact]
    public void Evaluate_Should_ReturnTopMinusBottomDecile_When_HandComputed()
    {
        // Given 20 codes on one date (m = 2 per decile), scored by code index
        var panel = Market();
        var prices = new ExecutionPrices(panel, atClose: false);
        var rows = Enumerable.Range(0, 20).Select(i => new PredictionRecord(panel.Dates[10], panel.Codes[i], "m", 0.1f, 0f, 0.01f * i)).ToList();

        // When
        var v = SignalValueEvaluator.Evaluate(rows, prices);

        // Then LS = mean r(18, 19) − mean r(0, 1), r = open(t+2) / open(t+1) − 1 on adjusted opens
        double R(int i) => (double)panel.Get(PanelField.Open, i, 12) / panel.Get(PanelField.Open, i, 11) - 1;
        v.LsDecileDailyMean.Should().BeApproximately((R(18) + R(19) - R(0) - R(1)) / 2, 1e-12);
        v.LsDecileDates.Should().Be(1);
        v.LsDecileAnnSharpe.Should().Be(double.NaN);
        v.SignalAutocorr.Should().Be(double.NaN);
    }

    [Fact]
    public void Evaluate_Should_SkipTheLongShort_When_FewerThanTenCodesHaveAReturn()
    {
        var panel = Market();
        var prices = new ExecutionPrices(panel, atClose: false);
        var rows = Enumerable.Range(0, 9).Select(i => new PredictionRecord(panel.Dates[10], panel.Codes[i], "m", 0f, 0f, 0.01f * i)).ToList();

        var v = SignalValueEvaluator.Evaluate(rows, prices);

        v.LsDecileDates.Should().Be(0);
        v.LsDecileDailyMean.Should().Be(double.NaN);
        v.IcDecay[1].Should().NotBe(double.NaN);
    }
}
