using System.Globalization;
using Kosmo.Models.Abstractions;

namespace Kosmo.Bench.Baselines;

/// <summary>
/// The tabular baselines' benchmark rows: standard normal features with 1 % missing values (NaN), a weak signal given
/// by the figure, 3 classes cut at ±0.45 from signal + N(0, 1), sample weights in [0.5, 1.5), 400 codes per date.
/// </summary>
internal static class SyntheticTabular
{
    /// <summary>n rows of <paramref name="features"/> columns; <paramref name="signal"/> reads a row (NaN read as 0 by <see cref="Value"/>).</summary>
    public static TabularSet Rows(int n, int features, int seed, Func<float[], int, double> signal)
    {
        var rng = new Random(seed);
        var x = new float[(long)n * features];
        var y = new int[n];
        var w = new float[n];
        for (var i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * features, features);
            for (var k = 0; k < features; k++)
            {
                row[k] = rng.NextDouble() < 0.01 ? float.NaN : (float)Normal(rng);
            }

            var z = signal(x, i * features) + Normal(rng);
            y[i] = z < -0.45 ? 0 : z > 0.45 ? 2 : 1;
            w[i] = (float)(0.5 + rng.NextDouble());
        }

        var start = new DateOnly(2010, 1, 1);
        return new TabularSet([.. Enumerable.Range(0, features).Select(k => $"f{k}")], x, y, w,
            [.. Enumerable.Range(0, n).Select(i => start.AddDays(i / 400))], [.. Enumerable.Range(0, n).Select(i => (i % 400).ToString("D6", CultureInfo.InvariantCulture))]);
    }

    /// <summary>The value, 0 for a missing one.</summary>
    public static double Value(float v) => float.IsNaN(v) ? 0 : v;

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
