using Kosmo.Features.Labels;

namespace Kosmo.Experiment.Config;

/// <summary><c>labels:</c> the label method, horizon and sample weights.</summary>
internal sealed record LabelsConfig
{
    /// <summary>
    /// fixed_horizon, triple_barrier, trend_scanning or cs_tercile (per-date terciles of the universe's forward returns);
    /// the aliases fixed, triple and trend are read as those names (<see cref="LabelMethods"/>).
    /// </summary>
    public string Method { get; init; } = LabelMethods.FixedHorizon;
    /// <summary>absolute (the stock's forward return) or excess (minus the equal-weight universe's; fixed_horizon only).</summary>
    public string Target { get; init; } = "absolute";
    public int Horizon { get; init; } = LabelMethods.DefaultHorizon;
    /// <summary>Flat band half-width in units of daily volatility × √h (fixed horizon).</summary>
    public double ThresholdK { get; init; } = 0.5;
    public double ProfitTake { get; init; } = 2.0;
    public double StopLoss { get; init; } = 2.0;
    /// <summary>Sample weights: uniqueness, return_attribution or none.</summary>
    public string Weights { get; init; } = "uniqueness";
    /// <summary>Time-decay parameter c of AFML 4.5 (1 = no decay).</summary>
    public double TimeDecay { get; init; } = 1.0;
    /// <summary>
    /// Number of label classes K: 3 (down, flat, up) for every method; 4 (down++, down, up, up++ by the trend-scanning
    /// t-value, |t| ≥ 2 strong) for trend_scanning only. Every model then trains a K-way softmax.
    /// </summary>
    public int Classes { get; init; } = 3;
    /// <summary>Meta-labeling: a secondary model learns when to act on the primary's side (see Pipeline.MetaLabeling).</summary>
    public bool Meta { get; init; }
    /// <summary>The primary model of meta-labeling: the main model's name or one of the baselines.</summary>
    public string MetaPrimary { get; init; } = "momentum_12_1";

    /// <summary>The method settings of this section (a method, not a property, so that RUN/config.yaml stays as it is).</summary>
    public LabelMethodSettings ToSettings() => new(Classes == 4 && Method == LabelMethods.TrendScanning ? LabelMethods.TrendScanningFourClass : Method, Horizon, ThresholdK, ProfitTake, StopLoss);

    /// <summary>Reads <c>labels:</c>.</summary>
    /// <exception cref="UnsupportedConfigException">labels.target: excess with a method it cannot apply to.</exception>
    public static LabelsConfig Read(YamlSection s)
    {
        var config = ReadKeys(s);
        if (config.Target == "excess" && config.Method != "fixed_horizon")
        {
            var why = config.Method == "cs_tercile"
                ? "cs_tercile ranks the forward returns within each date, and subtracting the date's universe mean leaves the ranks (and labels) unchanged"
                : $"{config.Method} compares a price path with barriers or a trend, and the panel has no intraday path of the equal-weight universe to subtract";
            throw new UnsupportedConfigException(s.File, "labels.target", $"labels.target: excess applies to labels.method: fixed_horizon only ({why})");
        }

        if (config.Classes == 4 && config.Method != "trend_scanning")
        {
            throw new UnsupportedConfigException(s.File, "labels.classes",
                $"labels.classes: 4 needs labels.method: trend_scanning (the four slope classes down++, down, up, up++); {config.Method} labels have 3 classes");
        }

        return config;
    }

    private static LabelsConfig ReadKeys(YamlSection s) => new()
    {
        Method = LabelMethods.Canonical(s.String("method", LabelMethods.FixedHorizon, [.. LabelMethods.ExperimentNames, "fixed", "triple", "trend"]))!,
        Target = s.String("target", "absolute", "absolute", "excess"),
        Horizon = s.Int("horizon", LabelMethods.DefaultHorizon, 1, 250),
        ThresholdK = s.Double("threshold_k", 0.5, 0, 10),
        ProfitTake = s.Double("profit_take", 2.0, 0.01, 50),
        StopLoss = s.Double("stop_loss", 2.0, 0.01, 50),
        Weights = s.String("weights", "uniqueness", "uniqueness", "return_attribution", "none"),
        TimeDecay = s.Double("time_decay", 1.0, -1, 1),
        Classes = s.Int("classes", 3, 3, 4),
        Meta = s.Bool("meta", false),
        MetaPrimary = s.String("meta_primary", "momentum_12_1"),
    };
}
