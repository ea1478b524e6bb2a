namespace Kosmo.Core;

/// <summary>Static (slow-moving) attributes of one listed stock.</summary>
/// <param name="Code">6-character KRX short code, kept as text (leading zeros, letters).</param>
/// <param name="Name">Latest known Korean name, or empty.</param>
/// <param name="Market">Listing market.</param>
/// <param name="Dept">Latest KOSDAQ section (소속부) or KONEX section; empty for KOSPI or unknown.</param>
/// <param name="FirstDate">First trading date seen in the data, if any.</param>
/// <param name="LastDate">Last trading date seen in the data, if any (a delisted stock stops here).</param>
public sealed record StockInfo(
    string Code,
    string Name,
    Market Market,
    string Dept,
    DateOnly? FirstDate,
    DateOnly? LastDate)
{
    /// <summary>True for KOSDAQ GLOBAL listings (carried in the source's Market column).</summary>
    public bool IsKosdaqGlobal { get; init; }
}
