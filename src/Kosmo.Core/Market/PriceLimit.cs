namespace Kosmo.Core;

/// <summary>
/// KRX daily price limit (상하한가): the fraction a price may move from the previous close in one day.
/// ±30% on KOSPI/KOSDAQ since 2015-06-15, ±15% before; KONEX ±15% throughout (documented approximation:
/// KONEX has its own history; ±15% is used for every date).
/// </summary>
public static class PriceLimit
{
    /// <summary>First trading day of the ±30% regime.</summary>
    public static readonly DateOnly Widened = new(2015, 6, 15);

    /// <summary>The limit as a fraction (0.30 or 0.15) for a market on a trade date.</summary>
    public static double Fraction(Market market, DateOnly date) =>
        market == Market.Konex ? 0.15 : MainBoardFraction(date);

    /// <summary>The KOSPI/KOSDAQ limit as a fraction on a trade date: 0.30 from <see cref="Widened"/>, 0.15 before.</summary>
    public static double MainBoardFraction(DateOnly date) => date >= Widened ? 0.30 : 0.15;

    /// <summary>
    /// The limit width in KRW: previous close × limit, truncated to the tick of the previous close (KRX practice,
    /// checked against every limit close in the raw marcap data 2021-2025).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">prevClose is not positive and finite.</exception>
    public static double Width(double prevClose, Market market, DateOnly date)
    {
        CheckPrice(prevClose);
        var tick = TickSize.Of(prevClose, market, date);
        return Math.Floor((prevClose * Fraction(market, date) / tick) + 1e-6) * tick;
    }

    /// <summary>The upper limit price: previous close + <see cref="Width"/>, then rounded down to the tick of that price.</summary>
    /// <exception cref="ArgumentOutOfRangeException">prevClose is not positive and finite.</exception>
    public static double Upper(double prevClose, Market market, DateOnly date)
    {
        var raw = prevClose + Width(prevClose, market, date);
        var tick = TickSize.Of(raw, market, date);
        return Math.Floor((raw / tick) + 1e-6) * tick;
    }

    /// <summary>The lower limit price: previous close − <see cref="Width"/>, then rounded up to the tick of that price.</summary>
    /// <exception cref="ArgumentOutOfRangeException">prevClose is not positive and finite.</exception>
    public static double Lower(double prevClose, Market market, DateOnly date)
    {
        var raw = prevClose - Width(prevClose, market, date);
        var tick = TickSize.Of(raw, market, date);
        return Math.Ceiling((raw / tick) - 1e-6) * tick;
    }

    /// <summary>True when <paramref name="price"/> is at or above the upper limit (no buy can fill there).</summary>
    public static bool IsAtUpper(double prevClose, double price, Market market, DateOnly date) =>
        double.IsFinite(prevClose) && prevClose > 0 && price >= Upper(prevClose, market, date);

    /// <summary>True when <paramref name="price"/> is at or below the lower limit (no sell can fill there).</summary>
    public static bool IsAtLower(double prevClose, double price, Market market, DateOnly date) =>
        double.IsFinite(prevClose) && prevClose > 0 && price <= Lower(prevClose, market, date);

    private static void CheckPrice(double p)
    {
        if (!(p > 0) || !double.IsFinite(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Previous close must be positive and finite.");
        }
    }
}
