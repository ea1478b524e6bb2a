using Kosmo.Core.IO;
using Kosmo.Reports.Analytics;
using Kosmo.Reports.Charts;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>Turnover and trading costs over time (trades.csv + equity.csv) and the capacity curve (capacity.csv).</summary>
internal static class TradingSection
{
    public static string Render(RunData run) =>
        Blocks.Section("trading", "Trading, costs and capacity", Activity(run) + Capacity(run) + OverfittingSection.Render(run) + CpcvSection.Render(run) + MetaLabelingSection.Render(run));

    private static string Activity(RunData run)
    {
        var note = run.NoteFor(RunLayout.TradesFile);
        if (note is not null || run.Trades.Count == 0)
        {
            return Blocks.Note("Turnover and costs: " + (note ?? "trades.csv has no rows."));
        }

        var months = TradeActivity.Compute(run.Trades, run.Equity);
        var strategies = months.Select(m => m.Strategy).Distinct().ToList();
        var turnover = strategies.Select(s => new LineSeries(s, PerformanceSection.Style(run, s).Color,
            months.Where(m => m.Strategy == s).Select(m => ((double)m.MonthStart.DayNumber, m.Turnover)).ToList(), Markers: false)).ToList();
        var cumulative = strategies.Select(s =>
        {
            var total = 0.0;
            return new LineSeries(s, PerformanceSection.Style(run, s).Color,
                months.Where(m => m.Strategy == s).Select(m => ((double)m.MonthStart.DayNumber, total += m.Costs)).ToList());
        }).ToList();
        var turnoverChart = new LineChart
        {
            Id = "chart-turnover", Label = "Monthly turnover", Series = turnover, YFormat = Fmt.AxisPct, TipFormat = v => Fmt.Pct(v, 1), YInclude = [0], Width = 560, Height = 300,
        };
        var costChart = new LineChart
        {
            Id = "chart-costs", Label = "Cumulative trading costs", Series = cumulative, YFormat = Fmt.KrwShort, TipFormat = v => Fmt.Krw(v), YInclude = [0], Width = 560, Height = 300,
        };
        var totals = Blocks.Table(
            ["Strategy", "Trades", "Traded value", "Commission", "Tax", "Slippage", "Total costs", "Mean monthly turnover", "Mean monthly cost"],
            strategies.Select(s =>
            {
                var ms = months.Where(m => m.Strategy == s).ToList();
                return (IReadOnlyList<string>)[Blocks.E(s), Fmt.Count(run.Trades.Count(t => t.Strategy == s)), Fmt.Krw(ms.Sum(m => m.TradedKrw)),
                    Fmt.Krw(ms.Sum(m => m.Commission)), Fmt.Krw(ms.Sum(m => m.Tax)), Fmt.Krw(ms.Sum(m => m.Slippage)), Fmt.Krw(ms.Sum(m => m.Costs)),
                    Fmt.Pct(Mean(ms.Select(m => m.Turnover))), Fmt.Pct(Mean(ms.Select(m => m.CostFraction)), 3)];
            }));
        return Blocks.Grid([
                Blocks.Card("Turnover per month", Blocks.Legend(turnover) + turnoverChart.Render(), "Traded value (buys + sells) divided by the month's mean equity.", false),
                Blocks.Card("Cumulative costs (KRW)", Blocks.Legend(cumulative) + costChart.Render(), "Commission + transaction tax + slippage.", false),
            ])
            + "<div style=\"height:16px\"></div>" + Blocks.Card("Costs by component", totals);
    }

    private static string Capacity(RunData run)
    {
        var note = run.NoteFor(RunLayout.CapacityFile);
        if (note is not null || run.Capacity.Count == 0)
        {
            return Blocks.Note("Capacity curve: " + (note ?? "capacity.csv has no rows."));
        }

        var strategies = run.Capacity.Select(c => c.Strategy).Distinct().ToList();
        List<LineSeries> Curves(Func<CapacityRow, double> y) => strategies.Select(s => new LineSeries(s, PerformanceSection.Style(run, s).Color,
            run.Capacity.Where(c => c.Strategy == s).OrderBy(c => c.AccountKrw).Select(c => (c.AccountKrw, y(c))).ToList(), Markers: true)).ToList();
        var cagr = Curves(c => c.Cagr);
        var sharpe = Curves(c => c.Sharpe);
        var cagrChart = new LineChart
        {
            Id = "chart-capacity", Label = "CAGR by account size", Series = cagr, XKind = AxisKind.Log, XFormat = Fmt.KrwShort,
            YFormat = Fmt.AxisPct, TipFormat = v => Fmt.Pct(v), YInclude = [0], Width = 560, Height = 300,
        };
        var sharpeChart = new LineChart
        {
            Id = "chart-capacity-sharpe", Label = "Sharpe by account size", Series = sharpe, XKind = AxisKind.Log, XFormat = Fmt.KrwShort,
            TipFormat = v => Fmt.Num(v), YInclude = [0], Width = 560, Height = 300,
        };
        // One row per account size; per strategy: total return, CAGR, Sharpe and cost drag.
        var accounts = run.Capacity.Select(c => c.AccountKrw).Distinct().Order().ToList();
        var table = Blocks.Table(["Account", .. strategies.SelectMany(s => new[] { $"{s}: total", "CAGR", "Sharpe", "Cost drag" })],
            accounts.Select(a => (IReadOnlyList<string>)[Fmt.Krw(a), .. strategies.SelectMany(s =>
            {
                var c = run.Capacity.FirstOrDefault(r => r.Strategy == s && r.AccountKrw == a);
                return c is null
                    ? new[] { Fmt.Missing, Fmt.Missing, Fmt.Missing, Fmt.Missing }
                    : [Blocks.Signed(c.TotalReturn, Fmt.Pct(c.TotalReturn)), Blocks.Signed(c.Cagr, Fmt.Pct(c.Cagr)), Fmt.Num(c.Sharpe), Fmt.Pct(c.CostDrag)];
            })]));
        return "<div style=\"height:16px\"></div>" + Blocks.Grid([
                Blocks.Card("Capacity: CAGR vs account size", Blocks.Legend(cagr) + cagrChart.Render(), "Same signals, larger accounts: market impact and liquidity limits erode returns. Log x axis.", false),
                Blocks.Card("Capacity: Sharpe vs account size", Blocks.Legend(sharpe) + sharpeChart.Render(), null, false),
            ])
            + "<div style=\"height:16px\"></div>" + Blocks.Card("Capacity table", table);
    }

    private static double Mean(IEnumerable<double> xs)
    {
        var f = xs.Where(double.IsFinite).ToList();
        return f.Count == 0 ? double.NaN : f.Average();
    }
}
