using Kosmo.Core;

namespace Kosmo.Backtest.Synthetic;

/// <summary>
/// Realistic generated KRX-like panels for tests and benchmarks (not for research): a market factor plus
/// idiosyncratic noise and jumps, prices on the tick grid, moves clipped at the daily limit (flagged
/// UpperLimit/LowerLimit), halts (Halted, volume 0, price frozen), late listings and delistings (LastDate before
/// the panel end), KOSPI/KOSDAQ indices from the market factor. Weekday calendar from the start date (2012-01-02 by default).
/// </summary>
public static class SyntheticMarket
{
    /// <summary>Generates an (N = <paramref name="codes"/>, T = <paramref name="dates"/>) panel from a seed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">codes or dates &lt; 1.</exception>
    public static Panel Generate(int codes, int dates, ulong seed, DateOnly? start = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(codes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dates, 1);
        var rng = new SplitMix(seed);
        var calendar = Calendar(start ?? new DateOnly(2012, 1, 2), dates);
        var first = new int[codes];
        var last = new int[codes];
        var stocks = new StockInfo[codes];
        for (var i = 0; i < codes; i++)
        {
            first[i] = rng.Uniform() < 0.2 ? (int)(rng.Uniform() * dates / 2) : 0;
            last[i] = rng.Uniform() < 0.15 ? Math.Max(first[i] + 1, dates / 2 + (int)(rng.Uniform() * (dates / 2))) : dates - 1;
            last[i] = Math.Min(last[i], dates - 1);
            var market = rng.Uniform() < 0.2 ? Market.Kospi : Market.Kosdaq;
            stocks[i] = new StockInfo($"{100000 + (i * 7) % 900000:D6}", $"SYN{i}", market, "", calendar[first[i]], calendar[last[i]]);
        }

        var panel = new Panel(calendar, stocks.OrderBy(s => s.Code, StringComparer.Ordinal).ToArray()) { IsSynthetic = true, Description = $"SyntheticMarket({codes}x{dates}, seed {seed})" };
        var factor = new double[dates];
        for (var t = 0; t < dates; t++) { factor[t] = 0.0003 + 0.01 * rng.Normal(); }
        var source = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < codes; j++) { source[stocks[j].Code] = j; }
        for (var i = 0; i < codes; i++)
        {
            var src = source[panel.Stocks[i].Code];
            FillStock(panel, i, first[src], last[src], factor, rng);
        }

        AddIndex(panel, "KOSPI", factor, 0.8, 2000, rng);
        AddIndex(panel, "KOSDAQ", factor, 1.2, 700, rng);
        return panel;
    }

    private static DateOnly[] Calendar(DateOnly start, int n)
    {
        var list = new DateOnly[n];
        var d = start;
        for (var k = 0; k < n; k++)
        {
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) { d = d.AddDays(1); }
            list[k] = d;
            d = d.AddDays(1);
        }

        return list;
    }

    private static void FillStock(Panel panel, int i, int first, int last, double[] factor, SplitMix rng)
    {
        var T = panel.DateCount;
        var market = panel.Stocks[i].Market;
        var sigma = 0.015 + 0.025 * rng.Uniform();
        var beta = 0.5 + rng.Uniform();
        var price = TickSize.RoundDown(Math.Exp(Math.Log(5000) + 1.2 * rng.Normal()), market, panel.Dates[first]);
        price = Math.Max(price, 200);
        var shares = Math.Round(5e6 + 5e7 * rng.Uniform());
        var valueMedian = Math.Exp(Math.Log(1e9) + 1.0 * rng.Normal());
        var halt = 0;
        var open = panel.Field(PanelField.Open);
        var high = panel.Field(PanelField.High);
        var low = panel.Field(PanelField.Low);
        var close = panel.Field(PanelField.Close);
        var adj = panel.Field(PanelField.AdjClose);
        var vol = panel.Field(PanelField.Volume);
        var val = panel.Field(PanelField.Value);
        var cap = panel.Field(PanelField.MarketCap);
        var shr = panel.Field(PanelField.Shares);
        var chg = panel.Field(PanelField.ChangeRatio);
        for (var t = first; t <= last; t++)
        {
            var k = (i * T) + t;
            var date = panel.Dates[t];
            var flags = BarFlags.Synthetic;
            double o, c, h, l, v;
            if (halt == 0 && t > first && rng.Uniform() < 0.002) { halt = 1 + (int)(rng.Uniform() * 10); }
            if (halt > 0)
            {
                halt--;
                flags |= BarFlags.Halted;
                o = h = l = c = price;
                v = 0;
            }
            else
            {
                var r = (beta * factor[t]) + (sigma * rng.Normal());
                if (rng.Uniform() < 0.01) { r += (rng.Uniform() < 0.5 ? -1 : 1) * (0.1 + 0.3 * rng.Uniform()); }
                var up = t > first ? PriceLimit.Upper(price, market, date) : double.MaxValue;
                var dn = t > first ? PriceLimit.Lower(price, market, date) : 0;
                c = Math.Clamp(TickSize.RoundDown(price * (1 + r), market, date), dn, up);
                o = Math.Clamp(TickSize.RoundDown(price * (1 + (0.4 * r) + (0.3 * sigma * rng.Normal())), market, date), dn, up);
                h = Math.Min(up, TickSize.RoundDown(Math.Max(o, c) * (1 + Math.Abs(0.5 * sigma * rng.Normal())), market, date));
                l = Math.Max(dn, TickSize.RoundDown(Math.Min(o, c) * (1 - Math.Abs(0.5 * sigma * rng.Normal())), market, date));
                h = Math.Max(h, Math.Max(o, c));
                l = Math.Min(l, Math.Min(o, c));
                if (t > first && c >= up) { flags |= BarFlags.UpperLimit; }
                if (t > first && c <= dn) { flags |= BarFlags.LowerLimit; }
                v = Math.Max(1, Math.Round(valueMedian * Math.Exp(0.5 * rng.Normal()) / c));
            }

            open[k] = (float)o;
            high[k] = (float)h;
            low[k] = (float)l;
            close[k] = (float)c;
            adj[k] = (float)c;
            vol[k] = (float)v;
            val[k] = (float)(v * c);
            cap[k] = (float)(shares * c);
            shr[k] = (float)shares;
            chg[k] = (float)((c / price) - 1);
            panel.Flags[k] = flags;
            price = c;
        }
    }

    private static void AddIndex(Panel panel, string name, double[] factor, double beta, double level, SplitMix rng)
    {
        var T = panel.DateCount;
        var c = new float[T];
        var a = new float[T];
        var m = new float[T];
        for (var t = 0; t < T; t++)
        {
            level *= 1 + (beta * factor[t]) + (0.002 * rng.Normal());
            c[t] = (float)level;
            a[t] = 1e12f;
            m[t] = 3e14f;
        }

        panel.Indices[name] = new IndexSeries(name, c, a, m);
    }
}
