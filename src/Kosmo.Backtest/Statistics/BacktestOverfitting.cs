namespace Kosmo.Backtest.Statistics;

/// <summary>
/// Probability of backtest overfitting (PBO) by combinatorially symmetric cross-validation, CSCV (Bailey, Borwein,
/// López de Prado, Zhu, "The Probability of Backtest Overfitting", J. Computational Finance 2017, §2–3):
/// <list type="number">
/// <item>the T × N matrix of daily returns of N strategies is cut into S equal blocks of consecutive dates (S even);</item>
/// <item>for each of the C(S, S/2) ways to pick S/2 blocks as the in-sample set J (the rest, J̄, out of sample), the
/// performance (Sharpe ratio per day: mean / sample standard deviation) of every strategy is computed on J and on J̄;</item>
/// <item>n* is the in-sample best; ω̄ = rank of its out-of-sample performance among the N (1 = worst) / (N + 1);
/// λ = ln(ω̄ / (1 − ω̄));</item>
/// <item>PBO = the share of combinations with λ ≤ 0 (the in-sample winner is no better than the out-of-sample median).</item>
/// </list>
/// Ties in-sample go to the lower strategy index; tied out-of-sample values take their average rank. A strategy with
/// zero variance on a set has Sharpe 0 there. The performance degradation is the least-squares line of the winner's
/// out-of-sample on its in-sample performance across combinations.
/// </summary>
public static class BacktestOverfitting
{
    /// <summary>Computes PBO.</summary>
    /// <param name="returns">Per strategy, its daily returns on the same T dates (N ≥ 2 rows of equal length).</param>
    /// <param name="blocks">S, even, 2 ≤ S ≤ T (16 is the paper's choice); C(S, S/2) combinations are evaluated.</param>
    /// <exception cref="ArgumentException">Fewer than two strategies, rows of different lengths, S odd or out of range, or a non-finite return.</exception>
    public static OverfittingResult Cscv(IReadOnlyList<double[]> returns, int blocks = 16)
    {
        ArgumentNullException.ThrowIfNull(returns);
        if (returns.Count < 2)
        {
            throw new ArgumentException($"PBO needs at least two strategies (got {returns.Count}).", nameof(returns));
        }

        var n = returns.Count;
        var t = returns[0].Length;
        if (returns.Any(r => r.Length != t))
        {
            throw new ArgumentException("PBO: every strategy needs returns on the same dates (rows of equal length).", nameof(returns));
        }

        if (blocks < 2 || blocks % 2 != 0 || blocks > t || blocks > 24)
        {
            throw new ArgumentException($"PBO: blocks must be even, between 2 and min(24, T = {t}) (got {blocks}).", nameof(blocks));
        }

        if (returns.Any(r => r.Any(x => !double.IsFinite(x))))
        {
            throw new ArgumentException("PBO: returns must be finite.", nameof(returns));
        }

        // The earliest T mod S dates are dropped so that every block has the same length.
        var len = t / blocks;
        var skip = t - len * blocks;

        // Per block and strategy: sum and sum of squares (combined per combination, so each combination costs O(S·N)).
        var sum = new double[blocks, n];
        var sq = new double[blocks, n];
        for (var s = 0; s < n; s++)
        {
            for (var b = 0; b < blocks; b++)
            {
                double a = 0, q = 0;
                for (var k = skip + b * len; k < skip + (b + 1) * len; k++)
                {
                    a += returns[s][k];
                    q += returns[s][k] * returns[s][k];
                }

                sum[b, s] = a;
                sq[b, s] = q;
            }
        }

        var logits = new List<double>();
        var isBest = new List<double>();
        var oosOfBest = new List<double>();
        var inSample = new double[n];
        var outSample = new double[n];
        foreach (var combo in Kosmo.Core.Combinations.Of(blocks, blocks / 2))
        {
            var member = new bool[blocks];
            foreach (var b in combo)
            {
                member[b] = true;
            }

            for (var s = 0; s < n; s++)
            {
                inSample[s] = Sharpe(sum, sq, member, true, s, len * blocks / 2);
                outSample[s] = Sharpe(sum, sq, member, false, s, len * blocks / 2);
            }

            var best = 0;
            for (var s = 1; s < n; s++)
            {
                if (inSample[s] > inSample[best])
                {
                    best = s;
                }
            }

            var omega = Rank(outSample, best) / (n + 1.0);
            logits.Add(Math.Log(omega / (1 - omega)));
            isBest.Add(inSample[best]);
            oosOfBest.Add(outSample[best]);
        }

        var pbo = logits.Count(l => l <= 0) / (double)logits.Count;
        var (slope, intercept) = LeastSquares(isBest, oosOfBest);
        var loss = oosOfBest.Count(x => x < 0) / (double)oosOfBest.Count;
        return new OverfittingResult(n, blocks, len * blocks, [.. logits], pbo, [.. isBest], [.. oosOfBest], slope, intercept, loss);
    }

    /// <summary>Sharpe per day of strategy <paramref name="s"/> over the blocks with <c>member[b] == inSet</c>.</summary>
    private static double Sharpe(double[,] sum, double[,] sq, bool[] member, bool inSet, int s, int count)
    {
        double a = 0, q = 0;
        for (var b = 0; b < member.Length; b++)
        {
            if (member[b] == inSet)
            {
                a += sum[b, s];
                q += sq[b, s];
            }
        }

        var mean = a / count;
        var variance = (q - count * mean * mean) / (count - 1);
        return variance > 1e-300 ? mean / Math.Sqrt(variance) : 0;
    }

    /// <summary>Rank (1 = lowest) of <c>values[i]</c> among <paramref name="values"/>, ties averaged.</summary>
    private static double Rank(double[] values, int i)
    {
        var below = 0;
        var equal = 0;
        foreach (var v in values)
        {
            if (v < values[i])
            {
                below++;
            }
            else if (v == values[i])
            {
                equal++;
            }
        }

        return below + (equal + 1) / 2.0;
    }

    private static (double Slope, double Intercept) LeastSquares(List<double> x, List<double> y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0;
        for (var k = 0; k < x.Count; k++)
        {
            sxy += (x[k] - mx) * (y[k] - my);
            sxx += (x[k] - mx) * (x[k] - mx);
        }

        return sxx > 0 ? (sxy / sxx, my - sxy / sxx * mx) : (double.NaN, double.NaN);
    }
}
