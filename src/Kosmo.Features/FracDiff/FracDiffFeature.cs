using System.Globalization;
using Kosmo.Features.Technical;

namespace Kosmo.Features.FracDiff;

/// <summary>
/// FFD of the log price on the stock's trading subsequence with a fixed order d (choose d with
/// <see cref="FracDiffSearch.MinimumD"/> on a training window). Name <c>ffd_{d}</c> (e.g. ffd_0.40). NaN until K
/// traded prices, K the number of weights above the threshold (d = 0.4 with threshold 1e-4 gives K = 282).
/// </summary>
public sealed class FracDiffFeature : IStockFeature
{
    private readonly double[] _weights;

    /// <summary>Creates the feature (default d = 0.4, threshold 1e-4).</summary>
    public FracDiffFeature(double d = 0.4, double threshold = 1e-4)
    {
        _weights = FractionalDifference.Weights(d, threshold);
        Names = [string.Create(CultureInfo.InvariantCulture, $"ffd_{d:0.00}")];
    }

    /// <summary>Number of weights K (the window width).</summary>
    public int Width => _weights.Length;

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var p = series.Compact(series.Price);
        for (var n = 0; n < p.Length; n++)
        {
            p[n] = Math.Log(p[n]);
        }

        series.Scatter(FractionalDifference.Apply(p, _weights), output[..series.Length]);
    }
}
