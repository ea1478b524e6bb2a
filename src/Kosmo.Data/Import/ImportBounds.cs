namespace Kosmo.Data.Import;

/// <summary>
/// Plausibility bounds every imported row must meet (a row outside them is a <see cref="Kosmo.Core.DataValidationException"/>,
/// exit 3). They are far outside anything KRX has printed, so only broken or shifted files hit them; docs/bad-inputs.md
/// lists them.
/// </summary>
internal static class ImportBounds
{
    /// <summary>Largest daily volume (shares): 1e13 (KRX's busiest stock-days trade about 1e9 shares).</summary>
    public const double MaxVolume = 1e13;

    /// <summary>Largest daily trading value, market cap or index amount in KRW: 1e16 (the whole KRX market cap is about 3e15).</summary>
    public const double MaxAmountKrw = 1e16;

    /// <summary>Largest listed share count: 1e13.</summary>
    public const double MaxShares = 1e13;

    /// <summary>Length of a stock code: exactly 6 characters (a shorter all-digit code is zero-padded first; see also
    /// <see cref="IsIndexPseudoCode"/>).</summary>
    public const int CodeLength = 6;

    /// <summary>
    /// The market-index pseudo-codes some long-format stock files carry as a code (the Yahoo KOSPI file holds 'kospi' rows):
    /// accepted whatever their length, as before the 6-character rule.
    /// </summary>
    public static bool IsIndexPseudoCode(string code) =>
        code.Equals("kospi", StringComparison.OrdinalIgnoreCase) || code.Equals("kosdaq", StringComparison.OrdinalIgnoreCase)
        || code.Equals("kospi200", StringComparison.OrdinalIgnoreCase) || code.Equals("konex", StringComparison.OrdinalIgnoreCase);

    /// <summary>The latest date a row may carry: tomorrow (UTC date + 1 day, so a KRX day in Seoul's time zone always passes).</summary>
    public static int LatestDateKey()
    {
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        return tomorrow.Year * 10000 + tomorrow.Month * 100 + tomorrow.Day;
    }
}
