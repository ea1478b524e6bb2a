namespace Kosmo.Cli.Config;

/// <summary><c>features:</c> which causal features feed the models, and the lookback window.</summary>
internal sealed record FeaturesConfig
{
    /// <summary>Feature names, or the single entry "default".</summary>
    public IReadOnlyList<string> Set { get; init; } = ["default"];
    /// <summary>Window length L of the sequence models.</summary>
    public int Lookback { get; init; } = 60;
    public bool Wavelets { get; init; } = true;
    public int WaveletLevels { get; init; } = 4;
    /// <summary>Cross-sectional normalisation per day: zscore, rank or none.</summary>
    public string CrossSection { get; init; } = "zscore";

    public static FeaturesConfig Read(YamlSection s) => new()
    {
        Set = s.Strings("set", ["default"]),
        Lookback = s.Int("lookback", 60, 2, 500),
        Wavelets = s.Bool("wavelets", true),
        WaveletLevels = s.Int("wavelet_levels", 4, 1, 8),
        CrossSection = s.String("cross_section", "zscore", "zscore", "rank", "none"),
    };
}
