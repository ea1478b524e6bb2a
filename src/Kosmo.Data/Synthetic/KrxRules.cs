using Kosmo.Core;

namespace Kosmo.Data.Synthetic;

/// <summary>
/// The generator's price rounding under the KRX rules of <c>Kosmo.Core</c>: the unified tick table
/// (<see cref="TickSize.OfUnifiedTable"/>, used for every date) and the KOSPI/KOSDAQ daily limit
/// (<see cref="PriceLimit.MainBoardFraction"/>).
/// </summary>
internal static class KrxRules
{
    /// <summary>Daily price limit as a fraction of the base price.</summary>
    public static double Limit(DateOnly date) => PriceLimit.MainBoardFraction(date);

    /// <summary>Tick size in KRW for a price.</summary>
    public static double Tick(double price) => TickSize.OfUnifiedTable(price);

    /// <summary>Rounds to the nearest tick.</summary>
    public static double Round(double price)
    {
        var t = Tick(price);
        return Math.Max(t, Math.Round(price / t, MidpointRounding.AwayFromZero) * t);
    }

    /// <summary>Upper limit price: base × (1 + limit), rounded down to a tick.</summary>
    public static double Upper(double basePrice, DateOnly date)
    {
        var p = basePrice * (1 + Limit(date));
        return Math.Floor(p / Tick(p)) * Tick(p);
    }

    /// <summary>Lower limit price: base × (1 − limit), rounded up to a tick.</summary>
    public static double Lower(double basePrice, DateOnly date)
    {
        var p = basePrice * (1 - Limit(date));
        return Math.Max(1, Math.Ceiling(p / Tick(p)) * Tick(p));
    }
}
