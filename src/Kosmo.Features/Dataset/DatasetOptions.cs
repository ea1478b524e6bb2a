namespace Kosmo.Features.Dataset;

/// <summary>Parameters of <see cref="WindowDataset"/>.</summary>
/// <param name="Lookback">L: days per window, ending at the sample date t inclusive.</param>
/// <param name="BatchSize">B: samples per batch (the last batch of an epoch may be shorter).</param>
/// <param name="MaxMissingFraction">A sample whose window has more than this share of NaN values is skipped.</param>
/// <param name="MissingMask">Also fill a (B, L, K) mask: 1 where the value was NaN (and was replaced by 0).</param>
/// <param name="Shuffle">Shuffle the samples each epoch (by seed and epoch); false keeps their given order.</param>
/// <param name="Seed">Shuffle seed.</param>
/// <param name="RequireLabels">Drop samples without a label (training and evaluation); false keeps them with label −1
/// (prediction on the latest dates, whose label window has not happened yet).</param>
public sealed record DatasetOptions(int Lookback = 60, int BatchSize = 256, double MaxMissingFraction = 0.5, bool MissingMask = false, bool Shuffle = true, int Seed = 0, bool RequireLabels = true);
