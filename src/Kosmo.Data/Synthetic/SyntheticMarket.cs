using Kosmo.Core;

namespace Kosmo.Data.Synthetic;

/// <summary>
/// A seeded, KRX-like synthetic market: stocks (KOSPI/KOSDAQ with KOSDAQ tiers, SPACs named 스팩, preferreds
/// with codes ending in 5 and names ending 우, 관리종목 spells), raw daily bars (fat-tailed returns with a
/// regime-switching market factor, ±30% / ±15% price limits with limit flags, tick rounding, halts,
/// delistings, 5:1 splits with a change ratio against the adjusted base) and KOSPI/KOSDAQ/VIX index bars.
/// A weak momentum effect is planted: each stock carries a slowly mean-reverting AR(1) drift, so past
/// 20–120-day returns rank-predict the next 20 days with an IC of a few hundredths.
/// </summary>
public sealed class SyntheticMarket
{
    private SyntheticMarket(SyntheticOptions options, IReadOnlyList<StockInfo> stocks, IReadOnlyList<DailyBar> bars, IReadOnlyList<IndexBar> indexBars, IReadOnlyList<DateOnly> calendar)
    {
        Options = options;
        Stocks = stocks;
        Bars = bars;
        IndexBars = indexBars;
        Calendar = calendar;
    }

    /// <summary>The options it was generated with.</summary>
    public SyntheticOptions Options { get; }

    /// <summary>All stocks, including delisted ones (LastDate before the calendar's end). Dept is the section; 관리종목 spells are in the bar flags.</summary>
    public IReadOnlyList<StockInfo> Stocks { get; }

    /// <summary>Raw (unadjusted) daily bars, sorted by code then date; halted days have NaN O/H/L, volume 0 and the Halted flag; every bar has the Synthetic flag.</summary>
    public IReadOnlyList<DailyBar> Bars { get; }

    /// <summary>KOSPI, KOSDAQ and VIX bars on every calendar day.</summary>
    public IReadOnlyList<IndexBar> IndexBars { get; }

    /// <summary>The trading calendar (weekdays without fixed Korean holidays).</summary>
    public IReadOnlyList<DateOnly> Calendar { get; }

    /// <summary>Generates the market; the same options give identical output.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Stocks or years below 1.</exception>
    public static SyntheticMarket Generate(SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Stocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Years, 1);
        var calendar = BuildCalendar(options.Start, options.Years);
        var rng = new Random(options.Seed);
        var regime = new MarketRegime(rng, calendar.Count);
        var universe = SyntheticUniverse.Create(options, calendar.Count, rng);
        var bars = new List<DailyBar>();
        var stocks = new List<StockInfo>();
        var totals = new IndexTotals(calendar.Count);
        for (var i = 0; i < universe.Stocks.Length; i++)
        {
            var s = universe.Stocks[i];
            var path = new StockPath(s, calendar, regime, options, new Random(unchecked(options.Seed * 7919 + i * 104729 + 1)));
            var first = bars.Count;
            path.Run(bars, totals);
            stocks.Add(new StockInfo(s.Code, s.Name, s.Market, s.Dept,
                bars.Count > first ? bars[first].Date : null, bars.Count > first ? bars[^1].Date : null));
        }

        return new SyntheticMarket(options, stocks, bars, totals.ToIndexBars(calendar, regime, rng), calendar);
    }

    /// <summary>Builds a <see cref="Panel"/> (IsSynthetic = true; Description names the generator and seed).</summary>
    public Kosmo.Core.Panel ToPanel()
    {
        var builder = new PanelBuilder();
        foreach (var s in Stocks)
        {
            builder.AddStock(s);
        }

        builder.AddRange(Bars);
        builder.AddIndex(IndexBars);
        return builder.Build(isSynthetic: true,
            description: $"synthetic KRX-like market (seed {Options.Seed}, {Options.Stocks} stocks, {Options.Years} years from {Options.Start:yyyy-MM-dd}); not real data");
    }

    /// <summary>The trading calendar of <paramref name="years"/> years from <paramref name="start"/> (weekdays without fixed Korean holidays).</summary>
    internal static List<DateOnly> BuildCalendar(DateOnly start, int years)
    {
        var days = new List<DateOnly>();
        var end = start.AddYears(years);
        for (var d = start; d < end; d = d.AddDays(1))
        {
            var holiday = (d.Month, d.Day) is (1, 1) or (3, 1) or (5, 5) or (6, 6) or (8, 15) or (10, 3) or (10, 9) or (12, 25) or (12, 31);
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday && !holiday)
            {
                days.Add(d);
            }
        }

        return days;
    }
}
