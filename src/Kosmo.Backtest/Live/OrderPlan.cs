namespace Kosmo.Backtest.Live;

/// <summary>The strategy's target weights for the next session and the orders that move the account there.</summary>
/// <param name="Targets">Target weight per panel code (length N; 0 = not held).</param>
/// <param name="Orders">Sells first, then buys, each by code.</param>
/// <param name="AccountValue">Cash plus holdings at the signal date's close, KRW.</param>
/// <param name="Cash">Cash before the orders, KRW.</param>
/// <param name="CashAfter">Estimated cash after every order fills at the reference prices, net of costs, KRW.</param>
public sealed record OrderPlan(double[] Targets, IReadOnlyList<PlannedOrder> Orders, long AccountValue, long Cash, long CashAfter);
