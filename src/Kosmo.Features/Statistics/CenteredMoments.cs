namespace Kosmo.Features.Statistics;

/// <summary>The centred second moments of two series, the common part of a correlation and an OLS slope.</summary>
public static class CenteredMoments
{
    /// <summary>
    /// Σ(x − x̄)², Σ(x − x̄)(y − ȳ) and Σ(y − ȳ)² over the first x.Length pairs, in double precision (means first,
    /// then the sums of the deviations). The caller checks the lengths.
    /// </summary>
    /// <param name="x">First series.</param>
    /// <param name="y">Second series, at least as long as <paramref name="x"/>.</param>
    public static (double Sxx, double Sxy, double Syy) Of(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        double mx = 0, my = 0;
        for (var j = 0; j < n; j++)
        {
            mx += x[j];
            my += y[j];
        }

        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (var j = 0; j < n; j++)
        {
            var dx = x[j] - mx;
            var dy = y[j] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        return (sxx, sxy, syy);
    }
}
