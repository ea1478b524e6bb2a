namespace Kosmo.Models.Evaluation;

/// <summary>A difference A − B of one metric with its bootstrap interval and two-sided p-value.</summary>
/// <param name="Difference">The metric of A minus that of B on the common rows.</param>
/// <param name="Low">Lower end of the bootstrap percentile interval.</param>
/// <param name="High">Upper end.</param>
/// <param name="PValue">Two-sided bootstrap p-value for "no difference".</param>
public sealed record MetricDifference(double Difference, double Low, double High, double PValue);
