namespace Kosmo.Features.Labels;

/// <summary>Why a (code, date) cell has a label or not. Values up to <see cref="LabeledHaltedAtExit"/> carry a label.</summary>
public enum LabelStatus : byte
{
    /// <summary>Labelled; the window ended as planned.</summary>
    Labeled = 0,
    /// <summary>Labelled; the stock delisted inside the window and the label exits at its last close (flagged).</summary>
    LabeledDelisted = 1,
    /// <summary>Labelled; the stock was halted on the window's last day and the label exits at the last close before it (position carried).</summary>
    LabeledHaltedAtExit = 2,
    /// <summary>No label: the stock has no close on date t, or no trading day after t (not listed).</summary>
    NotListed = 3,
    /// <summary>No label: the stock does not trade on the entry day t+1 (halted), so no position can be opened.</summary>
    HaltedAtEntry = 4,
    /// <summary>No label: the stock opens at the upper price limit on the entry day (no sellers: cannot buy).</summary>
    UpperLimitAtEntry = 5,
    /// <summary>No label: the daily volatility at t is not yet known (too little history).</summary>
    NoVolatility = 6,
    /// <summary>No label: the label window reaches past the last date of the panel while the stock is still listed.</summary>
    WindowIncomplete = 7,
    /// <summary>No label: meta-labelling had no primary side (0) for this cell.</summary>
    NoSide = 8,
    /// <summary>No label: trend scanning found no window of at least MinSpan days with 3 trading closes (halts, early delisting).</summary>
    TooFewPrices = 9,
    /// <summary>No label: a cross-sectional label (cs_tercile) at a date where the stock is not a universe member.</summary>
    OutsideUniverse = 10,
    /// <summary>No label: fewer than 3 universe members have a forward return at this date, so no tercile or universe average is defined.</summary>
    SmallCrossSection = 11,
}
