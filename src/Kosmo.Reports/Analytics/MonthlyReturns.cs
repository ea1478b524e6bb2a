namespace Kosmo.Reports.Analytics;

/// <summary>
/// Calendar-month and calendar-year returns of a daily equity curve. A month's return is its last equity over the
/// previous month's last equity − 1; the first month is measured from the first equity value of the series.
/// </summary>
internal static class MonthlyReturns
{
    /// <summary>dates, equity: (T), dates ascending. Returns one entry per calendar month that has data.</summary>
    public static IReadOnlyList<(int Year, int Month, double Return)> Compute(IReadOnlyList<DateOnly> dates, IReadOnlyList<double> equity) =>
        Periodic(dates, equity, d => (d.Year, d.Month)).Select(p => (p.Key.Year, p.Key.Month, p.Return)).ToList();

    /// <summary>dates, equity: (T). One entry per calendar year with data (first year from the first value).</summary>
    public static IReadOnlyList<(int Year, double Return)> Yearly(IReadOnlyList<DateOnly> dates, IReadOnlyList<double> equity) =>
        Periodic(dates, equity, d => (d.Year, 0)).Select(p => (p.Key.Year, p.Return)).ToList();

    private static List<((int Year, int Month) Key, double Return)> Periodic(
        IReadOnlyList<DateOnly> dates, IReadOnlyList<double> equity, Func<DateOnly, (int, int)> key)
    {
        var result = new List<((int, int), double)>();
        if (dates.Count == 0 || dates.Count != equity.Count)
        {
            return result;
        }

        var start = equity[0];
        var currentKey = key(dates[0]);
        var last = equity[0];
        for (var i = 1; i < dates.Count; i++)
        {
            var k = key(dates[i]);
            if (k != currentKey)
            {
                result.Add((currentKey, Ratio(last, start)));
                start = last;
                currentKey = k;
            }

            last = equity[i];
        }

        result.Add((currentKey, Ratio(last, start)));
        return result;
    }

    private static double Ratio(double end, double start) => start > 0 && double.IsFinite(end) ? end / start - 1 : double.NaN;
}
