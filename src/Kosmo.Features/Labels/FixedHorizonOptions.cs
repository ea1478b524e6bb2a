namespace Kosmo.Features.Labels;

/// <summary>Parameters of <see cref="FixedHorizonLabeler"/>.</summary>
/// <param name="Horizon">h in trading days (5, 10, 20).</param>
/// <param name="K">Threshold multiple: τ = K · σ_daily(t) · √h.</param>
/// <param name="VolSpan">EWM span of the daily volatility (see <see cref="DailyVolatility"/>).</param>
/// <param name="VolMinPeriods">Returns needed before σ is known.</param>
public sealed record FixedHorizonOptions(int Horizon = 10, double K = 0.5, int VolSpan = 20, int VolMinPeriods = 20);
