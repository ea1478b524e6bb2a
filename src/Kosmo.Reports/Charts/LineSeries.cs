namespace Kosmo.Reports.Charts;

/// <summary>One line of a chart: points (x, y) in data units; x is a day number for time axes. Muted = thin, semi-transparent (benchmarks).</summary>
internal sealed record LineSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false, bool Fill = false, bool Markers = false, bool Muted = false);
