namespace Kosmo.Features.Normalization;

/// <summary>An inclusive date range [First, Last], e.g. the training window a processor is fitted on.</summary>
/// <param name="First">First date (inclusive).</param>
/// <param name="Last">Last date (inclusive).</param>
public readonly record struct DateWindow(DateOnly First, DateOnly Last)
{
    /// <summary>True when <paramref name="date"/> lies in the window.</summary>
    public bool Contains(DateOnly date) => date >= First && date <= Last;
}
