namespace Kosmo.Core;

/// <summary>k-subsets of {0, …, n−1}: the one enumeration CPCV's splits and PBO's CSCV both use.</summary>
public static class Combinations
{
    /// <summary>Every k-subset of {0, …, n−1} in lexicographic order, each as a new ascending array.</summary>
    /// <exception cref="ArgumentOutOfRangeException">k outside [1, n].</exception>
    public static IEnumerable<int[]> Of(int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        return Enumerate(n, k);
    }

    private static IEnumerable<int[]> Enumerate(int n, int k)
    {
        var c = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])c.Clone();
            var j = k - 1;
            while (j >= 0 && c[j] == n - k + j)
            {
                j--;
            }

            if (j < 0)
            {
                yield break;
            }

            c[j]++;
            for (var m = j + 1; m < k; m++)
            {
                c[m] = c[m - 1] + 1;
            }
        }
    }
}
