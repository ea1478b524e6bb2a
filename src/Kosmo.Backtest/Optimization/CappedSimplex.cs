namespace Kosmo.Backtest.Optimization;

/// <summary>Euclidean projection onto the capped simplex <c>{w : 0 ≤ w_i ≤ cap, Σ w_i = 1}</c>.</summary>
public static class CappedSimplex
{
    /// <summary>
    /// Writes the projection of <paramref name="v"/> (n) into <paramref name="w"/> (n): <c>w_i = clip(v_i − τ, 0, cap)</c>
    /// with τ found by bisection to machine precision so that Σ w = 1.
    /// </summary>
    /// <exception cref="ArgumentException">n · cap &lt; 1 (the set is empty) or lengths differ.</exception>
    public static void Project(ReadOnlySpan<double> v, Span<double> w, double cap)
    {
        if (v.Length != w.Length) { throw new ArgumentException("v and w must have the same length.", nameof(w)); }
        if (v.Length * cap < 1 - 1e-12) { throw new ArgumentException($"Empty capped simplex: n = {v.Length}, cap = {cap}.", nameof(cap)); }
        var lo = double.PositiveInfinity;
        var hi = double.NegativeInfinity;
        foreach (var x in v) { lo = Math.Min(lo, x); hi = Math.Max(hi, x); }
        lo -= cap; // Σ at lo is n·cap ≥ 1
        for (var it = 0; it < 200; it++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) { break; }
            if (Sum(v, mid, cap) > 1) { lo = mid; } else { hi = mid; }
        }

        var tau = 0.5 * (lo + hi);
        for (var i = 0; i < v.Length; i++) { w[i] = Math.Clamp(v[i] - tau, 0, cap); }
    }

    private static double Sum(ReadOnlySpan<double> v, double tau, double cap)
    {
        var s = 0.0;
        foreach (var x in v) { s += Math.Clamp(x - tau, 0, cap); }
        return s;
    }
}
