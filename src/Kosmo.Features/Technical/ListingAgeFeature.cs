namespace Kosmo.Features.Technical;

/// <summary>
/// <c>years_listed</c>: calendar years since the stock's first bar in the panel, (date − first date)/365.25,
/// on every day from the first bar on (halted days included). The first bar is the first day with a finite
/// positive close; a stock listed before the panel starts is therefore counted from the panel's first date.
/// A short panel (a daily prediction's window) passes the first priced dates its longer parent panel would have seen
/// (<see cref="ListingAgeFeature(IReadOnlyDictionary{string, DateOnly})"/>), so the age is not capped at the window.
/// </summary>
public sealed class ListingAgeFeature : IStockFeature
{
    private readonly IReadOnlyDictionary<string, DateOnly>? _firstDates;

    /// <summary>Creates the feature.</summary>
    public ListingAgeFeature() => Names = ["years_listed"];

    /// <summary>Creates the feature with known first priced dates per code (earlier than the panel's first bar wins).</summary>
    /// <param name="firstDates">Code → first date with a positive close since the parent panel's start.</param>
    public ListingAgeFeature(IReadOnlyDictionary<string, DateOnly> firstDates)
        : this() => _firstDates = firstDates;

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        if (series.FirstBar < 0)
        {
            return;
        }

        var dates = series.Panel.Dates;
        var first = dates[series.FirstBar].DayNumber;
        if (_firstDates is not null && _firstDates.TryGetValue(series.Panel.Codes[series.CodeIndex], out var known))
        {
            first = Math.Min(first, known.DayNumber);
        }

        for (var t = series.FirstBar; t < series.Length; t++)
        {
            output[t] = (float)((dates[t].DayNumber - first) / 365.25);
        }
    }
}
