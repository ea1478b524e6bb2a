namespace Kosmo.Backtest.Optimization;

/// <summary>
/// Maximises <c>μᵀw − λ wᵀΣw − κ ‖w − w₀‖² − c ‖w − w₀‖₁</c> over <c>{0 ≤ w ≤ cap, Σw = 1}</c> by accelerated proximal
/// gradient ascent (FISTA with adaptive restart), step 1/L (L = 2λ·max-row-sum(|Σ|) + 2κ); the linear turnover cost c and
/// the constraint are handled exactly by <see cref="CappedSimplex.Prox"/> (c = 0: plain projection).
/// </summary>
public static class MeanVarianceOptimizer
{
    /// <summary>mu: (n), cov: (n, n) row-major, w0: (n) previous weights; returns w (n). linearCost: c ≥ 0 per unit of one-way turnover.</summary>
    /// <exception cref="ArgumentException">Shapes disagree or n · cap &lt; 1.</exception>
    public static double[] Solve(double[] mu, double[] cov, double[] w0, double riskAversion, double turnoverCost, double cap, int maxIterations = 5_000, double tolerance = 1e-11, double linearCost = 0)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(cov);
        ArgumentNullException.ThrowIfNull(w0);
        var n = mu.Length;
        if (cov.Length != n * n || w0.Length != n) { throw new ArgumentException($"Shapes: mu ({n}), cov ({cov.Length} ≠ {n}²) or w0 ({w0.Length}).", nameof(cov)); }
        var lip = 0.0;
        for (var a = 0; a < n; a++)
        {
            var row = 0.0;
            for (var b = 0; b < n; b++) { row += Math.Abs(cov[(a * n) + b]); }
            lip = Math.Max(lip, row);
        }

        lip = (2 * riskAversion * lip) + (2 * turnoverCost);
        var step = lip > 0 ? 1.0 / lip : 1.0;
        var w = new double[n];
        CappedSimplex.Project(w0, w, cap);
        var y = (double[])w.Clone();
        var v = new double[n];
        var next = new double[n];
        var momentum = 1.0;
        for (var it = 0; it < maxIterations; it++)
        {
            Gradient(mu, cov, w0, y, riskAversion, turnoverCost, v);
            for (var i = 0; i < n; i++) { v[i] = y[i] + (step * v[i]); }
            CappedSimplex.Prox(v, next, cap, w0, step * linearCost);
            var change = 0.0;
            var restart = 0.0;
            for (var i = 0; i < n; i++)
            {
                change = Math.Max(change, Math.Abs(next[i] - w[i]));
                restart += (y[i] - next[i]) * (next[i] - w[i]);
            }

            var m2 = (1 + Math.Sqrt(1 + (4 * momentum * momentum))) / 2;
            var beta = restart > 0 ? 0 : (momentum - 1) / m2;
            momentum = restart > 0 ? 1 : m2;
            for (var i = 0; i < n; i++) { y[i] = next[i] + (beta * (next[i] - w[i])); }
            (w, next) = (next, w);
            if (change < tolerance) { break; }
        }

        return w;
    }

    /// <summary>The objective value at w (including the linear cost <paramref name="linearCost"/> · ‖w − w₀‖₁).</summary>
    public static double Objective(double[] mu, double[] cov, double[] w0, double[] w, double riskAversion, double turnoverCost, double linearCost = 0)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(cov);
        ArgumentNullException.ThrowIfNull(w0);
        ArgumentNullException.ThrowIfNull(w);
        var n = mu.Length;
        var f = 0.0;
        for (var a = 0; a < n; a++)
        {
            f += mu[a] * w[a];
            f -= turnoverCost * (w[a] - w0[a]) * (w[a] - w0[a]);
            f -= linearCost * Math.Abs(w[a] - w0[a]);
            for (var b = 0; b < n; b++) { f -= riskAversion * w[a] * cov[(a * n) + b] * w[b]; }
        }

        return f;
    }

    /// <summary>Gradient <c>μ − 2λΣw − 2κ(w − w₀)</c> into g (n).</summary>
    public static void Gradient(double[] mu, double[] cov, double[] w0, double[] w, double riskAversion, double turnoverCost, double[] g)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(cov);
        ArgumentNullException.ThrowIfNull(w0);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(g);
        var n = mu.Length;
        for (var a = 0; a < n; a++)
        {
            var sw = 0.0;
            for (var b = 0; b < n; b++) { sw += cov[(a * n) + b] * w[b]; }
            g[a] = mu[a] - (2 * riskAversion * sw) - (2 * turnoverCost * (w[a] - w0[a]));
        }
    }
}
