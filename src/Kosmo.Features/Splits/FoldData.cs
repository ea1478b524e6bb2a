namespace Kosmo.Features.Splits;

/// <summary>
/// One fold as indices into the run's <see cref="LabeledSamples"/>: training (purged, possibly subsampled),
/// validation (the latest part of the training period, purged from training; for early stopping) and test.
/// </summary>
/// <param name="Index">The fold's position among the run's splits.</param>
/// <param name="Name">The split's name (<see cref="Split.Name"/>).</param>
/// <param name="Train">Training samples, ascending.</param>
/// <param name="Validation">Validation samples, ascending (empty when none is cut).</param>
/// <param name="Test">Test samples: the split's, unchanged.</param>
/// <param name="Seed">The seed the fold's draws and its training use.</param>
public sealed record FoldData(int Index, string Name, int[] Train, int[] Validation, int[] Test, int Seed);
