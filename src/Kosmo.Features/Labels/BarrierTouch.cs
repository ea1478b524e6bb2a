namespace Kosmo.Features.Labels;

/// <summary>Which barrier ended a triple-barrier trade.</summary>
internal enum BarrierTouch
{
    Vertical = 0,
    ProfitTake = 1,
    StopLoss = 2,
}
