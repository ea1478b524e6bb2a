namespace Kosmo.Features.FracDiff;

/// <summary>Augmented Dickey–Fuller test result (regression with a constant).</summary>
/// <param name="Statistic">t-statistic of γ in Δy_t = α + γ y_{t−1} + Σ β_i Δy_{t−i} + ε.</param>
/// <param name="PValue">MacKinnon (1994) approximate p-value.</param>
/// <param name="Lags">Number of lagged differences used.</param>
/// <param name="Observations">Regression observations.</param>
/// <param name="Critical1">MacKinnon (2010) 1% critical value for this sample size.</param>
/// <param name="Critical5">5% critical value.</param>
/// <param name="Critical10">10% critical value.</param>
public sealed record AdfResult(double Statistic, double PValue, int Lags, int Observations, double Critical1, double Critical5, double Critical10)
{
    /// <summary>True when the unit root is rejected at 5% (statistic below the 5% critical value).</summary>
    public bool IsStationaryAt5 => Statistic < Critical5;
}
