namespace Kosmo.Features.FracDiff;

/// <summary>
/// Finds the minimum order d on a grid whose FFD series passes the ADF test at 5% (López de Prado 2018, ch. 5.6).
/// Leakage note: run it on a training window only, then use the chosen d in <see cref="FracDiffFeature"/>.
/// </summary>
public static class FracDiffSearch
{
    /// <summary>
    /// Scans d = 0, step, 2·step, ..., 1 over x (e.g. log prices of a training window, no NaN) and returns the first
    /// d whose FFD series (warm-up removed) rejects a unit root at 5%, or null when none does (or too short).
    /// </summary>
    /// <param name="x">Input series (length n, gap-free).</param>
    /// <param name="step">Grid step (default 0.05).</param>
    /// <param name="threshold">FFD weight threshold.</param>
    /// <param name="maxLag">ADF maximum lag (AIC selection below it); default Schwert's rule.</param>
    /// <returns>The minimum d and the ADF result at that d.</returns>
    public static (double D, AdfResult Adf)? MinimumD(ReadOnlySpan<double> x, double step = 0.05, double threshold = 1e-4, int? maxLag = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(step);
        var steps = (int)Math.Round(1 / step);
        for (var s = 0; s <= steps; s++)
        {
            var d = Math.Round(s * step, 10);
            var weights = FractionalDifference.Weights(d, threshold);
            var ffd = FractionalDifference.Apply(x, weights);
            var valid = ffd.AsSpan(weights.Length - 1);
            if (valid.Length < 20)
            {
                continue;
            }

            var adf = AdfTest.Run(valid, maxLag);
            if (adf.IsStationaryAt5)
            {
                return (d, adf);
            }
        }

        return null;
    }
}
