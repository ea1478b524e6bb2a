namespace Kosmo.Core.IO;

/// <summary>
/// One strategy's or benchmark's equity path as <c>equity.csv</c> holds it: dates and equity in KRW at the close,
/// both (T), dates strictly ascending when read back (<see cref="EquityCsv.Read"/>).
/// </summary>
/// <param name="Strategy">The strategy or benchmark name (the key under <c>backtests</c> or <c>benchmarks</c> in metrics.json).</param>
/// <param name="Dates">Dates (T).</param>
/// <param name="Equity">Equity at the close of each date (T).</param>
public sealed record EquityCurve(string Strategy, IReadOnlyList<DateOnly> Dates, IReadOnlyList<double> Equity);
