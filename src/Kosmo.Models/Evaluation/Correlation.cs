using Kosmo.Features.Statistics;

namespace Kosmo.Models.Evaluation;

/// <summary>Pearson and Spearman (ties get their average rank) correlations, in double precision.</summary>
public static class Correlation
{
    /// <summary>
    /// Pearson correlation of two equally long series; NaN when there are fewer than 3 pairs or either side is constant.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ.</exception>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Lengths differ: {x.Length} and {y.Length}.", nameof(y));
        }

        var n = x.Length;
        if (n < 3)
        {
            return double.NaN;
        }

        var (sxx, sxy, syy) = CenteredMoments.Of(x, y);
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    /// <summary>Spearman rank correlation: Pearson of the average ranks; NaN as for <see cref="Pearson"/>.</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => Pearson(AverageRanks(x), AverageRanks(y));

    /// <summary>1-based ranks; a group of tied values gets the mean of the ranks it spans (1, 2.5, 2.5, 4).</summary>
    /// <exception cref="ArgumentException">A value is NaN.</exception>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var order = new int[n];
        var keys = values.ToArray();
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(keys[i]))
            {
                throw new ArgumentException("Cannot rank NaN.", nameof(values));
            }

            order[i] = i;
        }

        Array.Sort(keys, order);
        var ranks = new double[n];
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start])
            {
                end++;
            }

            var rank = ((start + end) / 2.0) + 1.0;
            for (var j = start; j <= end; j++)
            {
                ranks[order[j]] = rank;
            }

            start = end + 1;
        }

        return ranks;
    }
}
