namespace Kosmo.Features.Labels;

/// <summary>Class scheme of <see cref="TrendScanningLabeler"/>.</summary>
public enum TrendScanningMode
{
    /// <summary>3 classes by the sign of the best t-value: 0 down (t &lt; -MinAbsT), 1 flat (|t| ≤ MinAbsT), 2 up (t &gt; MinAbsT).</summary>
    Sign = 0,
    /// <summary>4 classes by the best t-value: 0 down++ (t ≤ -StrongT), 1 down (-StrongT &lt; t ≤ 0), 2 up (0 &lt; t &lt; StrongT), 3 up++ (t ≥ StrongT).</summary>
    FourClass = 1,
}
