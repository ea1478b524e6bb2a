namespace Kosmo.Features.Labels;

/// <summary>Parameters of <see cref="TrendScanningLabeler"/>.</summary>
/// <param name="MinSpan">Shortest forward window L (≥ 3 days).</param>
/// <param name="MaxSpan">Longest forward window L (the label horizon).</param>
/// <param name="Mode">Class scheme.</param>
/// <param name="MinAbsT">|t| at or below which the 3-class scheme says flat (0: sign only).</param>
/// <param name="StrongT">|t| at or above which the 4-class scheme says up++ / down++.</param>
public sealed record TrendScanningOptions(
    int MinSpan = 5,
    int MaxSpan = 20,
    TrendScanningMode Mode = TrendScanningMode.Sign,
    double MinAbsT = 0.0,
    double StrongT = 2.0);
