namespace Kosmo.Features.Labels;

/// <summary>Parameters of <see cref="TripleBarrierLabeler"/>.</summary>
/// <param name="Horizon">Vertical barrier h in trading days.</param>
/// <param name="ProfitTake">Profit-take barrier as a multiple of σ_daily(t) (≤ 0 disables it).</param>
/// <param name="StopLoss">Stop-loss barrier as a multiple of σ_daily(t) (≤ 0 disables it).</param>
/// <param name="Vertical">Class when the vertical barrier is reached first.</param>
/// <param name="VolSpan">EWM span of the daily volatility.</param>
/// <param name="VolMinPeriods">Returns needed before σ is known.</param>
public sealed record TripleBarrierOptions(
    int Horizon = 10,
    double ProfitTake = 2.0,
    double StopLoss = 2.0,
    VerticalBarrierRule Vertical = VerticalBarrierRule.Flat,
    int VolSpan = 20,
    int VolMinPeriods = 20);
