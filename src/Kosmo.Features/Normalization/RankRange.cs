namespace Kosmo.Features.Normalization;

/// <summary>Target range of a cross-sectional rank.</summary>
public enum RankRange
{
    /// <summary>[0, 1]: lowest 0, highest 1.</summary>
    ZeroOne = 0,
    /// <summary>[−1, 1]: lowest −1, highest 1.</summary>
    MinusOneOne = 1,
}
