namespace Kosmo.Features.Labels;

/// <summary>
/// Per-date statistics of the forward returns of a date's universe members, shared by the cross-sectional labels:
/// the equal-weight universe return (the mean) and tercile classes by mid-rank. A date needs at least
/// <see cref="MinMembers"/> members with a forward return; otherwise it has neither.
/// </summary>
internal static class CrossSection
{
    /// <summary>Fewest members with a forward return for a tercile or a universe average.</summary>
    public const int MinMembers = 3;

    /// <summary>
    /// The universe members at date t with a finite forward return, as cell indices (in code order).
    /// Membership is read at t only (<paramref name="universe"/>[i·T + t]).
    /// </summary>
    public static List<int> Members(int t, int T, int N, bool[] universe, double[] returns, List<int> into)
    {
        into.Clear();
        for (var i = 0; i < N; i++)
        {
            var k = i * T + t;
            if (universe[k] && double.IsFinite(returns[k]))
            {
                into.Add(k);
            }
        }

        return into;
    }

    /// <summary>The equal-weight mean of the members' returns (summed in code order, so deterministic).</summary>
    public static double Mean(List<int> members, double[] returns)
    {
        double sum = 0;
        foreach (var k in members)
        {
            sum += returns[k];
        }

        return sum / members.Count;
    }

    /// <summary>
    /// Tercile class per member (0 bottom, 1 middle, 2 top third) from the position q = (m + 0.5) / n of its mid-rank
    /// m (0-based; tied returns share the average of their ranks, so ties always share a class): q &lt; 1/3 → 0,
    /// q &gt; 2/3 → 2, else 1. For distinct returns q never falls on a boundary; n = 3 gives one of each class.
    /// </summary>
    public static int[] Terciles(List<int> members, double[] returns)
    {
        var n = members.Count;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = returns[members[a]].CompareTo(returns[members[b]]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var classes = new int[n];
        var start = 0;
        while (start < n)
        {
            var end = start;
            while (end + 1 < n && returns[members[order[end + 1]]] == returns[members[order[start]]])
            {
                end++;
            }

            var q = ((start + end) / 2.0 + 0.5) / n;
            var cls = q < 1.0 / 3.0 ? 0 : q > 2.0 / 3.0 ? 2 : 1;
            for (var j = start; j <= end; j++)
            {
                classes[order[j]] = cls;
            }

            start = end + 1;
        }

        return classes;
    }
}
