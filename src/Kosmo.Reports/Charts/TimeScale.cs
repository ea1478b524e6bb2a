namespace Kosmo.Reports.Charts;

/// <summary>Maps dates to pixels linearly by day number; ticks fall on the first day of years, quarters or months.</summary>
internal sealed class TimeScale
{
    private readonly LinearScale _inner;

    public TimeScale(DateOnly first, DateOnly last, double r0, double r1)
    {
        First = first;
        Last = last;
        _inner = new LinearScale(first.DayNumber, last.DayNumber, r0, r1);
    }

    public DateOnly First { get; }

    public DateOnly Last { get; }

    public double Map(DateOnly date) => _inner.Map(date.DayNumber);

    /// <summary>Year starts when the span is over ~2 years (every n-th year to keep ≤ 12; a start within 10 days after 1 January counts), else quarter or month starts.</summary>
    public IReadOnlyList<(DateOnly Date, string Label)> Ticks()
    {
        var days = Last.DayNumber - First.DayNumber;
        var ticks = new List<(DateOnly, string)>();
        if (days > 2 * 365)
        {
            var years = Last.Year - First.Year + 1;
            var every = Math.Max(1, (int)Math.Ceiling(years / 12.0));
            for (var y = First.Year; y <= Last.Year + 1; y++)
            {
                var d = new DateOnly(y, 1, 1);
                if (d < First && First.DayNumber - d.DayNumber <= 10)
                {
                    d = First; // a series starting on the first trading days of January still gets its year label
                }

                if (d >= First && d <= Last && (y % every == 0))
                {
                    ticks.Add((d, y.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            return ticks;
        }

        var stepMonths = days > 270 ? 3 : 1;
        var m = new DateOnly(First.Year, First.Month, 1);
        while (m <= Last)
        {
            if (m >= First && (m.Month - 1) % stepMonths == 0)
            {
                ticks.Add((m, m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)));
            }

            m = m.AddMonths(1);
        }

        return ticks;
    }
}
