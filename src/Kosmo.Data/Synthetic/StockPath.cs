using Kosmo.Core;

namespace Kosmo.Data.Synthetic;

/// <summary>Simulates one stock's raw daily bars over its life span.</summary>
internal sealed class StockPath(SyntheticStock s, IReadOnlyList<DateOnly> calendar, MarketRegime regime, SyntheticOptions o, Random rng)
{
    private const double HaltStartProbability = 0.002;
    private const int SplitRatio = 5;

    public void Run(List<DailyBar> bars, IndexTotals totals)
    {
        var basePrice = KrxRules.Round(s.StartPrice);
        var shares = s.Shares;
        var drift = o.MomentumDriftSd * SyntheticUniverse.Normal(rng);
        var innovation = o.MomentumDriftSd * Math.Sqrt(1 - o.MomentumPersistence * o.MomentumPersistence);
        var haltLeft = 0;
        for (var t = s.StartDay; t < s.EndDay; t++)
        {
            var date = calendar[t];
            drift = o.MomentumPersistence * drift + innovation * SyntheticUniverse.Normal(rng);
            if (t == s.SplitDay)
            {
                // 5:1 split: shares ×5, and the base price for the limit and the change ratio is the adjusted one.
                shares *= SplitRatio;
                basePrice = KrxRules.Round(basePrice / SplitRatio);
            }

            var flags = BarFlags.Synthetic;
            if (t >= s.AdminFrom && t < s.AdminTo)
            {
                flags |= BarFlags.Administrative;
            }

            if (haltLeft == 0 && t > s.StartDay && rng.NextDouble() < HaltStartProbability)
            {
                haltLeft = 1 + rng.Next(8);
            }

            if (haltLeft > 0)
            {
                haltLeft--;
                bars.Add(new DailyBar
                {
                    Date = date, Code = s.Code, Open = double.NaN, High = double.NaN, Low = double.NaN, Close = basePrice, AdjClose = double.NaN,
                    Volume = 0, Amount = 0, MarketCap = basePrice * shares, Shares = shares, ChangeRatio = 0, Flags = flags | BarFlags.Halted,
                });
                continue;
            }

            var ret = s.Beta * regime.Return[t] + s.IdioVol * SyntheticUniverse.StudentT(rng, 3) + drift;
            var up = KrxRules.Upper(basePrice, date);
            var lo = KrxRules.Lower(basePrice, date);
            var close = Math.Clamp(KrxRules.Round(basePrice * Math.Exp(ret)), lo, up);
            var open = Math.Clamp(KrxRules.Round(basePrice * Math.Exp(0.3 * ret + 0.3 * s.IdioVol * SyntheticUniverse.Normal(rng))), lo, up);
            var range = 0.5 * s.IdioVol * Math.Abs(SyntheticUniverse.Normal(rng));
            var high = Math.Clamp(KrxRules.Round(Math.Max(open, close) * (1 + range)), Math.Max(open, close), up);
            var low = Math.Clamp(KrxRules.Round(Math.Min(open, close) * (1 - range)), lo, Math.Min(open, close));
            if (close >= up)
            {
                flags |= BarFlags.UpperLimit;
            }
            else if (close <= lo)
            {
                flags |= BarFlags.LowerLimit;
            }

            var volume = Math.Max(1, Math.Round(shares * s.Turnover * Math.Exp(0.6 * SyntheticUniverse.Normal(rng)) * (1 + 8 * Math.Abs(ret))));
            var amount = Math.Round(volume * (open + high + low + close) / 4);
            var pct = Math.Round((close / basePrice - 1) * 100, 2);
            totals.Add(s.Market, t, basePrice * shares, close * shares, amount);
            bars.Add(new DailyBar
            {
                Date = date, Code = s.Code, Open = open, High = high, Low = low, Close = close, AdjClose = double.NaN, Volume = volume,
                Amount = amount, MarketCap = close * shares, Shares = shares, ChangeRatio = pct / 100, Flags = flags,
            });
            basePrice = close;
        }
    }
}
