namespace Kosmo.Experiment.Cells;

/// <summary>One unit of work of a run: a model trained and predicted on one fold.</summary>
/// <param name="Index">Stable 0-based index in the plan (fold-major, then the run's model order).</param>
/// <param name="Model">Model name in predictions.csv and metrics.json (the main model carries its trial suffix in a sweep).</param>
/// <param name="Trial">Sweep trial of the main model; null for a baseline (shared by every trial).</param>
/// <param name="Fold">0-based fold index.</param>
/// <param name="FoldName">The fold's name (its test period).</param>
/// <param name="Dir">The cell folder, relative to the run folder.</param>
/// <param name="Samples">The fold's training, validation and test sample counts for this model (null in plans written before they were recorded).</param>
internal sealed record PlannedCell(int Index, string Model, int? Trial, int Fold, string FoldName, string Dir, CellSamples? Samples = null);

/// <summary>Sample counts of a cell: training (after the max_train_samples draw), validation and test samples.</summary>
internal sealed record CellSamples(int Train, int Validation, int Test);
