namespace Kosmo.Backtest.Live;

/// <summary>
/// One order for the next session's open, sized as the backtest would size it.
/// </summary>
/// <param name="Code">Stock code.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Shares">Shares to trade (whole shares: the KRX lot is one share), after the participation cap and the cash scaling.</param>
/// <param name="CurrentShares">Shares held now.</param>
/// <param name="TargetWeight">The strategy's target weight (fraction of account value).</param>
/// <param name="ReferencePrice">The signal date's close: the estimate of the open the order is sized at.</param>
/// <param name="UpperLimit">Next session's upper price limit (from the signal date's close): a buy is not placed when the open is at or above it.</param>
/// <param name="LowerLimit">Next session's lower price limit: a sell cannot fill when the open is at or below it.</param>
/// <param name="CapShares">Participation cap in shares: the cap fraction × the signal date's volume (the estimate of the next day's).</param>
/// <param name="EstimatedCost">Commission, tax (sells) and slippage at the reference price, KRW.</param>
/// <param name="Note">Why the size differs from the target, if it does (capped, scaled to cash, held by the no-trade band).</param>
public sealed record PlannedOrder(string Code, TradeSide Side, long Shares, long CurrentShares, double TargetWeight, double ReferencePrice,
    double UpperLimit, double LowerLimit, long CapShares, long EstimatedCost, string Note);
