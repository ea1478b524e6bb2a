namespace Kosmo.Data.Synthetic;

/// <summary>KRX price rules the generator obeys: tick size (2023 table) and the daily price limit.</summary>
internal static class KrxRules
{
    /// <summary>The day ±15% became ±30%.</summary>
    public static readonly DateOnly LimitChange = new(2015, 6, 15);

    /// <summary>Daily price limit as a fraction of the base price.</summary>
    public static double Limit(DateOnly date) => date < LimitChange ? 0.15 : 0.30;

    /// <summary>Tick size in KRW for a price.</summary>
    public static double Tick(double price) => price switch
    {
        < 2_000 => 1,
        < 5_000 => 5,
        < 20_000 => 10,
        < 50_000 => 50,
        < 200_000 => 100,
        < 500_000 => 500,
        _ => 1_000,
    };

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
