using Kosmo.Core;
using Kosmo.Data.Adjustment;

namespace Kosmo.Data.Panel;

/// <summary>
/// Dates on which a raw-price source must be missing the previous trading day: more than 20 % (of at least 20) of its
/// consecutive rows disagree with their reported change there, so the panel derives no corporate action on those dates.
/// </summary>
internal static class SuspectDates
{
    private const int MinRows = 20;
    private const double Share = 0.2;

    /// <summary>Flags per calendar index (length <c>calendar.Length</c>); the flagged dates are added to <paramref name="report"/>'s <c>SuspectGapDates</c>.</summary>
    /// <param name="scan">The source's buffered rows, code by code.</param>
    /// <param name="buffer">The buffered rows.</param>
    /// <param name="dayToT">Calendar index of each day number (offset by <see cref="BarReader.MinDay"/>; -1 off the calendar).</param>
    /// <param name="calendar">The panel's dates.</param>
    /// <param name="adjuster">The split rule (<see cref="PriceAdjuster.LinkRatio"/>).</param>
    /// <param name="report">The load report.</param>
    public static bool[] Find(SourceScan scan, BarBuffer buffer, int[] dayToT, DateOnly[] calendar, PriceAdjuster adjuster, PanelLoadReport report)
    {
        var dateCount = calendar.Length;
        var checkedRows = new int[dateCount];
        var mismatches = new int[dateCount];
        int TOf(int row) => dayToT[buffer[row >> BarBuffer.Shift].Day[row & BarBuffer.Mask] - BarReader.MinDay];
        double Value(int row, PanelField field) => buffer[row >> BarBuffer.Shift].Get(field, row & BarBuffer.Mask);
        foreach (var (_, start, count) in scan.Ranges)
        {
            for (var r = start + 1; r < start + count; r++)
            {
                var t0 = TOf(r - 1);
                var t1 = TOf(r);
                if (t0 < 0 || !PanelAssembler.Adjacent(calendar, t0, t1) || !(Value(r, PanelField.Volume) > 0))
                {
                    continue;
                }

                var link = adjuster.LinkRatio(Value(r - 1, PanelField.Close), Value(r, PanelField.Close), Value(r, PanelField.ChangeRatio), out var action);
                if (double.IsNaN(link))
                {
                    continue;
                }

                checkedRows[t1]++;
                mismatches[t1] += action ? 1 : 0;
            }
        }

        var suspect = new bool[dateCount];
        var days = new List<int>();
        for (var t = 0; t < dateCount; t++)
        {
            suspect[t] = checkedRows[t] >= MinRows && mismatches[t] > Share * checkedRows[t];
            if (suspect[t])
            {
                days.Add(t);
            }
        }

        report.SuspectGapDates.AddRange(days.Select(t => calendar[t]));
        return suspect;
    }
}
