namespace Kosmo.Features.Technical;

/// <summary>
/// <c>years_listed</c>: calendar years since the stock's first bar in the panel, (date − first date)/365.25,
/// on every day from the first bar on (halted days included). The first bar is the first day with a finite
/// positive close; a stock listed before the panel starts is therefore counted from the panel's first date.
/// </summary>
public sealed class ListingAgeFeature : IStockFeature
{
    /// <summary>Creates the feature.</summary>
    public ListingAgeFeature() => Names = ["years_listed"];

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
        for (var t = series.FirstBar; t < series.Length; t++)
        {
            output[t] = (float)((dates[t].DayNumber - first) / 365.25);
        }
    }
}
