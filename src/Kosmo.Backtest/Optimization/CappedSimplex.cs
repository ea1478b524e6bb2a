namespace Kosmo.Backtest.Optimization;

/// <summary>Euclidean projection onto the capped simplex <c>{w : 0 ≤ w_i ≤ cap, Σ w_i = 1}</c>.</summary>
public static class CappedSimplex
{
    /// <summary>
    /// Writes the projection of <paramref name="v"/> (n) into <paramref name="w"/> (n): <c>w_i = clip(v_i − τ, 0, cap)</c>
    /// with τ found by bisection to machine precision so that Σ w = 1.
    /// </summary>
    /// <exception cref="ArgumentException">n · cap &lt; 1 (the set is empty) or lengths differ.</exception>
    public static void Project(ReadOnlySpan<double> v, Span<double> w, double cap) => Prox(v, w, cap, default, 0);

    /// <summary>
    /// The proximal step of <c>c · ‖w − anchor‖₁</c> plus the capped-simplex constraint:
    /// <c>argmin ½‖w − v‖² + c‖w − anchor‖₁</c> over the set. Separable for a fixed multiplier τ
    /// (<c>w_i = clip(shrink_{anchor_i, c}(v_i − τ), 0, cap)</c>, non-increasing in τ), so τ is found by bisection.
    /// With c = 0 this is <see cref="Project"/>. anchor: (n) or empty when c = 0.
    /// </summary>
    /// <exception cref="ArgumentException">n · cap &lt; 1 (the set is empty) or lengths differ.</exception>
    public static void Prox(ReadOnlySpan<double> v, Span<double> w, double cap, ReadOnlySpan<double> anchor, double c)
    {
        if (v.Length != w.Length || (c > 0 && anchor.Length != v.Length)) { throw new ArgumentException("v, w (and anchor) must have the same length.", nameof(w)); }
        if (v.Length * cap < 1 - 1e-12) { throw new ArgumentException($"Empty capped simplex: n = {v.Length}, cap = {cap}.", nameof(cap)); }
        var lo = double.PositiveInfinity;
        var hi = double.NegativeInfinity;
        foreach (var x in v) { lo = Math.Min(lo, x); hi = Math.Max(hi, x); }
        lo -= cap + c; // every w_i = cap here, Σ = n·cap ≥ 1
        hi += c;       // every w_i = 0 here
        for (var it = 0; it < 200; it++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) { break; }
            var sum = 0.0;
            for (var i = 0; i < v.Length; i++) { sum += At(v[i] - mid, cap, c > 0 ? anchor[i] : 0, c); }
            if (sum > 1) { lo = mid; } else { hi = mid; }
        }

        var tau = 0.5 * (lo + hi);
        for (var i = 0; i < v.Length; i++) { w[i] = At(v[i] - tau, cap, c > 0 ? anchor[i] : 0, c); }
    }

    private static double At(double u, double cap, double anchor, double c)
    {
        var x = c <= 0 ? u : u > anchor + c ? u - c : u < anchor - c ? u + c : anchor;
        return Math.Clamp(x, 0, cap);
    }
}
