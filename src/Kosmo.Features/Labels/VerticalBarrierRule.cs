namespace Kosmo.Features.Labels;

/// <summary>How a triple-barrier label is classed when only the vertical barrier (time) is reached.</summary>
public enum VerticalBarrierRule
{
    /// <summary>Class 1 (flat).</summary>
    Flat = 0,
    /// <summary>By the sign of the return at the vertical barrier: 2 up, 0 down, 1 when exactly 0.</summary>
    Sign = 1,
}
