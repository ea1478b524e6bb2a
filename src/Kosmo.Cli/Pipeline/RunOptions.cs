namespace Kosmo.Cli.Pipeline;

/// <summary>How <c>kosmo run</c> was asked to run.</summary>
/// <param name="Resume">Reuse every finished (model, fold) cell in the run folder.</param>
/// <param name="OnlyFold">Compute only this fold's cells (scatter mode) and stop before evaluation.</param>
/// <param name="PlanOnly">Prepare the data and print the fold count and models, then stop.</param>
/// <param name="TrainOnly">Stop after training (<c>kosmo train</c>): write predictions.csv, labels.csv, training logs and
/// interpretation, but no evaluation, backtest or report.</param>
/// <param name="Overwrite">Run afresh into a folder that is not empty (<c>--overwrite</c>): its trials and metrics are replaced.</param>
internal sealed record RunOptions(bool Resume, int? OnlyFold, bool PlanOnly, bool TrainOnly = false, bool Overwrite = false);
