namespace Kosmo.Models.Meta;

/// <summary>What <see cref="MetaLearner.Train"/> observed.</summary>
/// <param name="QueryLoss">Per outer step: mean query loss (cross-entropy + auxiliary) of the meta-batch after adaptation.</param>
/// <param name="TasksSeen">Task draws in total (outer steps × tasks per step).</param>
public sealed record MetaTrainingReport(IReadOnlyList<double> QueryLoss, int TasksSeen);
