namespace Kosmo.Core;

/// <summary>
/// Sell-side transaction tax (증권거래세, plus 농어촌특별세 on KOSPI) by settlement date and market, as a fraction
/// of the sale value. KOSPI = securities transaction tax + 0.15% rural special tax; KOSDAQ = securities
/// transaction tax only, set equal to the KOSPI total in every period; KONEX 0.10% from 2019-05-30
/// (0.30% before, like KOSDAQ). Splits (KOSPI tax + rural = total; KOSDAQ):
/// until 2019-05-29: 0.15+0.15=0.30, 0.30; from 2019-05-30: 0.10+0.15=0.25, 0.25;
/// 2021-01-01: 0.08+0.15=0.23, 0.23; 2023-01-01: 0.05+0.15=0.20, 0.20; 2024-01-01: 0.03+0.15=0.18, 0.18;
/// 2025-01-01: 0.00+0.15=0.15, 0.15; 2026-01-01: 0.05+0.15=0.20, 0.20.
/// </summary>
public static class TransactionTax
{
    /// <summary>The rural special tax on KOSPI sales (0.15%), included in <see cref="SellRate"/> for KOSPI.</summary>
    public const double KospiRuralTax = 0.0015;

    private static readonly (DateOnly From, double Total)[] _schedule =
    [
        (DateOnly.MinValue, 0.0030),
        (new DateOnly(2019, 5, 30), 0.0025),
        (new DateOnly(2021, 1, 1), 0.0023),
        (new DateOnly(2023, 1, 1), 0.0020),
        (new DateOnly(2024, 1, 1), 0.0018),
        (new DateOnly(2025, 1, 1), 0.0015),
        (new DateOnly(2026, 1, 1), 0.0020),
    ];

    /// <summary>The total sell-side tax rate (fraction) for a sale settling on <paramref name="settlementDate"/>.</summary>
    public static double SellRate(Market market, DateOnly settlementDate)
    {
        if (market == Market.Konex)
        {
            return settlementDate >= new DateOnly(2019, 5, 30) ? 0.0010 : 0.0030;
        }

        var rate = _schedule[0].Total;
        foreach (var (from, total) in _schedule)
        {
            if (settlementDate >= from)
            {
                rate = total;
            }
        }

        return rate;
    }

    /// <summary>The securities-transaction-tax part only (KOSPI: total − 0.15% rural; other markets: total).</summary>
    public static double SecuritiesTaxPart(Market market, DateOnly settlementDate) =>
        market == Market.Kospi ? SellRate(market, settlementDate) - KospiRuralTax : SellRate(market, settlementDate);

    /// <summary>
    /// Settlement date of a trade (T+2 business days): the trading date two rows after <paramref name="t"/> in
    /// <paramref name="calendar"/>, or two weekdays later when the calendar ends first.
    /// </summary>
    public static DateOnly SettlementDate(IReadOnlyList<DateOnly> calendar, int t)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (t + 2 < calendar.Count)
        {
            return calendar[t + 2];
        }

        var d = calendar[t];
        for (var added = 0; added < 2;)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            {
                added++;
            }
        }

        return d;
    }
}
