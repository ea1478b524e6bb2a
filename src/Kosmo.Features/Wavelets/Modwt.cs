namespace Kosmo.Features.Wavelets;

/// <summary>
/// Maximal overlap discrete wavelet transform by the pyramid algorithm (Percival &amp; Walden 2000, §5.5):
/// W_{j,t} = Σ_l h̃_l V_{j−1, t−2^{j−1} l}, V_{j,t} = Σ_l g̃_l V_{j−1, t−2^{j−1} l}, V_0 = X, with h̃ = h/√2, g̃ = g/√2.
/// <para>
/// Circular mode wraps indices mod N (the textbook transform: exact inverse and energy preservation, but the
/// first L_j − 1 coefficients read the end of the series, i.e. the future). Causal mode never wraps: a
/// coefficient whose filter would reach before index 0, or touches a NaN, is NaN. Every causal coefficient at
/// t is a function of X_{t−L_j+1..t} only, equals the circular one for t ≥ L_j − 1, and is NaN before.
/// </para>
/// <para>
/// Phase: the filters are one-sided (lagging), so W_{j,t} describes the window ending at t; for the LA(8)
/// filter its centre lies about |ν_j| ≈ L_j/2 days back. It is deliberately not shifted forward (that would leak).
/// </para>
/// </summary>
public static class Modwt
{
    /// <summary>Forward MODWT of x (length N) to <paramref name="levels"/> levels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">levels &lt; 1.</exception>
    public static ModwtResult Transform(ReadOnlySpan<double> x, WaveletFilter filter, int levels, bool circular)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        var N = x.Length;
        var L = filter.Length;
        var g = filter.Scaling.Select(v => v / Math.Sqrt(2)).ToArray();
        var h = filter.Wavelet.Select(v => v / Math.Sqrt(2)).ToArray();
        var v0 = x.ToArray();
        var details = new double[levels][];
        for (var j = 1; j <= levels; j++)
        {
            var step = 1 << (j - 1);
            var w = new double[N];
            var v = new double[N];
            if (!circular)
            {
                CausalLevel(v0, g, h, step, w, v);
                details[j - 1] = w;
                v0 = v;
                continue;
            }

            for (var t = 0; t < N; t++)
            {
                double sw = 0, sv = 0;
                for (var l = 0; l < L; l++)
                {
                    var idx = t - step * l;
                    if (idx < 0)
                    {
                        if (!circular)
                        {
                            sw = sv = double.NaN;
                            break;
                        }

                        idx = ((idx % N) + N) % N;
                    }

                    sw += h[l] * v0[idx];
                    sv += g[l] * v0[idx];
                }

                w[t] = sw;
                v[t] = sv;
            }

            details[j - 1] = w;
            v0 = v;
        }

        return new ModwtResult(details, v0);
    }

    // One causal level, tap-major with SIMD: w[t] = Σ_l h[l]·v0[t − step·l] for t ≥ step·(L−1), NaN before.
    private static void CausalLevel(double[] v0, double[] g, double[] h, int step, double[] w, double[] v)
    {
        var N = v0.Length;
        var start = step * (g.Length - 1);
        if (start >= N)
        {
            w.AsSpan().Fill(double.NaN);
            v.AsSpan().Fill(double.NaN);
            return;
        }

        for (var l = 0; l < g.Length; l++)
        {
            var shift = step * l;
            var source = v0.AsSpan(start - shift, N - start);
            VectorMath.Axpy(h[l], source, w.AsSpan(start));
            VectorMath.Axpy(g[l], source, v.AsSpan(start));
        }

        w.AsSpan(0, start).Fill(double.NaN);
        v.AsSpan(0, start).Fill(double.NaN);
    }

    /// <summary>Inverse of the circular MODWT: reconstructs X (length N) from W_1..W_J and V_J.</summary>
    public static double[] Inverse(ModwtResult result, WaveletFilter filter)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(filter);
        var N = result.Smooth.Length;
        var L = filter.Length;
        var g = filter.Scaling.Select(v => v / Math.Sqrt(2)).ToArray();
        var h = filter.Wavelet.Select(v => v / Math.Sqrt(2)).ToArray();
        var v1 = (double[])result.Smooth.Clone();
        for (var j = result.Details.Length; j >= 1; j--)
        {
            var step = 1 << (j - 1);
            var w = result.Details[j - 1];
            var v0 = new double[N];
            for (var t = 0; t < N; t++)
            {
                double s = 0;
                for (var l = 0; l < L; l++)
                {
                    var idx = (t + step * l) % N;
                    s += h[l] * w[idx] + g[l] * v1[idx];
                }

                v0[t] = s;
            }

            v1 = v0;
        }

        return v1;
    }
}
