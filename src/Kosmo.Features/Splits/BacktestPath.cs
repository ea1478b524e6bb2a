namespace Kosmo.Features.Splits;

/// <summary>One CPCV backtest path: for each group g, the split whose test predictions cover g on this path.</summary>
/// <param name="Index">Path number 0..φ-1.</param>
/// <param name="SplitOfGroup">Split index per group (length N).</param>
public sealed record BacktestPath(int Index, int[] SplitOfGroup);
