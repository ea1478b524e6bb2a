namespace Kosmo.Reports.Charts;

/// <summary>How an axis maps values: linear, base-10 logarithmic, or dates (x holds <see cref="DateOnly.DayNumber"/>).</summary>
internal enum AxisKind
{
    Linear,
    Log,
    Time,
}
