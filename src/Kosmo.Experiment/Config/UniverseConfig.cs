namespace Kosmo.Experiment.Config;

/// <summary><c>universe:</c> the tradable small-cap rules.</summary>
internal sealed record UniverseConfig
{
    public double MinAvgValueKrw { get; init; } = 500_000_000;
    public int AvgValueDays { get; init; } = 20;
    public double MinPrice { get; init; } = 1_000;
    public double MinMarketCapKrw { get; init; } = 30_000_000_000;
    /// <summary>Keep the lower fraction of eligible stocks by market cap (0.5 = lower half; 1 = no band).</summary>
    public double SmallCapBand { get; init; } = 0.5;
    public int MinHistoryDays { get; init; } = 60;

    public static UniverseConfig Read(YamlSection s) => new()
    {
        MinAvgValueKrw = s.Double("min_avg_value_krw", 500_000_000, 0),
        AvgValueDays = s.Int("avg_value_days", 20, 1, 250),
        MinPrice = s.Double("min_price", 1_000, 0),
        MinMarketCapKrw = s.Double("min_market_cap_krw", 30_000_000_000, 0),
        SmallCapBand = s.Double("small_cap_band", 0.5, 0.01, 1),
        MinHistoryDays = s.Int("min_history_days", 60, 0, 5000),
    };
}
