namespace Kosmo.Features.Technical;

/// <summary>
/// MACD(fast, slow, signal) on the trading subsequence, scaled by price: <c>macd = (EMA_fast − EMA_slow)/P</c>,
/// <c>macd_signal = EMA_signal(EMA_fast − EMA_slow)/P</c>, <c>macd_hist = macd − macd_signal</c>. EMAs use
/// α = 2/(span+1), seeded with the first price (pandas <c>ewm(span, adjust=False)</c>). NaN for the first
/// slow + signal − 2 traded days (warm-up).
/// </summary>
public sealed class MacdFeature : IStockFeature
{
    private readonly int _fast;
    private readonly int _slow;
    private readonly int _signal;

    /// <summary>Creates MACD (default 12, 26, 9).</summary>
    public MacdFeature(int fast = 12, int slow = 26, int signal = 9)
    {
        _fast = fast;
        _slow = slow;
        _signal = signal;
        Names = ["macd", "macd_signal", "macd_hist"];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var p = series.Compact(series.Price);
        var fast = Rolling.Ema(p, 2.0 / (_fast + 1));
        var slow = Rolling.Ema(p, 2.0 / (_slow + 1));
        var line = new double[p.Length];
        for (var n = 0; n < p.Length; n++)
        {
            line[n] = fast[n] - slow[n];
        }

        var signal = Rolling.Ema(line, 2.0 / (_signal + 1));
        var warm = _slow + _signal - 2;
        var a = new double[p.Length];
        var b = new double[p.Length];
        var c = new double[p.Length];
        for (var n = 0; n < p.Length; n++)
        {
            if (n < warm)
            {
                a[n] = b[n] = c[n] = double.NaN;
                continue;
            }

            a[n] = line[n] / p[n];
            b[n] = signal[n] / p[n];
            c[n] = (line[n] - signal[n]) / p[n];
        }

        var T = series.Length;
        series.Scatter(a, output.Slice(0, T));
        series.Scatter(b, output.Slice(T, T));
        series.Scatter(c, output.Slice(2 * T, T));
    }
}
