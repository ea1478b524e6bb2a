namespace Kosmo.Reports.Run;

/// <summary>One equity curve from equity.csv. dates, values: (T), dates strictly ascending.</summary>
internal sealed record EquitySeries(string Name, DateOnly[] Dates, double[] Values, bool IsBenchmark);
