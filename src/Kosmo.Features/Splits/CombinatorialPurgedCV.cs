namespace Kosmo.Features.Splits;

/// <summary>
/// Combinatorial purged cross-validation (AFML 12.4): N contiguous date groups, every choice of k test groups
/// is one split (C(N, k) splits, purged and embargoed), and the test predictions are assembled into
/// φ = k/N · C(N, k) = C(N-1, k-1) backtest paths: path p takes, for each group g, the p-th split (in
/// lexicographic order) that tests g, so every split's every test group lies on exactly one path.
/// </summary>
public static class CombinatorialPurgedCV
{
    /// <summary>Creates the splits and paths.</summary>
    /// <param name="samples">Samples.</param>
    /// <param name="groups">N ≥ 2.</param>
    /// <param name="testGroups">k in [1, N).</param>
    /// <param name="embargoDays">Embargo after each test group.</param>
    /// <exception cref="ArgumentOutOfRangeException">k outside [1, N) or N too large for the dates.</exception>
    public static CpcvResult Create(LabeledSamples samples, int groups, int testGroups, int embargoDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(testGroups, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(testGroups, groups);
        var ranges = DateGroups.Partition(samples, groups);
        var combos = Kosmo.Core.Combinations.Of(groups, testGroups).ToArray();
        var splits = new Split[combos.Length];
        for (var s = 0; s < combos.Length; s++)
        {
            var blocks = combos[s].Select(g => ranges[g]).ToArray();
            splits[s] = Purging.Make(samples, $"cpcv {{{string.Join(',', combos[s])}}}", blocks, null, embargoDays);
        }

        var phi = PathCount(groups, testGroups);
        var paths = new BacktestPath[phi];
        var used = new int[groups];
        for (var p = 0; p < phi; p++)
        {
            paths[p] = new BacktestPath(p, new int[groups]);
        }

        for (var s = 0; s < combos.Length; s++)
        {
            foreach (var g in combos[s])
            {
                paths[used[g]++].SplitOfGroup[g] = s;
            }
        }

        return new CpcvResult(ranges, combos, splits, paths);
    }

    /// <summary>φ = k/N · C(N, k) = C(N-1, k-1).</summary>
    public static int PathCount(int groups, int testGroups) => (int)Binomial(groups - 1, testGroups - 1);

    /// <summary>C(n, k).</summary>
    public static long Binomial(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        long r = 1;
        for (var j = 1; j <= k; j++)
        {
            r = r * (n - k + j) / j;
        }

        return r;
    }
}
