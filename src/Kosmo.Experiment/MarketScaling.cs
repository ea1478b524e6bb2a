using Kosmo.Features;

namespace Kosmo.Experiment;

/// <summary>
/// The z-score statistics of the market columns, fitted once on the first fold's training window by
/// <see cref="SparseFeatureBuilder"/>; <see cref="Transform"/> applies them to another cube with the same column
/// names (the out-of-time panel) exactly as <see cref="Kosmo.Features.Normalization.ZScoreProcessor"/> maps a value:
/// (x − mean) / std in double, stored as float; NaN stays NaN.
/// </summary>
/// <param name="Statistics">Column name → (mean, population std &gt; 0) of the training window.</param>
internal sealed record MarketScaling(IReadOnlyDictionary<string, (double Mean, double Std)> Statistics)
{
    /// <summary>Scales every fitted column present in <paramref name="cube"/> in place (every stored row).</summary>
    /// <exception cref="ArgumentException">A fitted column is missing from the cube.</exception>
    public void Transform(FeatureCube cube)
    {
        ArgumentNullException.ThrowIfNull(cube);
        foreach (var (name, (mean, std)) in Statistics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var k = cube.IndexOf(name);
            if (k < 0)
            {
                throw new ArgumentException($"Market column '{name}' is not in the cube.", nameof(cube));
            }

            for (var i = 0; i < cube.Codes.Length; i++)
            {
                for (var t = 0; t < cube.Dates.Length; t++)
                {
                    if (!cube.Contains(i, t))
                    {
                        continue;
                    }

                    var at = cube.Offset(i, t) + k;
                    cube.Values[at] = (float)((cube.Values[at] - mean) / std);
                }
            }
        }
    }
}
