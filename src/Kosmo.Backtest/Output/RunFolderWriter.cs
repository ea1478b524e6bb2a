using Kosmo.Backtest.Statistics;
using Kosmo.Core.IO;

namespace Kosmo.Backtest.Output;

/// <summary>
/// Writes the backtest parts of a run folder (DESIGN.md contract): equity.csv, trades.csv, capacity.csv,
/// backtest_daily.csv and the backtests/benchmarks sections of metrics.json. Every file is written atomically.
/// </summary>
public static class RunFolderWriter
{
    /// <summary>Writes all files of a report into <paramref name="runDir"/> (metrics.json merged).</summary>
    public static void WriteAll(string runDir, BacktestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var all = report.Strategies.Concat(report.Benchmarks).ToList();
        WriteEquity(RunLayout.Equity(runDir), all);
        WriteTrades(RunLayout.Trades(runDir), all);
        WriteCapacity(RunLayout.Capacity(runDir), report.Capacity);
        WriteDaily(RunLayout.BacktestDaily(runDir), all);
        MetricsJson.Merge(RunLayout.Metrics(runDir), report.StrategyMetrics, report.BenchmarkMetrics);
        if (report.Overfitting is not null || report.OverfittingNote is not null)
        {
            MetricsJson.MergeOverfitting(RunLayout.Metrics(runDir), report.Overfitting, report.OverfittingNote, report.Strategies.Select(s => s.Name).ToList());
        }
    }

    /// <summary>equity.csv (<see cref="EquityCsv"/>): one row per path and date, in path order then date order.</summary>
    public static void WriteEquity(string path, IEnumerable<BacktestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        EquityCsv.Write(path, results.Select(r => new EquityCurve(r.Name, r.Dates, r.Equity)));
    }

    /// <summary>trades.csv (<see cref="TradesCsv"/>): every fill of every path, in path order then fill order.</summary>
    public static void WriteTrades(string path, IEnumerable<BacktestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        TradesCsv.Write(path, results.SelectMany(r => r.Trades.Select(t => Record(r.Name, t))));
    }

    /// <summary>The trades.csv row of one fill of strategy <paramref name="strategy"/>.</summary>
    public static TradeRecord Record(string strategy, Trade trade) =>
        new(trade.Date, trade.Code, strategy, Side(trade.Side), trade.Shares, trade.Price, trade.Commission, trade.Tax, trade.Slippage);

    /// <summary>The side's name in trades.csv: buy, sell or delist.</summary>
    public static string Side(TradeSide side) => side switch { TradeSide.Buy => "buy", TradeSide.Sell => "sell", _ => "delist" };

    /// <summary>capacity.csv: <c>account_krw,strategy,total_return,cagr,sharpe,cost_drag</c>.</summary>
    public static void WriteCapacity(string path, IEnumerable<CapacityRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        AtomicFile.Write(path, w =>
        {
            w.WriteLine("account_krw,strategy,total_return,cagr,sharpe,cost_drag");
            foreach (var c in rows)
            {
                var m = c.Metrics;
                w.WriteLine($"{c.AccountKrw},{CsvText.Field(c.Strategy)},{CsvText.NumberOrEmpty(m.TotalReturn)},{CsvText.NumberOrEmpty(m.Cagr)},{CsvText.NumberOrEmpty(m.Sharpe)},{CsvText.NumberOrEmpty(m.CostDrag ?? double.NaN)}");
            }
        });
    }

    /// <summary>
    /// backtest_daily.csv: <c>date,strategy,gross_return,net_return,turnover,cost_krw,holdings</c>; returns are empty on
    /// the first date; gross = net + cost / previous equity.
    /// </summary>
    public static void WriteDaily(string path, IEnumerable<BacktestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        AtomicFile.Write(path, w =>
        {
            w.WriteLine("date,strategy,gross_return,net_return,turnover,cost_krw,holdings");
            foreach (var r in results)
            {
                var name = CsvText.Field(r.Name);
                for (var d = 0; d < r.Dates.Length; d++)
                {
                    var net = d == 0 ? double.NaN : (r.Equity[d] / r.Equity[d - 1]) - 1;
                    var gross = d == 0 ? double.NaN : net + (r.Costs[d] / r.Equity[d - 1]);
                    w.WriteLine($"{CsvText.Date(r.Dates[d])},{name},{CsvText.NumberOrEmpty(gross)},{CsvText.NumberOrEmpty(net)},{CsvText.NumberOrEmpty(r.Turnover[d])},{CsvText.NumberOrEmpty(r.Costs[d])},{r.Holdings[d]}");
                }
            }
        });
    }
}
