using Kosmo.Core;

namespace Kosmo.Features.MarketContext;

/// <summary>
/// A market-wide causal feature group: one value per date, the same for every stock, reading only panel data
/// (indices or the cross-section) at dates &lt;= t.
/// </summary>
public interface IMarketFeature
{
    /// <summary>Output column names (C).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Computes the columns into <paramref name="output"/>, column-major C × T, pre-filled with NaN.</summary>
    void Compute(Panel panel, Span<float> output);
}
