namespace Kosmo.Features.Technical;

/// <summary>
/// Liquidity group on the trading subsequence:
/// <c>volume_z</c> and <c>value_z</c>: z-score of ln(1 + x_t) against the mean and sample std of ln(1 + x) over
/// the previous w traded days (not including t; at least ¾ w finite);
/// <c>turnover</c>: value / market cap on day t (NaN where the cap is unknown);
/// <c>amihud</c>: mean over the last a traded days of |r| / value, in units of 1/(billion KRW) (|r| per 10⁹ KRW).
/// </summary>
public sealed class LiquidityFeature : IStockFeature
{
    private readonly int _zWindow;
    private readonly int _amihudWindow;

    /// <summary>Creates the group (z window default 60, Amihud window default 20).</summary>
    public LiquidityFeature(int zWindow = 60, int amihudWindow = 20)
    {
        _zWindow = zWindow;
        _amihudWindow = amihudWindow;
        Names = ["volume_z", "value_z", "turnover", "amihud"];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var T = series.Length;
        var volume = series.Compact(series.Volume);
        var value = series.Compact(series.Value);
        ZScore(series, volume, output.Slice(0, T));
        ZScore(series, value, output.Slice(T, T));
        var cap = series.Compact(series.MarketCap);
        var turnover = new double[value.Length];
        var illiq = new double[value.Length];
        var r = series.Compact(series.LogReturn);
        for (var n = 0; n < value.Length; n++)
        {
            turnover[n] = value[n] / cap[n];
            illiq[n] = value[n] > 0 ? Math.Abs(r[n]) / value[n] * 1e9 : double.NaN;
        }

        series.Scatter(turnover, output.Slice(2 * T, T));
        series.Scatter(Rolling.Mean(illiq, _amihudWindow, VolatilityFeature.MinPeriods(_amihudWindow)), output.Slice(3 * T, T));
    }

    private void ZScore(StockSeries series, double[] x, Span<float> column)
    {
        var log = new double[x.Length];
        for (var n = 0; n < x.Length; n++)
        {
            log[n] = x[n] >= 0 ? Math.Log(1 + x[n]) : double.NaN;
        }

        var mean = new double[x.Length];
        var std = new double[x.Length];
        Rolling.MeanStd(log, _zWindow, VolatilityFeature.MinPeriods(_zWindow), 1, true, mean, std);
        var z = new double[x.Length];
        for (var n = 0; n < x.Length; n++)
        {
            z[n] = std[n] > 0 ? (log[n] - mean[n]) / std[n] : double.NaN;
        }

        series.Scatter(z, column);
    }
}
