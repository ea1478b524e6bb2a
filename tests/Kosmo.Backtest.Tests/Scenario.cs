using Kosmo.Core;

namespace Kosmo.Backtest.Tests;

/// <summary>Hand-written small panels: weekday dates from a start, one stock per call, explicit open/close paths.</summary>
internal sealed class Scenario
{
    private readonly PanelBuilder _builder = new();

    public Scenario(int days, DateOnly start)
    {
        var list = new List<DateOnly>();
        for (var d = start; list.Count < days; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday) { list.Add(d); }
        }

        Dates = list.ToArray();
    }

    public DateOnly[] Dates { get; }

    /// <summary>Adds a stock with bars on days [0, lastDay]; halted days get volume 0 and the Halted flag.</summary>
    public Scenario Stock(string code, Market market, double[] open, double[] close, double volume = 1e6, int[]? halted = null, int? lastDay = null, BarFlags[]? flags = null)
    {
        _builder.AddStock(new StockInfo(code, code, market, "", null, null));
        var end = lastDay ?? (Dates.Length - 1);
        for (var t = 0; t <= end; t++)
        {
            var isHalted = halted?.Contains(t) == true;
            _builder.Add(new DailyBar
            {
                Date = Dates[t],
                Code = code,
                Open = open[t],
                High = Math.Max(open[t], close[t]),
                Low = Math.Min(open[t], close[t]),
                Close = close[t],
                AdjClose = close[t],
                Volume = isHalted ? 0 : volume,
                Amount = isHalted ? 0 : volume * close[t],
                MarketCap = close[t] * 1e7,
                Shares = 1e7,
                Flags = (isHalted ? BarFlags.Halted : BarFlags.None) | (flags is null ? BarFlags.None : flags[t]),
            });
        }

        return this;
    }

    public Panel Build() => _builder.Build();

    /// <summary>Signals from a function (t, code index) → (P(up), P(down)) or null for none; date-major.</summary>
    public static SignalMatrix Signals(Panel panel, Func<int, int, (float Up, float Down)?> f)
    {
        var n = panel.CodeCount;
        var up = new float[panel.DateCount * n];
        var down = new float[up.Length];
        Array.Fill(up, float.NaN);
        Array.Fill(down, float.NaN);
        for (var t = 0; t < panel.DateCount; t++)
        {
            for (var i = 0; i < n; i++)
            {
                if (f(t, i) is { } s) { up[(t * n) + i] = s.Up; down[(t * n) + i] = s.Down; }
            }
        }

        return new SignalMatrix(panel, up, down);
    }

    public static double[] Flat(int days, double price) => Enumerable.Repeat(price, days).ToArray();
}
