namespace Kosmo.Core;

/// <summary>
/// KRX tick size (호가가격단위) by price, market and date.
/// From 2023-01-25 one table for KOSPI, KOSDAQ and KONEX: &lt;2,000: 1; &lt;5,000: 5; &lt;20,000: 10;
/// &lt;50,000: 50; &lt;200,000: 100; &lt;500,000: 500; else 1,000.
/// Before that (the table in force 2010-11 to 2023-01-24): &lt;1,000: 1; &lt;5,000: 5; &lt;10,000: 10;
/// &lt;50,000: 50; then KOSPI &lt;100,000: 100, &lt;500,000: 500, else 1,000 and KOSDAQ/KONEX 100 for all
/// prices from 50,000. Approximation: the older pre-2010 KOSPI table (5 KRW below 5,000) is not modelled;
/// the 2010-2023 table is used for every date before 2023-01-25.
/// </summary>
public static class TickSize
{
    /// <summary>First trading day of the unified table.</summary>
    public static readonly DateOnly Unified = new(2023, 1, 25);

    /// <summary>The tick in KRW for a price (any positive value; non-positive prices get the smallest tick, 1).</summary>
    public static double Of(double price, Market market, DateOnly date)
    {
        if (date >= Unified)
        {
            return OfUnifiedTable(price);
        }

        if (price < 1_000) { return 1; }
        if (price < 5_000) { return 5; }
        if (price < 10_000) { return 10; }
        if (price < 50_000) { return 50; }
        if (market != Market.Kospi) { return 100; }
        return price < 100_000 ? 100 : price < 500_000 ? 500 : 1_000;
    }

    /// <summary>The tick of the unified table in force from <see cref="Unified"/> (the same for every market).</summary>
    public static double OfUnifiedTable(double price) =>
        price < 2_000 ? 1 : price < 5_000 ? 5 : price < 20_000 ? 10 : price < 50_000 ? 50
            : price < 200_000 ? 100 : price < 500_000 ? 500 : 1_000;

    /// <summary>Rounds a price down to a valid tick (at least one tick).</summary>
    public static double RoundDown(double price, Market market, DateOnly date)
    {
        var tick = Of(price, market, date);
        return Math.Max(tick, Math.Floor(price / tick + 1e-6) * tick);
    }
}
