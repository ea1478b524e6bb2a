namespace Kosmo.Features.Technical;

/// <summary>
/// Trailing-window statistics over a series that may contain NaN (NaN values are skipped and do not count).
/// Every result at n depends only on x[0..n], and is computed from running sums whose operations depend only
/// on that prefix, so results are bitwise causal.
/// </summary>
public static class Rolling
{
    /// <summary>
    /// Mean and standard deviation over the window x[n-w+1..n] (or x[n-w..n-1] when <paramref name="excludeCurrent"/>).
    /// Result NaN when fewer than <paramref name="minPeriods"/> finite values (or fewer than ddof+1).
    /// </summary>
    /// <param name="x">Input (length n).</param>
    /// <param name="window">Window length w &gt;= 1.</param>
    /// <param name="minPeriods">Minimum finite values.</param>
    /// <param name="ddof">0 (population) or 1 (sample) standard deviation.</param>
    /// <param name="excludeCurrent">Use the w values before n, not including n.</param>
    /// <param name="mean">Output means (length n).</param>
    /// <param name="std">Output standard deviations (length n).</param>
    public static void MeanStd(ReadOnlySpan<double> x, int window, int minPeriods, int ddof, bool excludeCurrent, Span<double> mean, Span<double> std)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var anchor = double.NaN;
        foreach (var v in x)
        {
            if (double.IsFinite(v))
            {
                anchor = v;
                break;
            }
        }

        double s = 0, ss = 0;
        var count = 0;
        var shift = excludeCurrent ? 1 : 0;
        for (var n = 0; n < x.Length; n++)
        {
            var enter = n - shift;
            if (enter >= 0 && double.IsFinite(x[enter]))
            {
                var d = x[enter] - anchor;
                s += d;
                ss += d * d;
                count++;
            }

            var leave = enter - window;
            if (leave >= 0 && double.IsFinite(x[leave]))
            {
                var d = x[leave] - anchor;
                s -= d;
                ss -= d * d;
                count--;
            }

            if (count < Math.Max(minPeriods, ddof + 1) || count == 0)
            {
                mean[n] = double.NaN;
                std[n] = double.NaN;
                continue;
            }

            var m = s / count;
            mean[n] = m + anchor;
            var variance = (ss - s * m) / (count - ddof);
            std[n] = Math.Sqrt(Math.Max(variance, 0));
        }
    }

    /// <summary>Rolling mean of x over w values ending at n; NaN when fewer than minPeriods finite values.</summary>
    public static double[] Mean(ReadOnlySpan<double> x, int window, int minPeriods)
    {
        var mean = new double[x.Length];
        double s = 0;
        var count = 0;
        for (var n = 0; n < x.Length; n++)
        {
            if (double.IsFinite(x[n]))
            {
                s += x[n];
                count++;
            }

            var leave = n - window;
            if (leave >= 0 && double.IsFinite(x[leave]))
            {
                s -= x[leave];
                count--;
            }

            mean[n] = count >= Math.Max(minPeriods, 1) ? s / count : double.NaN;
        }

        return mean;
    }

    /// <summary>Rolling maximum (<paramref name="max"/> true) or minimum over w values ending at n (monotonic deque, O(n)).</summary>
    public static double[] Extreme(ReadOnlySpan<double> x, int window, int minPeriods, bool max)
    {
        var result = new double[x.Length];
        var deque = new int[x.Length];
        int head = 0, tail = 0, count = 0;
        for (var n = 0; n < x.Length; n++)
        {
            if (double.IsFinite(x[n]))
            {
                count++;
                while (tail > head && (max ? x[deque[tail - 1]] <= x[n] : x[deque[tail - 1]] >= x[n]))
                {
                    tail--;
                }

                deque[tail++] = n;
            }

            var leave = n - window;
            if (leave >= 0 && double.IsFinite(x[leave]))
            {
                count--;
            }

            while (tail > head && deque[head] <= leave)
            {
                head++;
            }

            result[n] = count >= Math.Max(minPeriods, 1) && tail > head ? x[deque[head]] : double.NaN;
        }

        return result;
    }

    /// <summary>
    /// Exponential moving average with smoothing <paramref name="alpha"/>, seeded with the first finite value
    /// (pandas <c>ewm(alpha, adjust=False)</c>); NaN inputs keep the state and give NaN output.
    /// </summary>
    public static double[] Ema(ReadOnlySpan<double> x, double alpha)
    {
        var result = new double[x.Length];
        var state = double.NaN;
        for (var n = 0; n < x.Length; n++)
        {
            if (!double.IsFinite(x[n]))
            {
                result[n] = double.NaN;
                continue;
            }

            state = double.IsNaN(state) ? x[n] : state + alpha * (x[n] - state);
            result[n] = state;
        }

        return result;
    }
}
