namespace Kosmo.Core;

/// <summary>
/// Builds a <see cref="Panel"/> from stock-day bars and index bars. The trading calendar is the sorted set
/// of dates on which at least one bar is not a placeholder (so a Yahoo holiday row does not create a
/// trading day). Trading value is estimated as close × volume where a bar lacks it, and flagged
/// <see cref="BarFlags.ValueEstimated"/>. Each stock's first and last dates are taken from its bars.
/// A later bar for the same (date, code) overwrites an earlier one, so callers apply source precedence by
/// adding bars in increasing order of precedence.
/// </summary>
public sealed class PanelBuilder
{
    private readonly Dictionary<string, StockInfo> _stocks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Code, DateOnly Date), DailyBar> _bars = [];
    private readonly List<IndexBar> _indexBars = [];

    /// <summary>Registers static attributes for a code (optional: codes seen only in bars get Market.Unknown).</summary>
    public PanelBuilder AddStock(StockInfo stock)
    {
        ArgumentNullException.ThrowIfNull(stock);
        _stocks[stock.Code] = stock;
        return this;
    }

    /// <summary>Adds a stock-day bar (later adds win for the same date and code).</summary>
    public PanelBuilder Add(in DailyBar bar)
    {
        _bars[(bar.Code, bar.Date)] = bar;
        return this;
    }

    /// <summary>Adds many stock-day bars.</summary>
    public PanelBuilder AddRange(IEnumerable<DailyBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        foreach (var bar in bars)
        {
            _bars[(bar.Code, bar.Date)] = bar;
        }

        return this;
    }

    /// <summary>Adds index bars (aligned to the stock calendar on build; dates off the calendar are dropped).</summary>
    public PanelBuilder AddIndex(IEnumerable<IndexBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        _indexBars.AddRange(bars);
        return this;
    }

    /// <summary>Builds the panel.</summary>
    /// <param name="isSynthetic">Marks the panel as synthetic.</param>
    /// <param name="description">Provenance text for reports.</param>
    public Panel Build(bool isSynthetic = false, string description = "")
    {
        var dates = _bars.Values.Where(b => (b.Flags & BarFlags.Placeholder) == 0).Select(b => b.Date).Distinct().Order().ToArray();
        var firstLast = new Dictionary<string, (DateOnly First, DateOnly Last)>(StringComparer.Ordinal);
        foreach (var bar in _bars.Values)
        {
            if ((bar.Flags & BarFlags.Placeholder) != 0)
            {
                continue;
            }

            firstLast[bar.Code] = firstLast.TryGetValue(bar.Code, out var fl)
                ? (bar.Date < fl.First ? bar.Date : fl.First, bar.Date > fl.Last ? bar.Date : fl.Last)
                : (bar.Date, bar.Date);
        }

        var codes = firstLast.Keys.Order(StringComparer.Ordinal).ToArray();
        var stocks = codes.Select(code =>
        {
            var fl = firstLast[code];
            var info = _stocks.TryGetValue(code, out var s) ? s : new StockInfo(code, "", Market.Unknown, "", null, null);
            return info with { FirstDate = fl.First, LastDate = fl.Last };
        }).ToArray();

        var panel = new Panel(dates, stocks) { IsSynthetic = isSynthetic, Description = description };
        var T = dates.Length;
        var open = panel.Field(PanelField.Open);
        var high = panel.Field(PanelField.High);
        var low = panel.Field(PanelField.Low);
        var close = panel.Field(PanelField.Close);
        var adj = panel.Field(PanelField.AdjClose);
        var volume = panel.Field(PanelField.Volume);
        var value = panel.Field(PanelField.Value);
        var cap = panel.Field(PanelField.MarketCap);
        var shares = panel.Field(PanelField.Shares);
        var change = panel.Field(PanelField.ChangeRatio);
        foreach (var bar in _bars.Values)
        {
            if ((bar.Flags & BarFlags.Placeholder) != 0)
            {
                continue;
            }

            var i = panel.IndexOfCode(bar.Code);
            var t = panel.IndexOfDate(bar.Date);
            var k = i * T + t;
            open[k] = (float)bar.Open;
            high[k] = (float)bar.High;
            low[k] = (float)bar.Low;
            close[k] = (float)bar.Close;
            adj[k] = (float)bar.AdjClose;
            volume[k] = (float)bar.Volume;
            var flags = bar.Flags;
            if (double.IsNaN(bar.Amount) && double.IsFinite(bar.Close) && double.IsFinite(bar.Volume))
            {
                value[k] = (float)(bar.Close * bar.Volume);
                flags |= BarFlags.ValueEstimated;
            }
            else
            {
                value[k] = (float)bar.Amount;
            }

            cap[k] = (float)bar.MarketCap;
            shares[k] = (float)bar.Shares;
            change[k] = (float)bar.ChangeRatio;
            panel.Flags[k] = flags;
        }

        foreach (var group in _indexBars.GroupBy(b => b.Name, StringComparer.OrdinalIgnoreCase))
        {
            var c = new float[T];
            var a = new float[T];
            var m = new float[T];
            Array.Fill(c, float.NaN);
            Array.Fill(a, float.NaN);
            Array.Fill(m, float.NaN);
            foreach (var bar in group)
            {
                var t = panel.IndexOfDate(bar.Date);
                if (t >= 0)
                {
                    c[t] = (float)bar.Close;
                    a[t] = (float)bar.Amount;
                    m[t] = (float)bar.MarketCap;
                }
            }

            panel.Indices[group.Key] = new IndexSeries(group.Key, c, a, m);
        }

        return panel;
    }
}
