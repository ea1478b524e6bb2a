using Kosmo.Core;

namespace Kosmo.Features.Labels;

/// <summary>
/// The shared entry/exit rule of every label method. For a cell (i, t) and horizon h:
/// no label when the stock has no close at t or no day after t (NotListed), does not trade on t+1
/// (HaltedAtEntry), or opens t+1 at the upper price limit (UpperLimitAtEntry: the UpperLimit flag with
/// open ≥ high, or a raw open within 0.5% of prevClose × (1 + limit), limit 30% from 2015-06-15, 15% before
/// and on KONEX). The window is (t, t+h]; when t+h is past the panel's end and the stock is still listed
/// there, WindowIncomplete. When the stock's series ends inside the window it delisted: the window is cut at
/// its last close (LabeledDelisted). The exit is the last trading day's close in the window; halts inside the
/// window carry the position (LabeledHaltedAtExit when the window's last day itself is a halt).
/// </summary>
internal static class LabelEntry
{

    /// <summary>Opens a window. Returns false with the reason, or true with entry = t+1, end = last index of the window, status Labeled or LabeledDelisted.</summary>
    public static bool TryOpen(PriceView view, int i, int t, int horizon, out int end, out LabelStatus status)
    {
        var T = view.T;
        var k = i * T + t;
        end = -1;
        var last = view.LastIndex[i];
        if (!double.IsFinite(view.Close[k]) || t >= last)
        {
            status = t >= T - 1 && t <= last ? LabelStatus.WindowIncomplete : LabelStatus.NotListed;
            return false;
        }

        if (!view.Trading[k + 1] || !double.IsFinite(view.Open[k + 1]))
        {
            status = LabelStatus.HaltedAtEntry;
            return false;
        }

        if (OpensAtUpperLimit(view.Panel, i, t))
        {
            status = LabelStatus.UpperLimitAtEntry;
            return false;
        }

        var planned = t + horizon;
        if (planned > T - 1 && last >= T - 1)
        {
            status = LabelStatus.WindowIncomplete;
            return false;
        }

        if (last < planned)
        {
            end = last;
            status = LabelStatus.LabeledDelisted;
        }
        else
        {
            end = planned;
            status = LabelStatus.Labeled;
        }

        return true;
    }

    /// <summary>The last trading day in [t+1, end] (t+1 always trades once TryOpen succeeded), and the status updated for a halt on the window's last day.</summary>
    public static int ExitIndex(PriceView view, int i, int t, int end, ref LabelStatus status)
    {
        var T = view.T;
        var exit = end;
        while (exit > t + 1 && !(view.Trading[i * T + exit] && double.IsFinite(view.Close[i * T + exit])))
        {
            exit--;
        }

        if (exit < end && status == LabelStatus.Labeled)
        {
            status = LabelStatus.LabeledHaltedAtExit;
        }

        return exit;
    }

    /// <summary>True when the stock opens t+1 at its upper daily limit (raw prices).</summary>
    public static bool OpensAtUpperLimit(Panel panel, int i, int t)
    {
        var open = panel.Get(PanelField.Open, i, t + 1);
        var high = panel.Get(PanelField.High, i, t + 1);
        var flags = panel.Flags[i * panel.DateCount + t + 1];
        if ((flags & BarFlags.UpperLimit) != 0 && open >= high)
        {
            return true;
        }

        var prevClose = panel.Get(PanelField.Close, i, t);
        var limit = PriceLimit.Fraction(panel.MarketAt(i, t + 1), panel.Dates[t + 1]);
        return open >= prevClose * (1.0 + limit) * 0.995;
    }
}
