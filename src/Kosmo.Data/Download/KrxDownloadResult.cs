namespace Kosmo.Data.Download;

/// <summary>What a KRX download wrote.</summary>
/// <param name="Files">The CSV files written (marcap-format stock rows first, then index files); empty when no day traded.</param>
/// <param name="TradingDays">Days with rows.</param>
/// <param name="SkippedDays">Weekends and holidays (empty pages), skipped rather than stored as zeros.</param>
/// <param name="StockRows">Stock rows written.</param>
/// <param name="IndexRows">Index rows written.</param>
/// <param name="Requests">HTTP requests made (every try counts).</param>
/// <param name="Seconds">Wall time.</param>
public sealed record KrxDownloadResult(IReadOnlyList<string> Files, int TradingDays, int SkippedDays, long StockRows, long IndexRows, int Requests, double Seconds);
