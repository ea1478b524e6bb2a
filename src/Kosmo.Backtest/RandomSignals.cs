using Kosmo.Backtest.Synthetic;
using MathNet.Numerics.Distributions;

namespace Kosmo.Backtest;

/// <summary>
/// A no-skill control: seeded random signals on exactly the (date, code) cells where a template has a signal, so a
/// strategy trades the same universe on the same days without any information. P(up) = u, P(down) = 1 − u with u
/// uniform on [0, 1), so the score P(up) − P(down) is uniform on [−1, 1).
/// </summary>
public static class RandomSignals
{
    /// <summary>Random signals with the template's support (T, N).</summary>
    public static SignalMatrix Like(SignalMatrix template, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(template);
        var rng = new SplitMix(seed);
        var up = new float[template.PUp.Length];
        var down = new float[up.Length];
        for (var k = 0; k < up.Length; k++)
        {
            if (!float.IsFinite(template.PUp[k]))
            {
                up[k] = float.NaN;
                down[k] = float.NaN;
                continue;
            }

            var u = (float)rng.Uniform();
            up[k] = u;
            down[k] = 1 - u;
        }

        return new SignalMatrix(template.DateCount, template.CodeCount, up, down);
    }

    /// <summary>
    /// A no-skill control with persistence: per code a latent x = a·z + b·ε with z an AR(1) (coefficient
    /// <paramref name="phi"/>) over the code's signal dates, ε fresh noise, a² = <paramref name="persistentShare"/> and
    /// a² + b² = 1; P(up) = Φ(x), P(down) = 1 − P(up). The lag-k correlation of the latent score is a²·φᵏ, so the
    /// control can mimic a model's day-to-day rank autocorrelation while carrying no information. A code's z restarts
    /// after a gap of more than 5 dates.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">phi or persistentShare outside [0, 1).</exception>
    public static SignalMatrix Persistent(SignalMatrix template, ulong seed, double phi, double persistentShare)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!(phi >= 0 && phi < 1)) { throw new ArgumentOutOfRangeException(nameof(phi), phi, "phi must be in [0, 1)."); }
        if (!(persistentShare >= 0 && persistentShare <= 1)) { throw new ArgumentOutOfRangeException(nameof(persistentShare), persistentShare, "persistentShare must be in [0, 1]."); }
        var rng = new SplitMix(seed);
        var (dates, codes) = (template.DateCount, template.CodeCount);
        var a = Math.Sqrt(persistentShare);
        var b = Math.Sqrt(1 - persistentShare);
        var innovation = Math.Sqrt(1 - (phi * phi));
        var z = new double[codes];
        var last = new int[codes];
        Array.Fill(last, int.MinValue / 2);
        var up = new float[dates * codes];
        var down = new float[up.Length];
        for (var t = 0; t < dates; t++)
        {
            for (var i = 0; i < codes; i++)
            {
                var k = (t * codes) + i;
                if (!float.IsFinite(template.PUp[k]))
                {
                    up[k] = float.NaN;
                    down[k] = float.NaN;
                    continue;
                }

                z[i] = t - last[i] > 5 ? rng.Normal() : (phi * z[i]) + (innovation * rng.Normal());
                last[i] = t;
                var u = (float)Normal.CDF(0, 1, (a * z[i]) + (b * rng.Normal()));
                up[k] = u;
                down[k] = 1 - u;
            }
        }

        return new SignalMatrix(dates, codes, up, down);
    }
}
