using Kosmo.Core;

namespace Kosmo.Data.Synthetic;

/// <summary>Accumulates per-day market totals and turns them into cap-weighted KOSPI/KOSDAQ levels and a VIX.</summary>
internal sealed class IndexTotals(int days)
{
    private readonly double[][] _capBefore = [new double[days], new double[days]];
    private readonly double[][] _capAfter = [new double[days], new double[days]];
    private readonly double[][] _amount = [new double[days], new double[days]];

    public void Add(Market market, int t, double capBefore, double capAfter, double amount)
    {
        var m = market == Market.Kospi ? 0 : 1;
        _capBefore[m][t] += capBefore;
        _capAfter[m][t] += capAfter;
        _amount[m][t] += amount;
    }

    public List<IndexBar> ToIndexBars(IReadOnlyList<DateOnly> calendar, MarketRegime regime, Random rng)
    {
        var bars = new List<IndexBar>();
        string[] names = ["KOSPI", "KOSDAQ"];
        double[] start = [2000, 800];
        for (var m = 0; m < 2; m++)
        {
            var level = start[m];
            for (var t = 0; t < calendar.Count; t++)
            {
                var prev = level;
                if (_capBefore[m][t] > 0)
                {
                    level *= _capAfter[m][t] / _capBefore[m][t];
                }

                var hi = Math.Max(prev, level) * (1 + 0.002 * Math.Abs(SyntheticUniverse.Normal(rng)));
                var lo = Math.Min(prev, level) * (1 - 0.002 * Math.Abs(SyntheticUniverse.Normal(rng)));
                bars.Add(new IndexBar
                {
                    Name = names[m], Date = calendar[t], Open = Math.Round(prev, 2), High = Math.Round(hi, 2), Low = Math.Round(lo, 2), Close = Math.Round(level, 2),
                    Volume = double.NaN, Amount = _amount[m][t], MarketCap = _capAfter[m][t],
                });
            }
        }

        var vix = 15.0;
        for (var t = 0; t < calendar.Count; t++)
        {
            var target = 1000 * regime.Vol(t) + 5;
            vix = Math.Max(9, vix + 0.1 * (target - vix) + 0.8 * SyntheticUniverse.Normal(rng));
            var close = Math.Round(vix, 2);
            bars.Add(new IndexBar
            {
                Name = "VIX", Date = calendar[t], Open = close, High = Math.Round(close * 1.03, 2), Low = Math.Round(close * 0.97, 2), Close = close,
                Volume = double.NaN, Amount = double.NaN, MarketCap = double.NaN,
            });
        }

        return bars;
    }
}
