using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest.Tests.Strategies;

public class MomentumStrategyTests
{
    [Fact]
    public void Targets_Should_PickTheTopDecileOfTwelveMinusOneReturns_When_HistoryIsLongEnough()
    {
        // Given 20 stocks whose price from t−252 to t−21 grows by i% and then all crash in the last month
        const int days = 260;
        var s = new Scenario(days, new DateOnly(2020, 1, 2));
        for (var i = 0; i < 20; i++)
        {
            var path = new double[days];
            for (var t = 0; t < days; t++) { path[t] = t < days - 21 ? 1_000 * (1 + (0.01 * i * t / (days - 21.0))) : 500 + i; }
            s.Stock($"M{i:D2}", Market.Kosdaq, path, path);
        }

        var panel = s.Build();
        var ctx = new StrategyContext(panel, null, null, new double[20], Enumerable.Repeat(-1, 20).ToArray(), new bool[20]) { T = days - 1 };
        var w = new double[20];

        // When
        new MomentumStrategy(Fraction: 0.10).Targets(ctx, w);

        // Then the two strongest (M19, M18) get 50% each; the last-month crash is skipped
        w[19].Should().Be(0.5);
        w[18].Should().Be(0.5);
        w.Take(18).Should().AllSatisfy(x => x.Should().Be(0));
    }
}
