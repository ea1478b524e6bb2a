namespace Kosmo.Features.Technical;

/// <summary>
/// Bollinger bands (w, k) on the trading subsequence: middle = mean of the last w prices, σ = population
/// standard deviation (ddof 0), bands middle ± kσ. <c>bb_pctb = (P − lower)/(upper − lower)</c> and
/// <c>bb_width = (upper − lower)/middle</c>. NaN until w prices; %B NaN when σ = 0.
/// </summary>
public sealed class BollingerFeature : IStockFeature
{
    private readonly int _window;
    private readonly double _k;

    /// <summary>Creates the bands (default 20, 2).</summary>
    public BollingerFeature(int window = 20, double k = 2)
    {
        _window = window;
        _k = k;
        Names = ["bb_pctb", "bb_width"];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var p = series.Compact(series.Price);
        var mean = new double[p.Length];
        var std = new double[p.Length];
        Rolling.MeanStd(p, _window, _window, 0, false, mean, std);
        var pctb = new double[p.Length];
        var width = new double[p.Length];
        for (var n = 0; n < p.Length; n++)
        {
            var band = 2 * _k * std[n];
            pctb[n] = band > 0 ? (p[n] - (mean[n] - _k * std[n])) / band : double.NaN;
            width[n] = band / mean[n];
        }

        series.Scatter(pctb, output.Slice(0, series.Length));
        series.Scatter(width, output.Slice(series.Length, series.Length));
    }
}
