namespace Kosmo.Experiment;

/// <summary>How <c>kosmo run</c> was asked to run.</summary>
/// <param name="Resume">Reuse every finished (model, fold) cell in the run folder.</param>
/// <param name="OnlyFold">Compute only this fold's cells (scatter mode) and stop before evaluation.</param>
/// <param name="PlanOnly">Prepare the data, write and print the cell plan, then stop.</param>
/// <param name="TrainOnly">Stop after training (<c>kosmo train</c>): write predictions.csv, labels.csv, training logs and
/// interpretation, but no evaluation, backtest or report.</param>
/// <param name="Overwrite">Run afresh into a folder that is not empty (<c>--overwrite</c>): its trials and metrics are replaced.</param>
/// <param name="OnlyCells">Compute only these cells of the plan (e.g. <c>3</c>, <c>0,5</c>, <c>2-9</c>; scatter mode) and stop before evaluation.</param>
/// <param name="Gather">Compute no cell: evaluate, backtest and report from finished cells, and refuse (naming them) while any is missing.</param>
internal sealed record RunOptions(bool Resume, int? OnlyFold, bool PlanOnly, bool TrainOnly = false, bool Overwrite = false, string? OnlyCells = null, bool Gather = false)
{
    /// <summary>Whether this invocation computes only part of the cells (no gather steps).</summary>
    public bool Scatter => OnlyFold is not null || OnlyCells is not null;
}
