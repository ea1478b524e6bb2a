using Kosmo.Core.IO;
using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Data.Universe;
using Kosmo.Features;
using Kosmo.Features.Labels;
using Kosmo.Features.Normalization;
using Kosmo.Features.Regimes;
using Kosmo.Features.Splits;
using Kosmo.Features.Statics;
using Kosmo.Models.RunFolder;

namespace Kosmo.Experiment;

/// <summary>
/// What one experiment run has computed so far. Each step fills its part; nothing reaches back up the chain.
/// Arrays follow the panel's code-major layout (i * T + t).
/// </summary>
internal sealed class RunContext
{
    public RunContext(ExperimentConfig config, string outDir, int trialIndex)
    {
        Config = config;
        OutDir = outDir;
        TrialIndex = trialIndex;
    }

    public ExperimentConfig Config { get; }

    /// <summary>The run folder (RUN/).</summary>
    public string OutDir { get; }

    /// <summary>Index of the sweep trial this context belongs to (0 without a sweep).</summary>
    public int TrialIndex { get; }

    public Panel Panel { get; set; } = null!;

    public UniverseResult Universe { get; set; } = null!;

    public bool[] UniverseMask { get; set; } = [];

    public FeatureCube Cube { get; set; } = null!;

    public LabelSet Labels { get; set; } = null!;

    /// <summary>Sample weights per cell (uniqueness, attribution or 1), mean 1 over labelled cells.</summary>
    public float[] Weights { get; set; } = [];

    public StaticAttributes Statics { get; set; } = null!;

    /// <summary>Labelled samples that are universe members at their date, sorted by date then code.</summary>
    public LabeledSamples Samples { get; set; } = null!;

    public IReadOnlyList<Split> Splits { get; set; } = [];

    /// <summary>The CPCV groups, splits and backtest paths (null unless split.scheme is cpcv).</summary>
    public CpcvResult? Cpcv { get; set; }

    /// <summary>Per-fold market columns for purged_kfold and cpcv (null for walk_forward, whose one fit precedes every test period).</summary>
    public FoldFeatures? FoldFeatures { get; set; }

    /// <summary>The market-column z-scoring fitted on fold 0's training window (null without market columns); reused by the out-of-time panel.</summary>
    public MarketScaling? MarketScaler { get; set; }

    /// <summary>The regime model fitted on fold 0's training window (null unless features.regimes); reused by the out-of-time panel.</summary>
    public RegimeModel? RegimeModel { get; set; }

    /// <summary>Test-fold predictions by model name (all folds, sorted by date and code).</summary>
    public Dictionary<string, List<PredictionRecord>> Predictions { get; } = new(StringComparer.Ordinal);

    /// <summary>Wall seconds per step, for RUN/timing.json (kept out of metrics.json so it stays byte-identical).</summary>
    public Dictionary<string, double> StepSeconds { get; } = new(StringComparer.Ordinal);

    /// <summary>Wall time and memory per step and per (model, fold) cell, in order, for RUN/timing.json.</summary>
    public List<MemoryReading> Memory { get; } = [];

    /// <summary>Facts about the data for the metrics.json "data" section.</summary>
    public Dictionary<string, object?> DataFacts { get; } = new(StringComparer.Ordinal);

    /// <summary>The folder of one sweep trial's per-fold outputs.</summary>
    public string TrialDir => RunLayout.Trial(OutDir, TrialIndex);
}
