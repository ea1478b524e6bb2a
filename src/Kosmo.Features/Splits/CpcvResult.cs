namespace Kosmo.Features.Splits;

/// <summary>The splits and backtest paths of combinatorial purged cross-validation.</summary>
/// <param name="Groups">The N date groups (first, last date index).</param>
/// <param name="TestGroups">For each split, its k test groups (ascending).</param>
/// <param name="Splits">The C(N, k) splits, in lexicographic order of their test groups.</param>
/// <param name="Paths">The φ = k/N · C(N, k) backtest paths.</param>
public sealed record CpcvResult((int First, int Last)[] Groups, int[][] TestGroups, IReadOnlyList<Split> Splits, IReadOnlyList<BacktestPath> Paths);
