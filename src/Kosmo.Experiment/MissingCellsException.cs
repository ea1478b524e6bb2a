using Kosmo.Experiment.Cells;

namespace Kosmo.Experiment;

/// <summary>A gather step found cells without their <c>done</c> marker: it evaluates nothing and names them.</summary>
internal sealed class MissingCellsException(IReadOnlyList<PlannedCell> missing)
    : Exception($"{missing.Count} cell(s) have not finished, so nothing was evaluated: {Describe(missing)}. Compute them (kosmo run --only-cell I, or submit again with --executor slurm), then gather with --resume.")
{
    /// <summary>The unfinished cells.</summary>
    public IReadOnlyList<PlannedCell> Missing { get; } = missing;

    private static string Describe(IReadOnlyList<PlannedCell> missing) =>
        string.Join(", ", missing.Take(20).Select(c => $"cell {c.Index} ({c.Model} fold {c.Fold})")) + (missing.Count > 20 ? $", … ({missing.Count - 20} more)" : "");
}
