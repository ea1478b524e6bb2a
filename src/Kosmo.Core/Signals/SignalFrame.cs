namespace Kosmo.Core;

/// <summary>
/// All predictions of one model: the only thing the backtester sees. Rows are sorted by date, then code.
/// </summary>
public sealed class SignalFrame
{
    /// <summary>Creates a frame; rows are copied and sorted by (date, code).</summary>
    /// <param name="model">Name of the model that produced the signals.</param>
    /// <param name="rows">The predictions.</param>
    /// <exception cref="ArgumentException">A probability is not finite or outside [0, 1], or a (date, code) repeats.</exception>
    public SignalFrame(string model, IEnumerable<Signal> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Model = model;
        var list = rows.ToList();
        list.Sort(static (a, b) =>
        {
            var c = a.Date.CompareTo(b.Date);
            return c != 0 ? c : string.CompareOrdinal(a.Code, b.Code);
        });
        for (var k = 0; k < list.Count; k++)
        {
            var s = list[k];
            if (!IsProbability(s.PDown) || !IsProbability(s.PFlat) || !IsProbability(s.PUp))
            {
                throw new ArgumentException($"Signal {s.Date:yyyy-MM-dd} {s.Code} has a probability that is not in [0, 1].", nameof(rows));
            }

            if (k > 0 && list[k - 1].Date == s.Date && list[k - 1].Code == s.Code)
            {
                throw new ArgumentException($"Signal {s.Date:yyyy-MM-dd} {s.Code} appears twice.", nameof(rows));
            }
        }

        Rows = list;
    }

    /// <summary>Name of the model.</summary>
    public string Model { get; }

    /// <summary>Rows sorted by (date, code).</summary>
    public IReadOnlyList<Signal> Rows { get; }

    /// <summary>The distinct signal dates in order.</summary>
    public IEnumerable<DateOnly> Dates => Rows.Select(r => r.Date).Distinct();

    /// <summary>Rows grouped by date, in date order.</summary>
    public IEnumerable<IGrouping<DateOnly, Signal>> ByDate() => Rows.GroupBy(r => r.Date);

    private static bool IsProbability(float p) => float.IsFinite(p) && p >= -1e-6f && p <= 1 + 1e-6f;
}
