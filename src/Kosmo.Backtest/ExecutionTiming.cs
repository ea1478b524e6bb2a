namespace Kosmo.Backtest;

/// <summary>When orders decided at the close of day t are filled on day t+1.</summary>
public enum ExecutionTiming
{
    /// <summary>At the open of t+1 (default).</summary>
    Open = 0,

    /// <summary>At the close of t+1 (closing auction).</summary>
    Close = 1,
}
