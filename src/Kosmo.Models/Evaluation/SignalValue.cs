namespace Kosmo.Models.Evaluation;

/// <summary>
/// What a model's score s = P(up) − P(down) is worth before costs (see <see cref="SignalValueEvaluator"/>).
/// NaN where undefined (written as null).
/// </summary>
public sealed record SignalValue
{
    /// <summary>The IC-decay horizons in trading days.</summary>
    public static IReadOnlyList<int> Horizons { get; } = [1, 5, 10, 20, 60];

    /// <summary>Mean daily gross long-short return: top-decile minus bottom-decile mean 1-day forward return.</summary>
    public required double LsDecileDailyMean { get; init; }

    /// <summary>Mean / sample standard deviation (ddof 1) of the daily long-short returns × √252.</summary>
    public required double LsDecileAnnSharpe { get; init; }

    /// <summary>Dates with a long-short return (at least 10 scored codes with a 1-day forward return).</summary>
    public required int LsDecileDates { get; init; }

    /// <summary>Mean daily rank IC of the score against the h-day forward return, per horizon of <see cref="Horizons"/>.</summary>
    public required IReadOnlyDictionary<int, double> IcDecay { get; init; }

    /// <summary>Mean over consecutive prediction dates of the Spearman correlation of the scores of codes present on both (≥ 3).</summary>
    public required double SignalAutocorr { get; init; }
}
