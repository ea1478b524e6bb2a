namespace Kosmo.Core;

/// <summary>A market index (or FX / VIX) series aligned to a panel's calendar. Missing values are NaN.</summary>
/// <param name="Name">KOSDAQ, KOSPI, KOSPI200, VIX or USDKRW.</param>
/// <param name="Close">Closing level per panel date (length T).</param>
/// <param name="Amount">Market trading value in KRW per panel date, NaN where unknown (length T).</param>
/// <param name="MarketCap">Total market capitalisation in KRW per panel date, NaN where unknown (length T).</param>
public sealed record IndexSeries(string Name, float[] Close, float[] Amount, float[] MarketCap);
