namespace Kosmo.Backtest.Statistics;

/// <summary>
/// The probability of backtest overfitting of a set of strategies by combinatorially symmetric cross-validation
/// (Bailey, Borwein, López de Prado and Zhu 2015; see <see cref="BacktestOverfitting"/>).
/// </summary>
/// <param name="Strategies">N, the strategies compared.</param>
/// <param name="Blocks">S, the equal blocks the dates were cut into (even).</param>
/// <param name="Observations">T, the dates used (a multiple of S: the earliest T mod S dates are dropped).</param>
/// <param name="Logits">λ_c = ln(ω̄_c / (1 − ω̄_c)) per combination c (C(S, S/2) of them, in lexicographic order of the in-sample blocks), where ω̄_c is the out-of-sample relative rank of the in-sample best strategy.</param>
/// <param name="Pbo">φ = the share of combinations with λ_c ≤ 0: the in-sample best is at or below the out-of-sample median.</param>
/// <param name="InSampleBest">The in-sample performance (Sharpe per day) of the in-sample best strategy, per combination.</param>
/// <param name="OutOfSampleOfBest">Its out-of-sample performance (Sharpe per day), per combination.</param>
/// <param name="DegradationSlope">Slope of the least-squares line OOS = a + b · IS over the combinations (performance degradation; b &lt; 0 is the usual sign of overfitting).</param>
/// <param name="DegradationIntercept">Its intercept a.</param>
/// <param name="ProbabilityOfLoss">Share of combinations whose in-sample best loses out of sample (OOS Sharpe &lt; 0).</param>
public sealed record OverfittingResult(
    int Strategies,
    int Blocks,
    int Observations,
    double[] Logits,
    double Pbo,
    double[] InSampleBest,
    double[] OutOfSampleOfBest,
    double DegradationSlope,
    double DegradationIntercept,
    double ProbabilityOfLoss);
