namespace Kosmo.Features.Technical;

/// <summary>
/// Realised volatility: sample standard deviation (ddof 1) of the last w daily log returns on the stock's
/// trading subsequence, annualised by √252. At least ¾ of w returns must be finite. Names <c>vol_{w}d</c>.
/// </summary>
public sealed class VolatilityFeature : IStockFeature
{
    private readonly int[] _windows;

    /// <summary>Creates the group (default windows 20, 60).</summary>
    public VolatilityFeature(params int[] windows)
    {
        _windows = windows.Length == 0 ? [20, 60] : windows;
        Names = [.. _windows.Select(w => $"vol_{w}d")];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var r = series.Compact(series.LogReturn);
        var mean = new double[r.Length];
        var std = new double[r.Length];
        for (var c = 0; c < _windows.Length; c++)
        {
            var w = _windows[c];
            Rolling.MeanStd(r, w, MinPeriods(w), 1, false, mean, std);
            for (var n = 0; n < std.Length; n++)
            {
                std[n] *= Math.Sqrt(252);
            }

            series.Scatter(std, output.Slice(c * series.Length, series.Length));
        }
    }

    /// <summary>The minimum number of finite observations for a window of w: ceil(0.75 w).</summary>
    public static int MinPeriods(int window) => (3 * window + 3) / 4;
}
