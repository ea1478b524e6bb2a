namespace Kosmo.Features.Pipeline;

/// <summary>Coverage and moments of one feature over a set of stock-days.</summary>
/// <param name="Name">Feature name.</param>
/// <param name="Year">Calendar year, or null for all years.</param>
/// <param name="Cells">Stock-days considered (days the stock had a bar: first bar .. last bar).</param>
/// <param name="Finite">Cells with a finite value.</param>
/// <param name="Mean">Mean of the finite values (NaN when none).</param>
/// <param name="Std">Population standard deviation of the finite values (NaN when none).</param>
public sealed record FeatureStats(string Name, int? Year, long Cells, long Finite, double Mean, double Std)
{
    /// <summary>Share of cells that are NaN (1 when there are no cells).</summary>
    public double NanShare => Cells == 0 ? 1 : 1 - (double)Finite / Cells;
}
