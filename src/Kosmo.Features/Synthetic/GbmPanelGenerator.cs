using Kosmo.Core;

namespace Kosmo.Features.Synthetic;

/// <summary>
/// A small, seeded, realistic-looking panel for feature tests, benchmarks and demos (NOT the project's synthetic
/// market, which lives in Kosmo.Data): weekday calendar; one market factor plus idiosyncratic GBM log returns
/// (daily vol 1.5–4.5%, fat tails through a 5% chance of a 3× shock) clamped to the KRX daily limit; staggered
/// listings and some delistings; halts (volume 0, O/H/L NaN, close carried, <see cref="BarFlags.Halted"/>) in runs of
/// 1–10 days; log-normal volume; value = close × volume; market cap = close × shares; AdjClose on half of the stocks
/// (the others leave it NaN); KOSDAQ/KOSPI indices from the factor, and a mean-reverting VIX with US holidays (NaN).
/// The same arguments give the same panel, bitwise, whatever the thread count.
/// </summary>
public static class GbmPanelGenerator
{
    /// <summary>Generates a panel of <paramref name="stocks"/> codes × <paramref name="days"/> weekdays from 2005-01-03.</summary>
    /// <exception cref="ArgumentOutOfRangeException">stocks or days &lt; 1.</exception>
    public static Panel Generate(int stocks, int days, int seed, DateOnly? start = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var dates = new List<DateOnly>(days);
        for (var d = start ?? new DateOnly(2005, 1, 3); dates.Count < days; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                dates.Add(d);
            }
        }

        var master = new Random(seed);
        var infos = new StockInfo[stocks];
        var listing = new int[stocks];
        var delisting = new int[stocks];
        string[] depts = ["우량기업부", "벤처기업부", "중견기업부", "기술성장기업부", "관리종목(소속부없음)", ""];
        for (var i = 0; i < stocks; i++)
        {
            var market = master.NextDouble() < 0.65 ? Market.Kosdaq : Market.Kospi;
            var dept = market == Market.Kosdaq ? depts[master.Next(depts.Length)] : "";
            infos[i] = new StockInfo($"{100000 + i * 7:D6}", $"SYN{i}", market, dept, null, null);
            listing[i] = master.NextDouble() < 0.7 ? 0 : master.Next(days);
            delisting[i] = master.NextDouble() < 0.1 ? listing[i] + master.Next(Math.Max(days - listing[i], 1)) : days;
        }

        var factor = new double[days];
        for (var t = 0; t < days; t++)
        {
            factor[t] = 0.0002 + 0.012 * Normal(master);
        }

        var panel = new Panel(dates, infos) { IsSynthetic = true, Description = $"GbmPanelGenerator seed={seed}" };
        Parallel.For(0, stocks, i => FillStock(panel, i, seed, factor, listing[i], delisting[i]));
        AddIndices(panel, factor, master);
        return panel;
    }

    private static void FillStock(Panel panel, int i, int seed, double[] factor, int first, int end)
    {
        var rng = new Random(unchecked(seed * 7919 + i * 104729 + 1));
        var T = panel.DateCount;
        var vol = 0.015 + 0.03 * rng.NextDouble();
        var beta = 0.5 + rng.NextDouble();
        var price = Math.Exp(7 + 3 * rng.NextDouble());
        var shares = Math.Round(Math.Exp(15 + 2.5 * rng.NextDouble()));
        var baseVolume = Math.Log(shares) - 5.5;
        var hasAdj = i % 2 == 0;
        var haltLeft = 0;
        for (var t = first; t < end; t++)
        {
            var flags = BarFlags.Synthetic;
            if (haltLeft == 0 && rng.NextDouble() < 0.004)
            {
                haltLeft = 1 + rng.Next(10);
            }

            var limit = PriceLimit.MainBoardFraction(panel.Dates[t]);
            if (haltLeft > 0 && t > first)
            {
                haltLeft--;
                panel.Set(PanelField.Close, i, t, (float)price);
                panel.Set(PanelField.Volume, i, t, 0);
                panel.Set(PanelField.Value, i, t, 0);
                panel.Set(PanelField.MarketCap, i, t, (float)(price * shares));
                panel.Set(PanelField.Shares, i, t, (float)shares);
                panel.Flags[i * T + t] = flags | BarFlags.Halted;
                continue;
            }

            var shock = rng.NextDouble() < 0.05 ? 3 : 1;
            var r = beta * factor[t] + vol * shock * Normal(rng);
            var previous = price;
            var change = Math.Clamp(Math.Exp(r) - 1, -limit, limit);
            price = Math.Max(previous * (1 + change), 1);
            if (change >= limit - 1e-9)
            {
                flags |= BarFlags.UpperLimit;
            }
            else if (change <= -limit + 1e-9)
            {
                flags |= BarFlags.LowerLimit;
            }

            var open = previous * Math.Exp(0.3 * vol * Normal(rng));
            var high = Math.Max(Math.Max(open, price), price * (1 + Math.Abs(0.5 * vol * Normal(rng))));
            var low = Math.Min(Math.Min(open, price), price * (1 - Math.Abs(0.5 * vol * Normal(rng))));
            var volume = Math.Round(Math.Exp(baseVolume + 0.6 * Normal(rng) + 8 * Math.Abs(r)));
            panel.Set(PanelField.Open, i, t, (float)open);
            panel.Set(PanelField.High, i, t, (float)high);
            panel.Set(PanelField.Low, i, t, (float)low);
            panel.Set(PanelField.Close, i, t, (float)price);
            panel.Set(PanelField.AdjClose, i, t, hasAdj ? (float)price : float.NaN);
            panel.Set(PanelField.Volume, i, t, (float)Math.Max(volume, 1));
            panel.Set(PanelField.Value, i, t, (float)(price * Math.Max(volume, 1)));
            panel.Set(PanelField.MarketCap, i, t, (float)(price * shares));
            panel.Set(PanelField.Shares, i, t, (float)shares);
            panel.Set(PanelField.ChangeRatio, i, t, (float)change);
            panel.Flags[i * T + t] = flags;
        }
    }

    private static void AddIndices(Panel panel, double[] factor, Random rng)
    {
        var T = panel.DateCount;
        float[] Nan() => Enumerable.Repeat(float.NaN, T).ToArray();
        var kosdaq = Nan();
        var kospi = Nan();
        var vix = Nan();
        double a = 1000, b = 2000, v = 18;
        for (var t = 0; t < T; t++)
        {
            a *= Math.Exp(1.1 * factor[t]);
            b *= Math.Exp(0.8 * factor[t] + 0.003 * Normal(rng));
            v = Math.Max(9, v + 0.05 * (18 - v) + 1.2 * Normal(rng) - 40 * factor[t]);
            kosdaq[t] = (float)a;
            kospi[t] = (float)b;
            vix[t] = rng.NextDouble() < 0.03 ? float.NaN : (float)v;
        }

        panel.Indices["KOSDAQ"] = new IndexSeries("KOSDAQ", kosdaq, Nan(), Nan());
        panel.Indices["KOSPI"] = new IndexSeries("KOSPI", kospi, Nan(), Nan());
        panel.Indices["VIX"] = new IndexSeries("VIX", vix, Nan(), Nan());
    }

    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
