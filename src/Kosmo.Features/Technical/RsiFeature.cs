namespace Kosmo.Features.Technical;

/// <summary>
/// Relative strength index with Wilder smoothing on the stock's trading subsequence (halted days skipped), in
/// points 0..100. Price changes d_n = P_n − P_{n−1}; the first average gain/loss is the simple mean of the
/// first p changes, then avg = (avg·(p−1) + x)/p. RSI = 100 − 100/(1 + avgGain/avgLoss) (100 when avgLoss = 0).
/// First value at the (p+1)-th traded price. Name <c>rsi_{p}</c>.
/// </summary>
public sealed class RsiFeature : IStockFeature
{
    private readonly int _period;

    /// <summary>Creates RSI with period p (default 14).</summary>
    public RsiFeature(int period = 14)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        Names = [$"rsi_{period}"];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        series.Scatter(Wilder(series.Compact(series.Price), _period), output[..series.Length]);
    }

    /// <summary>RSI of a gap-free price series (length n); NaN for the first p values.</summary>
    public static double[] Wilder(ReadOnlySpan<double> price, int period)
    {
        var result = new double[price.Length];
        Array.Fill(result, double.NaN);
        double gain = 0, loss = 0;
        for (var n = 1; n < price.Length; n++)
        {
            var d = price[n] - price[n - 1];
            var g = d > 0 ? d : 0;
            var l = d < 0 ? -d : 0;
            if (n <= period)
            {
                gain += g;
                loss += l;
                if (n < period)
                {
                    continue;
                }

                gain /= period;
                loss /= period;
            }
            else
            {
                gain = (gain * (period - 1) + g) / period;
                loss = (loss * (period - 1) + l) / period;
            }

            result[n] = loss == 0 ? 100 : 100 - 100 / (1 + gain / loss);
        }

        return result;
    }
}
