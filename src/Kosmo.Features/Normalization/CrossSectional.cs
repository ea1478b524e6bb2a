namespace Kosmo.Features.Normalization;

/// <summary>
/// Per-day cross-sectional transforms of cube features, in place: each date is transformed using only the
/// finite values of the selected feature across stocks on that same date (so they are causal by construction
/// and need no fitting). NaN cells stay NaN and are not counted.
/// </summary>
public static class CrossSectional
{
    /// <summary>
    /// Replaces values by their rank among the day's finite values: (rank − 1)/(n − 1) with average rank for
    /// ties, mapped to <paramref name="range"/>; a day with one value gets the midpoint (0.5 or 0).
    /// </summary>
    public static void Rank(FeatureCube cube, IEnumerable<string> features, RankRange range = RankRange.MinusOneOne) =>
        ForEachDay(cube, features, (values, _) =>
        {
            var n = values.Length;
            var order = Enumerable.Range(0, n).OrderBy(j => values[j]).ToArray();
            var ranks = new double[n];
            for (var a = 0; a < n;)
            {
                var b = a;
                while (b + 1 < n && values[order[b + 1]] == values[order[a]])
                {
                    b++;
                }

                var avg = (a + b) / 2.0;
                for (var c = a; c <= b; c++)
                {
                    ranks[order[c]] = n == 1 ? 0.5 : avg / (n - 1);
                }

                a = b + 1;
            }

            for (var j = 0; j < n; j++)
            {
                values[j] = (float)(range == RankRange.ZeroOne ? ranks[j] : 2 * ranks[j] - 1);
            }
        });

    /// <summary>Replaces values by (x − mean)/std of the day (population std; a day with std 0 becomes 0).</summary>
    public static void ZScore(FeatureCube cube, IEnumerable<string> features) =>
        ForEachDay(cube, features, (values, _) =>
        {
            double mean = 0;
            foreach (var v in values)
            {
                mean += v;
            }

            mean /= values.Length;
            double ss = 0;
            foreach (var v in values)
            {
                ss += (v - mean) * (v - mean);
            }

            var std = Math.Sqrt(ss / values.Length);
            for (var j = 0; j < values.Length; j++)
            {
                values[j] = std > 0 ? (float)((values[j] - mean) / std) : 0f;
            }
        });

    /// <summary>Clips values to the day's [lower, upper] quantiles (linear interpolation).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Quantiles not 0 ≤ lower &lt; upper ≤ 1.</exception>
    public static void Winsorize(FeatureCube cube, IEnumerable<string> features, double lower = 0.01, double upper = 0.99)
    {
        if (!(lower >= 0 && lower < upper && upper <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(lower), $"Need 0 <= lower < upper <= 1, got {lower} and {upper}.");
        }

        ForEachDay(cube, features, (values, _) =>
        {
            var sorted = values.Select(v => (double)v).Order().ToArray();
            var lo = FeatureProcessorBase.Quantile(sorted, lower);
            var hi = FeatureProcessorBase.Quantile(sorted, upper);
            for (var j = 0; j < values.Length; j++)
            {
                values[j] = (float)Math.Clamp(values[j], lo, hi);
            }
        });
    }

    private static void ForEachDay(FeatureCube cube, IEnumerable<string> features, Action<float[], int> transform)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(features);
        var N = cube.Codes.Length;
        var buffer = new float[N];
        var owners = new int[N];
        foreach (var name in features)
        {
            var k = cube.IndexOf(name);
            if (k < 0)
            {
                throw new ArgumentException($"Feature '{name}' is not in the cube.", nameof(features));
            }

            for (var t = 0; t < cube.Dates.Length; t++)
            {
                var n = 0;
                for (var i = 0; i < N; i++)
                {
                    var v = cube.Values[cube.Offset(i, t) + k];
                    if (float.IsFinite(v))
                    {
                        owners[n] = i;
                        buffer[n++] = v;
                    }
                }

                if (n == 0)
                {
                    continue;
                }

                var values = buffer[..n];
                transform(values, t);
                for (var j = 0; j < n; j++)
                {
                    cube.Values[cube.Offset(owners[j], t) + k] = values[j];
                }
            }
        }
    }
}
