namespace Kosmo.Data.Store;

/// <summary>
/// One calendar year of a database: how many stocks have survivorship-free rows (a full-market source: marcap, or the
/// synthetic market, which keeps its delisted stocks) and how many have rows only from the biased sources (Yahoo, FDR,
/// pykrx, generic CSV: stocks still listed when the data was downloaded).
/// </summary>
/// <param name="Year">The calendar year.</param>
/// <param name="SurvivorshipFree">Distinct codes with full-market rows in the year.</param>
/// <param name="BiasedOnly">Distinct codes with rows in the year from biased sources only.</param>
public sealed record StoreYearRow(int Year, long SurvivorshipFree, long BiasedOnly)
{
    /// <summary>
    /// Codes with rows in the year by the market of their last row of the year (point in time: a KOSDAQ → KOSPI mover counts
    /// as KOSDAQ in the years before its move): the row's market where it carries one (a full-market source's row first),
    /// else the stock's. Keys KOSPI, KOSDAQ, KONEX, UNKNOWN.
    /// </summary>
    public IReadOnlyDictionary<string, long> ByMarket { get; init; } = new Dictionary<string, long>();
}
