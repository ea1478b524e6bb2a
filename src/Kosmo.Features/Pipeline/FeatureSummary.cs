using Kosmo.Core;

namespace Kosmo.Features.Pipeline;

/// <summary>
/// Per-feature coverage summary of a cube: NaN share, mean and std over the stock-days on which the stock was
/// listed in the panel (from its first to its last finite close), overall and per calendar year.
/// </summary>
public sealed class FeatureSummary
{
    private FeatureSummary(FeatureStats[] overall, FeatureStats[] byYear)
    {
        Overall = overall;
        ByYear = byYear;
    }

    /// <summary>One row per feature (K rows, Year null).</summary>
    public IReadOnlyList<FeatureStats> Overall { get; }

    /// <summary>One row per feature and year, ordered by feature then year.</summary>
    public IReadOnlyList<FeatureStats> ByYear { get; }

    /// <summary>Summarises a cube computed from <paramref name="panel"/>.</summary>
    /// <exception cref="ArgumentException">Cube and panel shapes differ.</exception>
    public static FeatureSummary From(FeatureCube cube, Panel panel)
    {
        ArgumentNullException.ThrowIfNull(cube);
        ArgumentNullException.ThrowIfNull(panel);
        if (cube.Dates.Length != panel.DateCount || cube.Codes.Length != panel.CodeCount)
        {
            throw new ArgumentException("Cube and panel have different shapes.", nameof(cube));
        }

        var T = panel.DateCount;
        var K = cube.FeatureCount;
        var years = panel.Dates.Select(d => d.Year).Distinct().Order().ToArray();
        var yearIndex = panel.Dates.Select(d => Array.IndexOf(years, d.Year)).ToArray();
        var Y = years.Length;
        var cells = new long[Y];
        var finite = new long[K * Y];
        var sum = new double[K * Y];
        var sumSq = new double[K * Y];
        var close = panel.Field(PanelField.Close);
        for (var i = 0; i < panel.CodeCount; i++)
        {
            int first = -1, last = -1;
            for (var t = 0; t < T; t++)
            {
                if (float.IsFinite(close[i * T + t]))
                {
                    first = first < 0 ? t : first;
                    last = t;
                }
            }

            for (var t = first; t >= 0 && t <= last; t++)
            {
                var y = yearIndex[t];
                cells[y]++;
                var offset = cube.Offset(i, t);
                for (var k = 0; k < K; k++)
                {
                    var v = cube.Values[offset + k];
                    if (float.IsFinite(v))
                    {
                        finite[k * Y + y]++;
                        sum[k * Y + y] += v;
                        sumSq[k * Y + y] += (double)v * v;
                    }
                }
            }
        }

        var overall = new FeatureStats[K];
        var byYear = new List<FeatureStats>(K * Y);
        for (var k = 0; k < K; k++)
        {
            long c = 0, f = 0;
            double s = 0, ss = 0;
            for (var y = 0; y < Y; y++)
            {
                byYear.Add(Stats(cube.Names[k], years[y], cells[y], finite[k * Y + y], sum[k * Y + y], sumSq[k * Y + y]));
                c += cells[y];
                f += finite[k * Y + y];
                s += sum[k * Y + y];
                ss += sumSq[k * Y + y];
            }

            overall[k] = Stats(cube.Names[k], null, c, f, s, ss);
        }

        return new FeatureSummary(overall, [.. byYear]);
    }

    private static FeatureStats Stats(string name, int? year, long cells, long finite, double sum, double sumSq)
    {
        if (finite == 0)
        {
            return new FeatureStats(name, year, cells, 0, double.NaN, double.NaN);
        }

        var mean = sum / finite;
        return new FeatureStats(name, year, cells, finite, mean, Math.Sqrt(Math.Max(sumSq / finite - mean * mean, 0)));
    }
}
