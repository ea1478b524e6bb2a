namespace Kosmo.Data.Adjustment;

/// <summary>
/// A corporate action (split, reverse split, capital change) found where a raw source's reported change ratio disagrees
/// with close / previous close.
/// </summary>
/// <param name="Code">Stock code (empty when detected on a bare series).</param>
/// <param name="Date">The event day (first day on the new basis).</param>
/// <param name="PreviousClose">Raw close of the previous trading day.</param>
/// <param name="Close">Raw close on the event day.</param>
/// <param name="ReportedChange">The source's change ratio as a fraction (relative to the adjusted base price).</param>
/// <param name="Factor">Multiplier for all prices before the event to put them on the post-event basis:
/// (close / previous close) / (1 + reported change). A 1:5 split gives ≈ 0.2, a 5:1 reverse split ≈ 5.</param>
public readonly record struct AdjustmentEvent(string Code, DateOnly Date, double PreviousClose, double Close, double ReportedChange, double Factor);
