namespace Kosmo.Models.Evaluation;

/// <summary>
/// Every test-fold metric of one model (see docs/notes/evaluation.md for the formulas). Undefined values are NaN
/// (written as null in metrics.json). Intervals are percentile intervals of the date-block bootstrap.
/// </summary>
public sealed record ModelEvaluation
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Labelled test rows n.</summary>
    public required int NTest { get; init; }

    /// <summary>Predictions without a label (ignored).</summary>
    public required int NUnlabelled { get; init; }

    /// <summary>Distinct test dates D.</summary>
    public required int NDates { get; init; }

    /// <summary>Dates with a defined IC (at least 3 rows, neither side constant).</summary>
    public required int NIcDates { get; init; }

    /// <summary>Confusion matrix (rows true, columns predicted).</summary>
    public required ConfusionMatrix Confusion { get; init; }

    /// <summary>Fraction of rows whose argmax class equals the label.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Mean recall over the classes present.</summary>
    public required double BalancedAccuracy { get; init; }

    /// <summary>Mean F1 over the three classes.</summary>
    public required double MacroF1 { get; init; }

    /// <summary>Mean −log max(p_y, 1e-15) with rows normalised to sum 1.</summary>
    public required double LogLoss { get; init; }

    /// <summary>Multi-class Brier score: mean over rows of Σ_k (p_k − 1[y = k])², in [0, 2].</summary>
    public required double Brier { get; init; }

    /// <summary>Mean daily Pearson IC of P(up) − P(down) against the forward return.</summary>
    public required double Ic { get; init; }

    /// <summary>Mean daily Spearman rank IC.</summary>
    public required double RankIc { get; init; }

    /// <summary>Mean daily IC / sample standard deviation (ddof 1) of daily IC; not annualised.</summary>
    public required double Icir { get; init; }

    /// <summary>Bootstrap interval of <see cref="MacroF1"/>.</summary>
    public required (double Low, double High) MacroF1Ci { get; init; }

    /// <summary>Bootstrap interval of <see cref="Accuracy"/>.</summary>
    public required (double Low, double High) AccuracyCi { get; init; }

    /// <summary>Bootstrap interval of <see cref="LogLoss"/>.</summary>
    public required (double Low, double High) LogLossCi { get; init; }

    /// <summary>Bootstrap interval of <see cref="RankIc"/>.</summary>
    public required (double Low, double High) RankIcCi { get; init; }

    /// <summary>Daily IC per date of <see cref="Dates"/> (NaN where undefined).</summary>
    public required double[] DailyIc { get; init; }

    /// <summary>Daily rank IC per date of <see cref="Dates"/> (NaN where undefined).</summary>
    public required double[] DailyRankIc { get; init; }

    /// <summary>The test dates, length D.</summary>
    public required DateOnly[] Dates { get; init; }

    /// <summary>Reliability curve of P(up) against the event "label is up".</summary>
    public required CalibrationBin[] CalibrationUp { get; init; }

    /// <summary>Reliability curve of the predicted class's probability against "the prediction is right".</summary>
    public required CalibrationBin[] CalibrationPredicted { get; init; }

    /// <summary>The options used.</summary>
    public required EvaluationOptions Options { get; init; }
}
