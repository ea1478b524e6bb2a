namespace Kosmo.Backtest;

/// <summary>
/// One simulated (or benchmark) equity path on D dates. Arrays have length D and line up with <see cref="Dates"/>;
/// Equity is at the close, Costs (commission + tax + slippage, KRW) and Turnover (one-way traded value / equity)
/// are those of fills on that date. Benchmarks have zero costs and turnover and no trades.
/// </summary>
public sealed record BacktestResult
{
    /// <summary>Strategy or benchmark name.</summary>
    public required string Name { get; init; }

    /// <summary>Dates (D).</summary>
    public required DateOnly[] Dates { get; init; }

    /// <summary>Equity at the close in KRW (D).</summary>
    public required double[] Equity { get; init; }

    /// <summary>Costs in KRW paid on each date (D).</summary>
    public required double[] Costs { get; init; }

    /// <summary>One-way turnover per date: (bought + sold) / 2 / equity before the fills (D).</summary>
    public required double[] Turnover { get; init; }

    /// <summary>Positions held at the close (D).</summary>
    public required int[] Holdings { get; init; }

    /// <summary>All fills in date order.</summary>
    public required IReadOnlyList<Trade> Trades { get; init; }

    /// <summary>Starting cash in KRW.</summary>
    public required long InitialCash { get; init; }

    /// <summary>True for a benchmark (index, equal weight) rather than a simulated strategy.</summary>
    public bool IsBenchmark { get; init; }
}
