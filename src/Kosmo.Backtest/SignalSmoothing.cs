namespace Kosmo.Backtest;

/// <summary>
/// Causal smoothing of signals per code: an exponential moving average of P(up) and of P(down) (hence of
/// P(up) − P(down)) over the code's own signal dates. The smoothed value at t reads only signals at dates ≤ t.
/// </summary>
public static class SignalSmoothing
{
    /// <summary>
    /// EMA with α = 2 / (span + 1). A code keeps its state across dates without a signal (the output there stays NaN,
    /// so eligibility still follows the raw signal); the state restarts from the raw value when the previous signal is
    /// more than <paramref name="maxGap"/> dates old. span = 1 returns a copy.
    /// </summary>
    /// <param name="signals">Raw signals, date-major (T, N).</param>
    /// <param name="span">EMA span in signal dates (≥ 1).</param>
    /// <param name="maxGap">Largest gap in dates bridged by the state (≥ 1).</param>
    /// <returns>New smoothed signals (T, N).</returns>
    /// <exception cref="ArgumentOutOfRangeException">span or maxGap below 1.</exception>
    public static SignalMatrix Ema(SignalMatrix signals, int span, int maxGap = 5)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGap, 1);
        var (dates, codes) = (signals.DateCount, signals.CodeCount);
        var up = new float[dates * codes];
        var down = new float[up.Length];
        var alpha = 2.0 / (span + 1);
        var stateUp = new double[codes];
        var stateDown = new double[codes];
        var last = new int[codes];
        Array.Fill(last, int.MinValue / 2);
        for (var t = 0; t < dates; t++)
        {
            for (var i = 0; i < codes; i++)
            {
                var k = (t * codes) + i;
                var u = signals.PUp[k];
                var d = signals.PDown[k];
                if (!float.IsFinite(u) || !float.IsFinite(d))
                {
                    up[k] = float.NaN;
                    down[k] = float.NaN;
                    continue;
                }

                if (t - last[i] > maxGap)
                {
                    stateUp[i] = u;
                    stateDown[i] = d;
                }
                else
                {
                    stateUp[i] += alpha * (u - stateUp[i]);
                    stateDown[i] += alpha * (d - stateDown[i]);
                }

                last[i] = t;
                up[k] = (float)stateUp[i];
                down[k] = (float)stateDown[i];
            }
        }

        return new SignalMatrix(dates, codes, up, down);
    }
}
