namespace Kosmo.Models.Evaluation;

/// <summary>
/// Model A minus model B on the (date, code) rows both predicted and that have a label: differences of macro F1,
/// log loss and mean rank IC, each with a date-block bootstrap percentile interval (both models resampled with the
/// same dates) and a two-sided bootstrap p-value p = min(1, 2 (1 + min(#{d* ≤ 0}, #{d* ≥ 0})) / (R + 1)).
/// Positive macro F1 and rank IC differences favour A; a negative log loss difference favours A.
/// </summary>
public sealed record PairedComparison
{
    /// <summary>Model A (the reference model).</summary>
    public required string Model { get; init; }

    /// <summary>Model B (the baseline).</summary>
    public required string Baseline { get; init; }

    /// <summary>Rows common to both.</summary>
    public required int NCommon { get; init; }

    /// <summary>Dates of the common rows.</summary>
    public required int NDates { get; init; }

    /// <summary>One difference A − B per metric: "macro_f1", "log_loss", "rank_ic".</summary>
    public required IReadOnlyDictionary<string, MetricDifference> Differences { get; init; }
}
