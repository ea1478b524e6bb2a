using Kosmo.Core.IO;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Analytics;

/// <summary>
/// Monthly trading activity per strategy: turnover = traded value (Σ shares × price, both sides) / mean equity of
/// the month, and costs (commission, tax, slippage) in KRW and as a fraction of mean equity.
/// </summary>
internal static class TradeActivity
{
    /// <summary>One strategy-month of activity.</summary>
    internal sealed record Month(string Strategy, DateOnly MonthStart, double TradedKrw, double Commission, double Tax, double Slippage, double MeanEquity)
    {
        public double Turnover => MeanEquity > 0 ? TradedKrw / MeanEquity : double.NaN;

        public double Costs => Commission + Tax + Slippage;

        public double CostFraction => MeanEquity > 0 ? Costs / MeanEquity : double.NaN;
    }

    /// <summary>Aggregates trades by (strategy, month); mean equity comes from the strategy's equity series (NaN when absent).</summary>
    public static IReadOnlyList<Month> Compute(IReadOnlyList<TradeRecord> trades, IReadOnlyList<EquitySeries> equity)
    {
        var meanEq = equity.ToDictionary(
            e => e.Name,
            e => e.Dates.Zip(e.Values).GroupBy(p => new DateOnly(p.First.Year, p.First.Month, 1)).ToDictionary(g => g.Key, g => g.Average(p => p.Second)),
            StringComparer.Ordinal);
        return trades
            .GroupBy(t => (t.Strategy, Month: new DateOnly(t.Date.Year, t.Date.Month, 1)))
            .OrderBy(g => g.Key.Strategy, StringComparer.Ordinal).ThenBy(g => g.Key.Month)
            .Select(g =>
            {
                var mean = meanEq.TryGetValue(g.Key.Strategy, out var m) && m.TryGetValue(g.Key.Month, out var v) ? v : double.NaN;
                return new Month(g.Key.Strategy, g.Key.Month, g.Sum(t => t.Shares * t.Price), g.Sum(t => t.Commission), g.Sum(t => t.Tax), g.Sum(t => t.Slippage), mean);
            })
            .ToList();
    }
}
