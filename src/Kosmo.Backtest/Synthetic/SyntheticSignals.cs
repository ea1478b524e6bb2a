using Kosmo.Core;

namespace Kosmo.Backtest.Synthetic;

/// <summary>
/// Generated signals for tests and benchmarks: for every (t, code) with a close, a latent
/// <c>z = skill · r(t→t+1) / 0.03 + N(0, 1)</c> (r the next close-to-close return, 0 when unknown) and
/// <c>P(up) = 0.6 σ(z)</c>, <c>P(down) = 0.6 σ(−z)</c>, <c>P(flat) = 0.4</c>. skill = 0 is pure noise; skill &gt; 0
/// peeks at the future on purpose (a stand-in for a good model).
/// </summary>
public static class SyntheticSignals
{
    /// <summary>Aligned signals (date-major) for the whole panel.</summary>
    public static SignalMatrix Generate(Panel panel, double skill, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var T = panel.DateCount;
        var N = panel.CodeCount;
        var close = panel.Field(PanelField.Close);
        var up = new float[T * N];
        var down = new float[T * N];
        Array.Fill(up, float.NaN);
        Array.Fill(down, float.NaN);
        var rng = new SplitMix(seed);
        for (var i = 0; i < N; i++)
        {
            for (var t = 0; t < T; t++)
            {
                var c = close[(i * T) + t];
                if (!(c > 0)) { continue; }
                var next = t + 1 < T ? close[(i * T) + t + 1] : float.NaN;
                var r = next > 0 ? (next / (double)c) - 1 : 0;
                var z = (skill * r / 0.03) + rng.Normal();
                var s = 1 / (1 + Math.Exp(-z));
                up[(t * N) + i] = (float)(0.6 * s);
                down[(t * N) + i] = (float)(0.6 * (1 - s));
            }
        }

        return new SignalMatrix(panel, up, down);
    }

    /// <summary>The same signals as a <see cref="SignalFrame"/> (for code that starts from a frame).</summary>
    public static SignalFrame ToFrame(Panel panel, SignalMatrix signals, string model = "synthetic")
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(signals);
        var N = panel.CodeCount;
        var rows = new List<Signal>();
        for (var t = 0; t < panel.DateCount; t++)
        {
            for (var i = 0; i < N; i++)
            {
                var u = signals.PUp[(t * N) + i];
                if (!float.IsFinite(u)) { continue; }
                var d = signals.PDown[(t * N) + i];
                rows.Add(new Signal(panel.Dates[t], panel.Codes[i], d, Math.Max(0, 1 - u - d), u));
            }
        }

        return new SignalFrame(model, rows);
    }
}
