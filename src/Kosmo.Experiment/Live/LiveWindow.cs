using Kosmo.Core;

namespace Kosmo.Experiment.Live;

/// <summary>
/// The data window of one prediction. <see cref="Panel"/> holds every code over the market's window (the last
/// <see cref="LiveData.HistoryDays"/> + L trading days): the universe, labels, statics and most features use it. A stock
/// halted for a long time has fewer of its own traded days in that window than its features read; <see cref="Longer"/>
/// then reaches back to the earliest such stock's own (<see cref="LiveData.HistoryDays"/> + L)-th last traded day and
/// ends on the same date, and the per-stock features of <see cref="LongerCodes"/> (the stocks that need it) and the
/// market columns (which read every stock's history, e.g. breadth) are computed on it, so they equal those of a window
/// that reaches back that far for every stock while the other stocks' features cost only the short window.
/// </summary>
/// <param name="Panel">The market's window: every code, the dates the models and the universe rules read.</param>
/// <param name="Longer">The longer panel (its last dates are <see cref="Panel"/>'s), or null when no stock needs it.</param>
/// <param name="LongerCodes">Codes whose per-stock features come from <see cref="Longer"/>.</param>
internal sealed record LiveWindow(Panel Panel, Panel? Longer, IReadOnlyList<string> LongerCodes)
{
    /// <summary>The longer history as the feature builder takes it: the longer panel and the stocks it serves (indices in <see cref="Panel"/>).</summary>
    public SparseFeatureBuilder.LongerHistory? History => Longer is null ? null
        : new SparseFeatureBuilder.LongerHistory(Longer, LongerCodes.Select(Panel.IndexOfCode).Where(i => i >= 0).ToHashSet());

    /// <summary>
    /// The dates from <paramref name="from"/> on of <paramref name="panel"/>: every field, flag, dated market and index
    /// series copied as is; codes without any bar in the slice are dropped (as a load of that range would), a code's
    /// first date moves to the slice's first date with a bar.
    /// </summary>
    /// <param name="panel">The longer panel.</param>
    /// <param name="from">The first date index kept.</param>
    public static Panel Slice(Panel panel, int from)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, panel.DateCount - 1);
        var T = panel.DateCount;
        var D = T - from;
        var close = panel.Field(PanelField.Close);
        var kept = new List<int>();
        var infos = new List<StockInfo>();
        for (var i = 0; i < panel.CodeCount; i++)
        {
            var first = -1;
            for (var t = from; t < T && first < 0; t++)
            {
                first = float.IsFinite(close[(i * T) + t]) || panel.Flags[(i * T) + t] != BarFlags.None ? t : -1;
            }

            if (first >= 0)
            {
                kept.Add(i);
                var info = panel.Stocks[i];
                infos.Add(info.FirstDate is { } f && f >= panel.Dates[first] ? info : info with { FirstDate = panel.Dates[first] });
            }
        }

        var slice = new Panel(panel.Dates[from..], infos) { IsSynthetic = panel.IsSynthetic, Description = panel.Description };
        var markets = new Market[D];
        for (var j = 0; j < kept.Count; j++)
        {
            var i = kept[j];
            foreach (var field in Enum.GetValues<PanelField>())
            {
                panel.Series(field, i)[from..].CopyTo(slice.Series(field, j));
            }

            panel.FlagSeries(i)[from..].CopyTo(slice.FlagSeries(j));
            if (panel.MarketHistory(i).Count > 0)
            {
                for (var t = 0; t < D; t++)
                {
                    markets[t] = panel.MarketAt(i, from + t);
                }

                slice.SetMarkets(j, markets);
            }
        }

        foreach (var (name, index) in panel.Indices)
        {
            slice.Indices[name] = new IndexSeries(index.Name, index.Close[from..], index.Amount[from..], index.MarketCap[from..]);
        }

        return slice;
    }
}
