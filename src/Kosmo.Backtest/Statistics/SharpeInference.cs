using MathNet.Numerics.Distributions;

namespace Kosmo.Backtest.Statistics;

/// <summary>
/// Probabilistic and deflated Sharpe ratios (Bailey &amp; López de Prado 2012, 2014), on non-annualised (daily)
/// Sharpe ratios: <c>PSR(SR*) = Φ((SR − SR*) √(n − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²))</c> with population skewness
/// γ₃ and (non-excess) kurtosis γ₄; <c>DSR = PSR(SR₀)</c>, <c>SR₀ = √V[SR_trials] ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))</c>.
/// </summary>
public static class SharpeInference
{
    /// <summary>Euler–Mascheroni constant.</summary>
    public const double EulerGamma = 0.5772156649015329;

    /// <summary>PSR of daily returns against the daily benchmark Sharpe <paramref name="benchmarkSharpe"/>; NaN with fewer than 3 returns or zero volatility.</summary>
    public static double Probabilistic(ReadOnlySpan<double> returns, double benchmarkSharpe = 0)
    {
        var m = Moments.Of(returns);
        if (returns.Length < 3 || !(m.Std > 0)) { return double.NaN; }
        return Probabilistic(m.Mean / m.Std, returns.Length, m.Skewness, m.Kurtosis, benchmarkSharpe);
    }

    /// <summary>PSR from the moments: daily Sharpe <paramref name="sharpe"/> over <paramref name="observations"/> returns of skewness γ₃ and (non-excess) kurtosis γ₄; NaN when the variance term is not positive.</summary>
    public static double Probabilistic(double sharpe, int observations, double skewness, double kurtosis, double benchmarkSharpe)
    {
        var den = 1 - (skewness * sharpe) + ((kurtosis - 1) / 4 * sharpe * sharpe);
        if (!(den > 0)) { return double.NaN; }
        return Normal.CDF(0, 1, (sharpe - benchmarkSharpe) * Math.Sqrt(observations - 1) / Math.Sqrt(den));
    }

    /// <summary>Expected maximum daily Sharpe of <paramref name="trials"/> unskilled trials whose daily Sharpes have variance <paramref name="trialSharpeVariance"/> (0 when trials ≤ 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The variance is negative.</exception>
    public static double ExpectedMaxSharpe(int trials, double trialSharpeVariance)
    {
        if (trialSharpeVariance < 0) { throw new ArgumentOutOfRangeException(nameof(trialSharpeVariance), trialSharpeVariance, "Variance must be ≥ 0."); }
        if (trials <= 1) { return 0; }
        var z1 = Normal.InvCDF(0, 1, 1 - (1.0 / trials));
        var z2 = Normal.InvCDF(0, 1, 1 - (1.0 / (trials * Math.E)));
        return Math.Sqrt(trialSharpeVariance) * (((1 - EulerGamma) * z1) + (EulerGamma * z2));
    }

    /// <summary>DSR: PSR against <see cref="ExpectedMaxSharpe"/>.</summary>
    public static double Deflated(ReadOnlySpan<double> returns, int trials, double trialSharpeVariance) =>
        Probabilistic(returns, ExpectedMaxSharpe(trials, trialSharpeVariance));
}
