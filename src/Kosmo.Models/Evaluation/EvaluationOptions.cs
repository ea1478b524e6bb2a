namespace Kosmo.Models.Evaluation;

/// <summary>Settings of <see cref="Evaluator"/>.</summary>
/// <param name="BlockLength">Dates per bootstrap block (default 20 trading days, about a month).</param>
/// <param name="Replicates">Bootstrap resamples (default 1000).</param>
/// <param name="Seed">Bootstrap seed (default 20240101).</param>
/// <param name="CalibrationBins">Equal-width reliability bins (default 10).</param>
/// <param name="Level">Confidence level of the intervals (default 0.95).</param>
public sealed record EvaluationOptions(int BlockLength = 20, int Replicates = 1000, ulong Seed = 20240101,
    int CalibrationBins = 10, double Level = 0.95)
{
    /// <summary>The defaults.</summary>
    public static EvaluationOptions Default { get; } = new();
}
