namespace Kosmo.Cli.Config;

/// <summary><c>labels:</c> the label method, horizon and sample weights.</summary>
internal sealed record LabelsConfig
{
    /// <summary>fixed_horizon, triple_barrier or trend_scanning.</summary>
    public string Method { get; init; } = "fixed_horizon";
    public int Horizon { get; init; } = 20;
    /// <summary>Flat band half-width in units of daily volatility × √h (fixed horizon).</summary>
    public double ThresholdK { get; init; } = 0.5;
    public double ProfitTake { get; init; } = 2.0;
    public double StopLoss { get; init; } = 2.0;
    /// <summary>Sample weights: uniqueness, return_attribution or none.</summary>
    public string Weights { get; init; } = "uniqueness";
    /// <summary>Time-decay parameter c of AFML 4.5 (1 = no decay).</summary>
    public double TimeDecay { get; init; } = 1.0;

    public static LabelsConfig Read(YamlSection s) => new()
    {
        Method = s.String("method", "fixed_horizon", "fixed_horizon", "triple_barrier", "trend_scanning"),
        Horizon = s.Int("horizon", 20, 1, 250),
        ThresholdK = s.Double("threshold_k", 0.5, 0, 10),
        ProfitTake = s.Double("profit_take", 2.0, 0.01, 50),
        StopLoss = s.Double("stop_loss", 2.0, 0.01, 50),
        Weights = s.String("weights", "uniqueness", "uniqueness", "return_attribution", "none"),
        TimeDecay = s.Double("time_decay", 1.0, -1, 1),
    };
}
