namespace Kosmo.Features.Technical;

/// <summary>
/// Price-range group: <c>dist_52w_high = P/max(P over the last 252 traded days) − 1</c> (≤ 0),
/// <c>dist_52w_low = P/min(...) − 1</c> (≥ 0), both needing ¾ of the window; <c>gap = Open_t / P_prev − 1</c>
/// (P_prev: last traded adjusted close); <c>range = (High − Low)/Close</c>. Fractions, not percent.
/// </summary>
public sealed class PriceRangeFeature : IStockFeature
{
    private readonly int _window;

    /// <summary>Creates the group (default 252-day window).</summary>
    public PriceRangeFeature(int window = 252)
    {
        _window = window;
        Names = ["dist_52w_high", "dist_52w_low", "gap", "range"];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var T = series.Length;
        var p = series.Compact(series.Price);
        var min = VolatilityFeature.MinPeriods(_window);
        var hi = Rolling.Extreme(p, _window, min, true);
        var lo = Rolling.Extreme(p, _window, min, false);
        var open = series.Compact(series.Open);
        var high = series.Compact(series.High);
        var low = series.Compact(series.Low);
        var dh = new double[p.Length];
        var dl = new double[p.Length];
        var gap = new double[p.Length];
        var range = new double[p.Length];
        for (var n = 0; n < p.Length; n++)
        {
            dh[n] = p[n] / hi[n] - 1;
            dl[n] = p[n] / lo[n] - 1;
            gap[n] = n > 0 ? open[n] / p[n - 1] - 1 : double.NaN;
            range[n] = (high[n] - low[n]) / p[n];
        }

        series.Scatter(dh, output.Slice(0, T));
        series.Scatter(dl, output.Slice(T, T));
        series.Scatter(gap, output.Slice(2 * T, T));
        series.Scatter(range, output.Slice(3 * T, T));
    }
}
