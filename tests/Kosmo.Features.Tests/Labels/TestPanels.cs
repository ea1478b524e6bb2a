using Kosmo.Core;

namespace Kosmo.Features.Tests.Labels;

/// <summary>Realistic generated panels for label tests: seeded GBM with overnight gaps, halts, limit hits, listings and delistings.</summary>
internal static class TestPanels
{
    /// <summary>Weekdays from <paramref name="first"/>.</summary>
    public static DateOnly[] Weekdays(DateOnly first, int count)
    {
        var dates = new List<DateOnly>(count);
        for (var d = first; dates.Count < count; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                dates.Add(d);
            }
        }

        return dates.ToArray();
    }

    /// <summary>
    /// A KOSDAQ-like panel: N stocks over T weekdays from 2019-01-02. Daily log returns ~ N(μ, σ_i), σ_i in
    /// 2%..4%, overnight gap a third of the move; about 1% of days start a 1–5 day halt (volume 0, prices carried,
    /// Halted flag); moves are clipped to ±30% and flagged at the limit; every 7th stock delists at a random date,
    /// every 5th lists late.
    /// </summary>
    public static Panel Gbm(int seed, int stocks = 12, int days = 400)
    {
        var rng = new Random(seed);
        var dates = Weekdays(new DateOnly(2019, 1, 2), days);
        var builder = new PanelBuilder();
        for (var i = 0; i < stocks; i++)
        {
            var code = $"A{i:D5}";
            builder.AddStock(new StockInfo(code, $"Stock {i}", Market.Kosdaq, "", null, null));
            var first = i % 5 == 4 ? rng.Next(20, days / 3) : 0;
            var last = i % 7 == 6 ? rng.Next(days / 2, days - 5) : days - 1;
            var sigma = 0.02 + 0.02 * rng.NextDouble();
            var close = 1000 + 20000 * rng.NextDouble();
            var halt = 0;
            for (var t = first; t <= last; t++)
            {
                if (halt == 0 && rng.NextDouble() < 0.01 && t > first)
                {
                    halt = rng.Next(1, 6);
                }

                if (halt > 0)
                {
                    halt--;
                    builder.Add(new DailyBar { Date = dates[t], Code = code, Open = close, High = close, Low = close, Close = close, AdjClose = close, Volume = 0, Amount = 0, MarketCap = double.NaN, Shares = double.NaN, ChangeRatio = 0, Flags = BarFlags.Halted });
                    continue;
                }

                var move = 0.0003 + sigma * Normal(rng);
                if (rng.NextDouble() < 0.004)
                {
                    move = 0.3;
                }

                var prev = close;
                var limitUp = Math.Floor(prev * 1.3);
                var limitDown = Math.Ceiling(prev * 0.7);
                var open = Math.Clamp(Math.Round(prev * Math.Exp(move / 3)), limitDown, limitUp);
                close = Math.Clamp(Math.Round(prev * Math.Exp(move)), limitDown, limitUp);
                var high = Math.Min(limitUp, Math.Round(Math.Max(open, close) * (1 + Math.Abs(sigma * 0.5 * Normal(rng)))));
                var low = Math.Max(limitDown, Math.Round(Math.Min(open, close) * (1 - Math.Abs(sigma * 0.5 * Normal(rng)))));
                var flags = close >= limitUp ? BarFlags.UpperLimit : close <= limitDown ? BarFlags.LowerLimit : BarFlags.None;
                if (move >= 0.3)
                {
                    open = high = close = limitUp;
                }

                var volume = Math.Round(10000 + 100000 * rng.NextDouble());
                builder.Add(new DailyBar { Date = dates[t], Code = code, Open = open, High = high, Low = low, Close = close, AdjClose = close, Volume = volume, Amount = close * volume, MarketCap = double.NaN, Shares = double.NaN, ChangeRatio = close / prev - 1, Flags = flags });
            }
        }

        return builder.Build(isSynthetic: true, description: $"test GBM seed {seed}");
    }

    /// <summary>
    /// One stock on a weekday calendar with the given OHLC rows (volume 1000, no flags), for hand-computed cases.
    /// A NaN close leaves the day empty (after the last row: delisted).
    /// </summary>
    public static Panel FromRows(int days, IReadOnlyList<(double Open, double High, double Low, double Close)> rows)
    {
        var dates = Weekdays(new DateOnly(2020, 1, 2), days);
        var panel = new Panel(dates, [new StockInfo("000001", "Hand", Market.Kosdaq, "", null, null)]);
        for (var t = 0; t < rows.Count; t++)
        {
            var (o, h, l, c) = rows[t];
            if (double.IsNaN(c))
            {
                continue;
            }

            panel.Set(PanelField.Open, 0, t, (float)o);
            panel.Set(PanelField.High, 0, t, (float)h);
            panel.Set(PanelField.Low, 0, t, (float)l);
            panel.Set(PanelField.Close, 0, t, (float)c);
            panel.Set(PanelField.AdjClose, 0, t, (float)c);
            panel.Set(PanelField.Volume, 0, t, 1000f);
        }

        return panel;
    }

    /// <summary>History rows with closes alternating ×1.01 and ÷1.01 from 100 (|log return| = ln 1.01 every day, so σ = ln 1.01 exactly); the last close is 100.</summary>
    public static List<(double Open, double High, double Low, double Close)> AlternatingHistory(int count)
    {
        var rows = new List<(double, double, double, double)>();
        for (var t = 0; t < count; t++)
        {
            var c = (count - 1 - t) % 2 == 0 ? 100.0 : 101.0;
            rows.Add((c, c, c, c));
        }

        return rows;
    }

    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
