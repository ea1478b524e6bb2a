using Kosmo.Core;
using Kosmo.Data.Adjustment;

namespace Kosmo.Data.Synthetic;

/// <summary>
/// The synthetic market (<see cref="SyntheticMarket"/>) as a ready <see cref="Kosmo.Core.Panel"/> of a given length, for tests
/// and benchmarks that want "about N stocks over T days" rather than the experiment's options. The market is
/// generated for as many whole years as the T days need (from the start date of
/// <see cref="Generate"/>, 2014-01-02 by default) and cut after its T-th trading day: every stock trading by then is
/// in the panel (the N common stocks less late listings, plus the generator's preferreds and SPACs), with halts,
/// limit moves, delistings, 관리종목 spells, splits and the KOSPI, KOSDAQ and VIX indices. AdjClose is back-adjusted
/// from the reported change ratio (<see cref="WithAdjustedClose"/>), as the experiment does for the synthetic source.
/// </summary>
public static class SyntheticPanel
{
    /// <summary>Generates the panel: the same arguments give the same panel, bit for bit.</summary>
    /// <param name="stocks">Common stocks generated (<see cref="SyntheticOptions.Stocks"/>).</param>
    /// <param name="days">Trading days kept (the panel's date count).</param>
    /// <param name="seed">Generator seed.</param>
    /// <param name="start">First calendar day (default <see cref="SyntheticOptions.Start"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">stocks or days below 1.</exception>
    public static Kosmo.Core.Panel Generate(int stocks, int days, int seed, DateOnly? start = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stocks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var first = start ?? new SyntheticOptions().Start;
        var years = 1;
        while (SyntheticMarket.BuildCalendar(first, years).Count < days)
        {
            years++;
        }

        var market = SyntheticMarket.Generate(new SyntheticOptions { Stocks = stocks, Years = years, Seed = seed, Start = first });
        var last = market.Calendar[days - 1];
        var builder = new PanelBuilder();
        foreach (var s in market.Stocks)
        {
            builder.AddStock(s);
        }

        builder.AddRange(market.Bars.Where(b => b.Date <= last));
        builder.AddIndex(market.IndexBars.Where(b => b.Date <= last));
        var panel = builder.Build(isSynthetic: true,
            description: $"synthetic KRX-like market (seed {seed}, {stocks} stocks, {days} trading days from {first:yyyy-MM-dd}); not real data");
        return WithAdjustedClose(panel);
    }

    /// <summary>
    /// Fills AdjClose of a raw synthetic panel with the split-consistent back-adjusted close derived from the reported
    /// change ratio, exactly as the database loader does for raw sources (<see cref="PriceAdjuster"/>). Returns the panel.
    /// </summary>
    public static Kosmo.Core.Panel WithAdjustedClose(Kosmo.Core.Panel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var adjuster = new PriceAdjuster();
        for (var i = 0; i < panel.CodeCount; i++)
        {
            var close = panel.Series(PanelField.Close, i).ToArray().Select(v => (double)v).ToArray();
            var change = panel.Series(PanelField.ChangeRatio, i).ToArray().Select(v => (double)v).ToArray();
            var adjusted = adjuster.BackAdjust(close, change);
            var target = panel.Series(PanelField.AdjClose, i);
            for (var t = 0; t < adjusted.Length; t++)
            {
                target[t] = (float)adjusted[t];
            }
        }

        return panel;
    }
}
