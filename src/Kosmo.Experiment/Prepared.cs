using System.Collections.ObjectModel;
using Kosmo.Core;
using Kosmo.Data.Universe;
using Kosmo.Experiment.Config;
using Kosmo.Features;
using Kosmo.Features.Labels;
using Kosmo.Features.Regimes;
using Kosmo.Features.Splits;
using Kosmo.Features.Statics;

namespace Kosmo.Experiment;

/// <summary>
/// The result of the prepare stage (<see cref="PrepareStep"/>): universe, causal features, labels, sample weights,
/// samples and splits of one panel under one config, handed on to the cells, the evaluation, the CPCV paths, the
/// meta-labeling, the out-of-time step and the live prediction. Nothing is set after the stage ends: every property is
/// init-only, <see cref="Splits"/> and <see cref="DataFacts"/> are read-only collections (copied when the record is
/// built). The large per-cell arrays (<see cref="UniverseMask"/>, <see cref="Weights"/>, the cube's and labels' own
/// arrays) are shared, not copied, and no consumer writes them; the one exception is the cube's market columns,
/// which <see cref="FoldFeatures"/> rewrites per fold under purged_kfold and cpcv (see there).
/// Arrays follow the panel's code-major layout (i * T + t).
/// </summary>
internal sealed record Prepared
{
    /// <summary>The config the panel was prepared under.</summary>
    public required ExperimentConfig Config { get; init; }

    public required Panel Panel { get; init; }

    /// <summary>Universe membership and exclusion reasons per date (null only for a shape-only record, see ExportSource).</summary>
    public UniverseResult Universe { get; init; } = null!;

    /// <summary>Universe membership per cell (N × T).</summary>
    public bool[] UniverseMask { get; init; } = [];

    public required FeatureCube Cube { get; init; }

    public required LabelSet Labels { get; init; }

    /// <summary>Sample weights per cell (uniqueness, attribution or 1), mean 1 over labelled cells; empty where no model is trained (live).</summary>
    public float[] Weights { get; init; } = [];

    public required StaticAttributes Statics { get; init; }

    /// <summary>Labelled samples that are universe members at their date, sorted by date then code (null for live and shape-only records).</summary>
    public LabeledSamples Samples { get; init; } = null!;

    /// <summary>The folds' splits (walk-forward, purged k-fold or the CPCV splits); empty outside a run.</summary>
    public IReadOnlyList<Split> Splits
    {
        get;
        init => field = new ReadOnlyCollection<Split>([.. value]);
    } = ReadOnlyCollection<Split>.Empty;

    /// <summary>The CPCV groups, splits and backtest paths (null unless split.scheme is cpcv).</summary>
    public CpcvResult? Cpcv { get; init; }

    /// <summary>Per-fold market columns for purged_kfold and cpcv (null for walk_forward, whose one fit precedes every test period).</summary>
    public FoldFeatures? FoldFeatures { get; init; }

    /// <summary>The market-column z-scoring fitted on fold 0's training window (null without market columns or under cross-validation); reused by the out-of-time panel and saved for live prediction.</summary>
    public MarketScaling? MarketScaler { get; init; }

    /// <summary>The regime model fitted on fold 0's training window (null unless features.regimes); reused by the out-of-time panel.</summary>
    public RegimeModel? RegimeModel { get; init; }

    /// <summary>Facts about the data for the metrics.json "data" section.</summary>
    public IReadOnlyDictionary<string, object?> DataFacts
    {
        get;
        init => field = new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>(value, StringComparer.Ordinal));
    } = ReadOnlyDictionary<string, object?>.Empty;
}
