using Kosmo.Core;

namespace Kosmo.Backtest.Tests;

/// <summary>
/// An independent bookkeeper: replays trades.csv-style fills from the initial cash and marks shares at the panel's
/// last close, day by day. Used to check the engine's equity, cash ≥ 0 and costs ≥ 0.
/// </summary>
internal static class Replay
{
    public static (double[] Equity, long[] Cash) Run(Panel panel, BacktestResult result)
    {
        var shares = new Dictionary<string, long>(StringComparer.Ordinal);
        var cash = result.InitialCash;
        var byDate = result.Trades.GroupBy(t => t.Date).ToDictionary(g => g.Key, g => g.ToList());
        var equity = new double[result.Dates.Length];
        var cashPath = new long[result.Dates.Length];
        var close = panel.Field(PanelField.Close);
        for (var d = 0; d < result.Dates.Length; d++)
        {
            var date = result.Dates[d];
            foreach (var tr in byDate.GetValueOrDefault(date, []))
            {
                var value = (long)Math.Round(tr.Shares * tr.Price);
                switch (tr.Side)
                {
                    case TradeSide.Buy:
                        cash -= value + tr.Commission + tr.Slippage;
                        shares[tr.Code] = shares.GetValueOrDefault(tr.Code) + tr.Shares;
                        break;
                    case TradeSide.Sell:
                        cash += value - tr.Commission - tr.Tax - tr.Slippage;
                        shares[tr.Code] -= tr.Shares;
                        break;
                    default:
                        cash += (long)Math.Floor(tr.Shares * tr.Price);
                        shares[tr.Code] -= tr.Shares;
                        break;
                }
            }

            var t = panel.IndexOfDate(date);
            double value2 = cash;
            foreach (var (code, n) in shares)
            {
                if (n == 0) { continue; }
                var i = panel.IndexOfCode(code);
                var k = t;
                while (k >= 0 && !(close[(i * panel.DateCount) + k] > 0)) { k--; }
                value2 += n * (double)close[(i * panel.DateCount) + k];
            }

            equity[d] = value2;
            cashPath[d] = cash;
        }

        return (equity, cashPath);
    }
}
