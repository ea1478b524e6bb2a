namespace Kosmo.Core;

/// <summary>Per stock-day flags carried in <see cref="Panel.Flags"/>.</summary>
[Flags]
public enum BarFlags : ushort
{
    None = 0,
    /// <summary>No trade that day (volume 0, or KRX change code 0).</summary>
    Halted = 1 << 0,
    /// <summary>관리종목: administrative issue (delisting-risk flag).</summary>
    Administrative = 1 << 1,
    /// <summary>투자주의환기종목: investment-caution issue.</summary>
    InvestmentCaution = 1 << 2,
    /// <summary>투자경고: investment warning.</summary>
    InvestmentWarning = 1 << 3,
    /// <summary>투자위험: investment risk.</summary>
    InvestmentRisk = 1 << 4,
    /// <summary>Trading value was estimated as close × volume because the source lacks it.</summary>
    ValueEstimated = 1 << 5,
    /// <summary>Closed at the upper daily price limit (KRX change code 4, or derived).</summary>
    UpperLimit = 1 << 6,
    /// <summary>Closed at the lower daily price limit (KRX change code 5, or derived).</summary>
    LowerLimit = 1 << 7,
    /// <summary>The importer repaired a value on this row (e.g. Yahoo close outside [low, high]).</summary>
    Repaired = 1 << 8,
    /// <summary>The row is a non-trading placeholder (e.g. a Yahoo holiday row) kept only for bookkeeping.</summary>
    Placeholder = 1 << 9,
    /// <summary>Row comes from the synthetic market generator.</summary>
    Synthetic = 1 << 10,
}
