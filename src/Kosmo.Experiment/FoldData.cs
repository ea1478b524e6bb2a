namespace Kosmo.Experiment;

/// <summary>
/// One walk-forward fold as indices into <see cref="RunContext.Samples"/>: training (purged, possibly subsampled),
/// validation (the latest part of the training period, purged from training; for early stopping) and test.
/// </summary>
internal sealed record FoldData(int Index, string Name, int[] Train, int[] Validation, int[] Test, int Seed);
