namespace Kosmo.Backtest.Statistics;

/// <summary>Mean, sample std (ddof 1), population skewness and kurtosis (non-excess) of a series.</summary>
internal readonly record struct Moments(double Mean, double Std, double Skewness, double Kurtosis)
{
    public static Moments Of(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        if (n == 0) { return new Moments(double.NaN, double.NaN, double.NaN, double.NaN); }
        var mean = 0.0;
        foreach (var v in x) { mean += v; }
        mean /= n;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (var v in x)
        {
            var d = v - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }

        var std = n > 1 ? Math.Sqrt(m2 / (n - 1)) : double.NaN;
        m2 /= n;
        m3 /= n;
        m4 /= n;
        return new Moments(mean, std, m2 > 0 ? m3 / Math.Pow(m2, 1.5) : double.NaN, m2 > 0 ? m4 / (m2 * m2) : double.NaN);
    }
}
