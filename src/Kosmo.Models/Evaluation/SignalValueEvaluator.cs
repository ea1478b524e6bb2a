using Kosmo.Core.IO;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Evaluation;

/// <summary>
/// Signal value before costs from one model's predictions and the panel's execution prices (docs/notes/evaluation.md):
/// the score is s = P(up) − P(down) of each prediction row. Forward returns are those of
/// <see cref="ExecutionPrices.Forward"/>: bought at t+1's execution price (the backtest's fill), held h days, simple,
/// gross. Per date:
/// long-short decile = mean 1-day forward return of the m highest scores minus that of the m lowest, m = ⌊n / 10⌋ of
/// the n rows with a forward return (no value when n &lt; 10; ties in score are broken by code, ordinal);
/// rank IC(h) = Spearman(s, r_h) over rows with a forward return (≥ 3, neither side constant).
/// Autocorrelation = Spearman of the scores of the codes present on two consecutive prediction dates (≥ 3 codes).
/// Each figure is the plain mean over the dates where it is defined. Deterministic (rows sorted by date, code).
/// </summary>
public static class SignalValueEvaluator
{
    /// <summary>Trading days per year for the Sharpe ratio.</summary>
    public const double TradingDays = 252;

    /// <summary>Computes the figures.</summary>
    /// <param name="rows">One model's prediction rows (any order; one row per (date, code)).</param>
    /// <param name="prices">Execution prices of the panel the predictions are on.</param>
    public static SignalValue Evaluate(IEnumerable<PredictionRecord> rows, ExecutionPrices prices)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(prices);
        var byDate = rows
            .Select(r => (r.Date, r.Code, Score: (double)r.PUp - r.PDown))
            .GroupBy(r => r.Date)
            .OrderBy(g => g.Key)
            .Select(g => (Date: g.Key, Rows: g.OrderBy(r => r.Code, StringComparer.Ordinal).ToArray()))
            .ToList();
        var ls = new List<double>();
        var ic = SignalValue.Horizons.ToDictionary(h => h, _ => new List<double>());
        foreach (var (date, day) in byDate)
        {
            var t = prices.DateIndex(date);
            foreach (var h in SignalValue.Horizons)
            {
                var (s, r) = Pairs(day, prices, t, h);
                var rho = Correlation.Spearman(s, r);
                if (!double.IsNaN(rho))
                {
                    ic[h].Add(rho);
                }

                if (h == 1 && LongShort(s, r) is { } v)
                {
                    ls.Add(v);
                }
            }
        }

        var auto = new List<double>();
        for (var d = 1; d < byDate.Count; d++)
        {
            var previous = byDate[d - 1].Rows.ToDictionary(r => r.Code, r => r.Score, StringComparer.Ordinal);
            var both = byDate[d].Rows.Where(r => previous.ContainsKey(r.Code)).ToArray();
            var rho = Correlation.Spearman([.. both.Select(r => previous[r.Code])], [.. both.Select(r => r.Score)]);
            if (!double.IsNaN(rho))
            {
                auto.Add(rho);
            }
        }

        var mean = Mean(ls);
        return new SignalValue
        {
            LsDecileDailyMean = mean,
            LsDecileAnnSharpe = mean / SampleStd(ls) * Math.Sqrt(TradingDays),
            LsDecileDates = ls.Count,
            IcDecay = SignalValue.Horizons.ToDictionary(h => h, h => Mean(ic[h])),
            SignalAutocorr = Mean(auto),
        };
    }

    private static (double[] Score, double[] Return) Pairs((DateOnly Date, string Code, double Score)[] day, ExecutionPrices prices, int t, int h)
    {
        var s = new List<double>(day.Length);
        var r = new List<double>(day.Length);
        foreach (var row in day)
        {
            var fwd = prices.Forward(prices.CodeIndex(row.Code), t, h);
            if (double.IsFinite(fwd))
            {
                s.Add(row.Score);
                r.Add(fwd);
            }
        }

        return ([.. s], [.. r]);
    }

    /// <summary>Top-minus-bottom decile mean return; null when fewer than 10 rows. Stable sort: ties keep code order.</summary>
    private static double? LongShort(double[] score, double[] ret)
    {
        var m = score.Length / 10;
        if (m < 1)
        {
            return null;
        }

        var order = Enumerable.Range(0, score.Length).OrderBy(j => score[j]).ToArray();
        double low = 0, high = 0;
        for (var j = 0; j < m; j++)
        {
            low += ret[order[j]];
            high += ret[order[^(j + 1)]];
        }

        return (high - low) / m;
    }

    private static double Mean(List<double> v) => v.Count > 0 ? v.Average() : double.NaN;

    private static double SampleStd(List<double> v)
    {
        if (v.Count < 2)
        {
            return double.NaN;
        }

        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }
}
