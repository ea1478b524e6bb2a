using Kosmo.Models.Abstractions;

namespace Kosmo.Models.Baselines;

/// <summary>
/// Z-scores features with means and standard deviations learned on a training set only (finite values, unweighted,
/// population std); a constant or all-missing feature gets std 1. Missing values become 0 (the training mean).
/// </summary>
public sealed class FeatureStandardizer
{
    private FeatureStandardizer(string[] names, double[] means, double[] stds)
    {
        Names = names;
        Means = means;
        Stds = stds;
    }

    /// <summary>Feature names fitted on.</summary>
    public string[] Names { get; }

    /// <summary>Training means, length F.</summary>
    public double[] Means { get; }

    /// <summary>Training standard deviations, length F (1 where constant).</summary>
    public double[] Stds { get; }

    /// <summary>A standardiser from saved statistics (see <see cref="LogisticRegressionClassifier.Load"/>).</summary>
    /// <exception cref="ArgumentException">Lengths differ or a std is not positive.</exception>
    public static FeatureStandardizer Create(string[] names, double[] means, double[] stds)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(stds);
        if (means.Length != names.Length || stds.Length != names.Length || stds.Any(s => !(s > 0)))
        {
            throw new ArgumentException($"Standardiser of {names.Length} features: {means.Length} means and {stds.Length} stds (all > 0) expected.");
        }

        return new FeatureStandardizer([.. names], [.. means], [.. stds]);
    }

    /// <summary>Learns means and stds from the rows of <paramref name="train"/> (labels are not looked at).</summary>
    public static FeatureStandardizer Fit(TabularSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var f = train.FeatureCount;
        var means = new double[f];
        var stds = new double[f];
        for (var k = 0; k < f; k++)
        {
            double sum = 0, sq = 0;
            long n = 0;
            for (var i = 0; i < train.Rows; i++)
            {
                double v = train.Get(i, k);
                if (double.IsFinite(v))
                {
                    sum += v;
                    n++;
                }
            }

            var mean = n > 0 ? sum / n : 0.0;
            for (var i = 0; i < train.Rows; i++)
            {
                double v = train.Get(i, k);
                if (double.IsFinite(v))
                {
                    sq += (v - mean) * (v - mean);
                }
            }

            var std = n > 0 ? Math.Sqrt(sq / n) : 0.0;
            means[k] = mean;
            stds[k] = std > 1e-12 ? std : 1.0;
        }

        return new FeatureStandardizer((string[])train.FeatureNames.Clone(), means, stds);
    }

    /// <summary>Standardised design matrix with a leading 1 column: (n, F + 1) row-major.</summary>
    /// <exception cref="ArgumentException">The set's feature names differ from those fitted on.</exception>
    public double[] Design(TabularSet rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!rows.FeatureNames.SequenceEqual(Names, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Features [{string.Join(", ", rows.FeatureNames)}] differ from the fitted [{string.Join(", ", Names)}].", nameof(rows));
        }

        var p = Names.Length + 1;
        var x = new double[(long)rows.Rows * p];
        for (var i = 0; i < rows.Rows; i++)
        {
            x[(long)i * p] = 1.0;
            for (var k = 0; k < Names.Length; k++)
            {
                double v = rows.Get(i, k);
                x[((long)i * p) + k + 1] = double.IsFinite(v) ? (v - Means[k]) / Stds[k] : 0.0;
            }
        }

        return x;
    }
}
