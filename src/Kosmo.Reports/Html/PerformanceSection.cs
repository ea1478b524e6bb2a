using System.Globalization;
using Kosmo.Backtest.Statistics;
using Kosmo.Core.IO;
using Kosmo.Reports.Analytics;
using Kosmo.Reports.Charts;
using Kosmo.Reports.Run;

namespace Kosmo.Reports.Html;

/// <summary>Equity vs benchmarks (log scale), drawdowns, monthly return heat maps and rolling Sharpe, all from equity.csv.</summary>
internal static class PerformanceSection
{
    public const int RollingWindow = 126;

    private static readonly string[] _months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Year"];

    /// <summary>Colour and style per equity series: strategies in strong colours, benchmarks muted (thin, semi-transparent).</summary>
    public static (string Color, bool Muted) Style(RunData run, string name)
    {
        var strategies = run.Equity.Where(e => !e.IsBenchmark).Select(e => e.Name).ToList();
        var i = strategies.IndexOf(name);
        if (i >= 0)
        {
            return (Colors.SeriesColor(i), false);
        }

        var benches = run.Equity.Where(e => e.IsBenchmark).Select(e => e.Name).ToList();
        var j = benches.IndexOf(name);
        // Not in equity.csv (e.g. only in capacity.csv): a colour from a stable hash of the name (string.GetHashCode varies per process).
        return j >= 0 ? (Colors.BenchmarkColor(j), true) : (Colors.SeriesColor(name.Aggregate(7, (h, c) => (h * 31 + c) & 0xffff)), false);
    }

    public static string Render(RunData run)
    {
        var note = run.NoteFor(RunLayout.EquityFile);
        if (note is not null || run.Equity.Count == 0)
        {
            return Blocks.Section("performance", "Performance", Blocks.Note("Equity, drawdown, rolling Sharpe and monthly returns: " + (note ?? "equity.csv has no rows.")));
        }

        var equity = run.Equity.Select(e => Series(run, e.Name, e.Dates, e.Values.Select(v => v / e.Values[0]).ToList())).ToList();
        var equityChart = new LineChart
        {
            Id = "chart-equity", Label = "Growth of 1 KRW, log scale", Series = equity, YKind = AxisKind.Log,
            YFormat = v => "×" + Fmt.Axis(v), TipFormat = v => "×" + v.ToString("0.000", CultureInfo.InvariantCulture), Height = 380,
        };
        var dd = run.Equity.Select(e => Series(run, e.Name, e.Dates, PerformanceStatistics.DrawdownPath(e.Values)) with { Fill = !e.IsBenchmark }).ToList();
        var ddChart = new LineChart
        {
            Id = "chart-drawdown", Label = "Drawdown from running peak", Series = dd, YFormat = Fmt.AxisPct,
            TipFormat = v => Fmt.Pct(v, 1), YInclude = [0], Height = 260,
        };
        var rolling = run.Equity.Select(e => new LineSeries(e.Name, Style(run, e.Name).Color,
            RollingSharpe.Compute(e.Dates, e.Values, RollingWindow).Select(p => ((double)p.Date.DayNumber, p.Sharpe)).ToList(), Muted: Style(run, e.Name).Muted)).ToList();
        var rollingBody = rolling.All(s => s.Points.Count == 0)
            ? Blocks.Note($"Fewer than {RollingWindow + 1} days of equity: no rolling Sharpe.")
            : Blocks.Legend(rolling) + new LineChart
            {
                Id = "chart-rolling-sharpe", Label = $"Rolling {RollingWindow}-day Sharpe ratio", Series = rolling, YInclude = [0],
                TipFormat = v => Fmt.Num(v), Height = 280,
            }.Render();

        var body = Blocks.Card("Equity vs benchmarks (log scale, start = 1)", Blocks.Legend(equity) + equityChart.Render(),
                "Each curve is divided by its first value; a straight line on a log scale is a constant growth rate.")
            + Blocks.Card("Drawdown", Blocks.Legend(dd) + ddChart.Render(), "Equity divided by its running peak, minus one.")
            + Blocks.Card($"Rolling Sharpe ({RollingWindow} trading days)", rollingBody, "Annualised: mean / std of daily returns × √252, risk-free 0.")
            + Blocks.Card("Monthly returns", Blocks.Grid(run.Equity.Select(HeatMapCard)),
                "Calendar-month returns from month-end equity; the last column is the calendar year. Red = loss, green = gain (colour saturates at ±10%).");
        return Blocks.Section("performance", "Performance", body);
    }

    private static LineSeries Series(RunData run, string name, IReadOnlyList<DateOnly> dates, IReadOnlyList<double> values)
    {
        var (color, muted) = Style(run, name);
        return new LineSeries(name, color, dates.Select((d, i) => ((double)d.DayNumber, values[i])).ToList(), Muted: muted);
    }

    private static string HeatMapCard(EquitySeries e) =>
        $"<div class=\"heat\"><h3>{Blocks.E(e.Name)}{(e.IsBenchmark ? "<span class=\"tag\">benchmark</span>" : string.Empty)}</h3>{MonthlyHeatMap(e)}</div>";

    /// <summary>Year × month heat map (plus a Year column) with diverging colours saturating at ±10% (±30% for years).</summary>
    internal static string MonthlyHeatMap(EquitySeries e)
    {
        var monthly = MonthlyReturns.Compute(e.Dates, e.Values);
        var yearly = MonthlyReturns.Yearly(e.Dates, e.Values);
        var years = yearly.Select(y => y.Year).ToList();
        var values = new double[years.Count, 13];
        for (var r = 0; r < years.Count; r++)
        {
            for (var c = 0; c < 13; c++)
            {
                values[r, c] = double.NaN;
            }
        }

        foreach (var (year, month, ret) in monthly)
        {
            values[years.IndexOf(year), month - 1] = ret;
        }

        foreach (var (year, ret) in yearly)
        {
            values[years.IndexOf(year), 12] = ret;
        }

        return new HeatGrid
        {
            Id = "chart-monthly-" + Blocks.Slug(e.Name), Label = $"Monthly returns of {e.Name}",
            RowLabels = years.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList(), ColLabels = _months, Values = values,
            CellColor = (_, c, v) => Colors.Diverging(v, c == 12 ? 0.3 : 0.1),
            CellText = (_, _, v) => Fmt.Pct(v, 1).Replace("%", string.Empty, StringComparison.Ordinal),
            CellTip = (r, c, v) => $"{e.Name} {years[r]} {_months[c]}: {Fmt.Pct(v, 2)}",
            CellWidth = 50, CellHeight = 24, RowLabelWidth = 44,
        }.Render();
    }
}
