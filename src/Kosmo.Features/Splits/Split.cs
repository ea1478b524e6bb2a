namespace Kosmo.Features.Splits;

/// <summary>
/// One train/test split of a <see cref="LabeledSamples"/>: sample indices (ascending) and the test blocks
/// as closed date-index ranges of sample start dates.
/// </summary>
/// <param name="Name">E.g. "walk_forward 2021", "kfold 3/5", "cpcv {0,3}".</param>
/// <param name="Train">Training sample indices after purging and embargo.</param>
/// <param name="Test">Test sample indices.</param>
/// <param name="TestBlocks">Contiguous test blocks: (first, last) date index of the test samples' starts.</param>
/// <param name="Purged">Training candidates removed because their label window overlapped a test period.</param>
/// <param name="Embargoed">Training candidates removed by the embargo after a test period.</param>
public sealed record Split(string Name, int[] Train, int[] Test, (int First, int Last)[] TestBlocks, int Purged, int Embargoed);
