using Kosmo.Core;

namespace Kosmo.Features.Labels;

/// <summary>
/// Daily volatility known at date t: an exponentially weighted root mean square of daily log returns of the
/// adjusted close, zero mean, with pandas' adjust=True weights: σ²(t) = Σ_j λ^j r²_(t-j) / Σ_j λ^j, λ = 1 - 2/(span+1).
/// A return is taken between consecutive trading days (a halt gap counts as one return). σ(t) is NaN until
/// <c>minPeriods</c> returns are seen, and carries its last value over non-trading days.
/// </summary>
public static class DailyVolatility
{
    /// <summary>EWM daily volatility per cell (T × N code-major, NaN where unknown).</summary>
    /// <param name="panel">The panel.</param>
    /// <param name="span">EWM span in returns (≥ 1).</param>
    /// <param name="minPeriods">Returns needed before σ is reported (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">span or minPeriods &lt; 1.</exception>
    public static float[] Ewm(Panel panel, int span = 20, int minPeriods = 20)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var view = new PriceView(panel);
        var result = new double[view.T * view.N];
        Compute(view, span, minPeriods, result);
        return Array.ConvertAll(result, v => (float)v);
    }

    internal static void Compute(PriceView view, int span, int minPeriods, double[] sigma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minPeriods, 1);
        var lambda = 1.0 - 2.0 / (span + 1.0);
        var T = view.T;
        for (var i = 0; i < view.N; i++)
        {
            double num = 0, den = 0, prev = double.NaN, current = double.NaN;
            var count = 0;
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                var close = view.Close[k];
                if (view.Trading[k] && double.IsFinite(close))
                {
                    if (double.IsFinite(prev))
                    {
                        var r = Math.Log(close / prev);
                        num = lambda * num + r * r;
                        den = lambda * den + 1.0;
                        count++;
                        current = count >= minPeriods ? Math.Sqrt(num / den) : double.NaN;
                    }

                    prev = close;
                }

                sigma[k] = t > view.LastIndex[i] ? double.NaN : current;
            }
        }
    }
}
