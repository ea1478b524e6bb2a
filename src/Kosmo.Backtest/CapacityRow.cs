using Kosmo.Backtest.Statistics;

namespace Kosmo.Backtest;

/// <summary>One line of capacity.csv: a strategy run with a given starting account.</summary>
public sealed record CapacityRow(long AccountKrw, string Strategy, PerformanceMetrics Metrics);
