namespace Kosmo.Backtest.Strategies;

/// <summary>Picks the indices of the k largest finite scores (ties broken by the lower index), in descending score order.</summary>
internal static class TopSelector
{
    /// <summary>scores: (N); returns at most k indices with finite scores where <paramref name="allowed"/> holds.</summary>
    public static int[] Top(double[] scores, int k, Func<int, bool> allowed)
    {
        var heapIdx = new int[Math.Max(k, 1)];
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]) || (count == k && (k == 0 || !Better(i, heapIdx[0], scores))) || !allowed(i))
            {
                continue; // allowed() runs only for a code that would enter the heap (it may be costly)
            }

            if (count < k)
            {
                heapIdx[count++] = i;
                SiftUp(heapIdx, scores, count - 1);
            }
            else
            {
                heapIdx[0] = i;
                SiftDown(heapIdx, scores, count);
            }
        }

        var result = heapIdx.AsSpan(0, count).ToArray();
        var keys = scores;
        Array.Sort(result, (a, b) => Better(a, b, keys) ? -1 : Better(b, a, keys) ? 1 : 0);
        return result;
    }

    private static bool Better(int a, int b, double[] s) => s[a] > s[b] || (s[a] == s[b] && a < b);

    private static void SiftUp(int[] h, double[] s, int j)
    {
        while (j > 0)
        {
            var p = (j - 1) / 2;
            if (!Better(h[p], h[j], s)) { break; }
            (h[p], h[j]) = (h[j], h[p]);
            j = p;
        }
    }

    private static void SiftDown(int[] h, double[] s, int n)
    {
        var j = 0;
        while (true)
        {
            var l = (2 * j) + 1;
            var r = l + 1;
            var m = j;
            if (l < n && Better(h[m], h[l], s)) { m = l; }
            if (r < n && Better(h[m], h[r], s)) { m = r; }
            if (m == j) { break; }
            (h[m], h[j]) = (h[j], h[m]);
            j = m;
        }
    }
}
