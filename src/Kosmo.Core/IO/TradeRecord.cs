namespace Kosmo.Core.IO;

/// <summary>One row of <c>RUN/trades.csv</c>: one fill of one strategy. Money in KRW.</summary>
/// <param name="Date">The fill date.</param>
/// <param name="Code">Stock code, as text (leading zeros kept).</param>
/// <param name="Strategy">The strategy (the key under <c>backtests</c> in metrics.json).</param>
/// <param name="Side">"buy", "sell" or "delist" (<see cref="TradesCsv.Sides"/>).</param>
/// <param name="Shares">Shares filled (≥ 0).</param>
/// <param name="Price">Fill price per share (NaN when the file leaves it empty).</param>
/// <param name="Commission">Commission paid.</param>
/// <param name="Tax">Transaction tax paid.</param>
/// <param name="Slippage">Slippage cost.</param>
public readonly record struct TradeRecord(DateOnly Date, string Code, string Strategy, string Side, long Shares, double Price, long Commission, long Tax, long Slippage);
