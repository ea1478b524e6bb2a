namespace Kosmo.Data.Panel;

/// <summary>Float columns of a buffered bar row (same order as the loader's SELECT from column 2 on).</summary>
internal enum BarField
{
    Open = 0,
    High = 1,
    Low = 2,
    Close = 3,
    AdjClose = 4,
    Volume = 5,
    Amount = 6,
    MarketCap = 7,
    Shares = 8,
    ChangeRatio = 9,
}
