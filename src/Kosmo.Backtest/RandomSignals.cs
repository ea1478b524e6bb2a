using Kosmo.Backtest.Synthetic;

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
}
