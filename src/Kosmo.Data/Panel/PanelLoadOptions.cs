using Kosmo.Core;

namespace Kosmo.Data.Panel;

/// <summary>What <see cref="PanelLoader"/> loads: a date range and a market set.</summary>
public sealed record PanelLoadOptions
{
    /// <summary>First date to load (inclusive); null = from the first bar.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last date to load (inclusive); null = to the last bar.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Markets to load (from <c>stocks.market</c>; codes missing from <c>stocks</c> count as <see cref="Market.Unknown"/>).
    /// Default: all four values, so nothing is dropped.</summary>
    public IReadOnlySet<Market> Markets { get; init; } = new HashSet<Market> { Market.Kospi, Market.Kosdaq, Market.Konex, Market.Unknown };

    /// <summary>Relative close difference above which two overlapping sources are reported as a conflict (default 0.005 = 0.5%).</summary>
    public double ConflictTolerance { get; init; } = 0.005;

    /// <summary>Load the market index series (index_bars) into <see cref="Kosmo.Core.Panel.Indices"/> (default true).</summary>
    public bool LoadIndices { get; init; } = true;
}
