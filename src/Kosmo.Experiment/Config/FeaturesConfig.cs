namespace Kosmo.Experiment.Config;

/// <summary><c>features:</c> which causal features feed the models, and the lookback window.</summary>
internal sealed record FeaturesConfig
{
    /// <summary>Feature names, or the single entry "default".</summary>
    public IReadOnlyList<string> Set { get; init; } = ["default"];
    /// <summary>Window length L of the sequence models.</summary>
    public int Lookback { get; init; } = 30;
    public bool Wavelets { get; init; } = true;
    public int WaveletLevels { get; init; } = 4;
    /// <summary>Cross-sectional normalisation per day: zscore, rank or none.</summary>
    public string CrossSection { get; init; } = "zscore";
    /// <summary>
    /// Adds the causal market-regime probabilities regime_p0..regime_p{S−1} (Gaussian HMM, fitted once on the first
    /// fold's training window) as raw, unscaled market columns.
    /// </summary>
    public bool Regimes { get; init; } = true;
    /// <summary>Number of HMM regimes S (2–4).</summary>
    public int RegimeStates { get; init; } = 3;

    public static FeaturesConfig Read(YamlSection s) => new()
    {
        Set = s.Strings("set", ["default"]),
        Lookback = s.Int("lookback", 30, 2, 500),
        Wavelets = s.Bool("wavelets", true),
        WaveletLevels = s.Int("wavelet_levels", 4, 1, 8),
        CrossSection = s.String("cross_section", "zscore", "zscore", "rank", "none"),
        Regimes = s.Bool("regimes", true),
        RegimeStates = s.Int("regime_states", 3, 2, 4),
    };
}
