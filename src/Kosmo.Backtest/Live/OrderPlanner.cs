using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest.Live;

/// <summary>
/// The orders a run's backtest would place at the next open after signal date t, for a real account: the strategy sees
/// the account's holdings (weights at t's close, holding days) and the date's signals exactly as in
/// <see cref="BacktestEngine"/>, and the orders follow the simulator's execution rules with t's close standing in for the
/// unknown next open and t's volume for the next day's: whole shares floor(target × value / price); held codes within
/// the no-trade band are left alone; every order is capped at participation_cap × volume; buys are scaled down together
/// when they need more cash than the account has after its sells (commission and slippage included); sells are listed
/// first. The next session's price limits are given per order: the simulator skips a buy whose open is at the upper
/// limit and a sell whose open is at the lower limit, and so should the desk.
/// </summary>
public static class OrderPlanner
{
    /// <summary>Plans the orders.</summary>
    /// <param name="panel">The panel up to and including the signal date.</param>
    /// <param name="t">The signal date index.</param>
    /// <param name="signals">Signals (only row t is read by the strategies that need signals).</param>
    /// <param name="strategy">The run's strategy (a fresh instance).</param>
    /// <param name="options">The run's backtest options (frictions, no-trade band, universe mask).</param>
    /// <param name="accountValue">Cash plus holdings at t's close, KRW (&gt; 0).</param>
    /// <param name="holdings">Shares held per panel code index.</param>
    /// <param name="entries">Date index at which each holding was opened (missing: held since the panel's first date).</param>
    /// <exception cref="ArgumentException">The holdings are worth more than the account, or a held code has no price at t.</exception>
    public static OrderPlan Plan(Panel panel, int t, SignalMatrix? signals, IStrategy strategy, BacktestOptions options, long accountValue,
        IReadOnlyDictionary<int, long> holdings, IReadOnlyDictionary<int, int> entries)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(holdings);
        ArgumentNullException.ThrowIfNull(entries);
        var N = panel.CodeCount;
        var T = panel.DateCount;
        var close = panel.Field(PanelField.Close);
        var volume = panel.Field(PanelField.Volume);
        var fx = options.Frictions;
        var date = panel.Dates[t];
        double held = 0;
        foreach (var (i, shares) in holdings)
        {
            var c = LastClose(close, i, T, t);
            if (!(c > 0))
            {
                throw new ArgumentException($"holding {panel.Codes[i]} has no price on or before {date:yyyy-MM-dd}", nameof(holdings));
            }

            held += shares * c;
        }

        if (held > accountValue)
        {
            throw new ArgumentException($"the holdings are worth {held:N0} KRW at the {date:yyyy-MM-dd} close, more than the account value {accountValue:N0}", nameof(accountValue));
        }

        var cash = accountValue - (long)Math.Round(held);
        var weights = new double[N];
        var entry = new int[N];
        Array.Fill(entry, -1);
        foreach (var (i, shares) in holdings)
        {
            weights[i] = shares * LastClose(close, i, T, t) / accountValue;
            entry[i] = entries.TryGetValue(i, out var e) ? e : 0;
        }

        var delisted = new bool[N];
        for (var i = 0; i < N; i++)
        {
            delisted[i] = panel.Stocks[i].LastDate is { } last && last < date;
        }

        var context = new StrategyContext(panel, signals, options.UniverseMask, weights, entry, delisted) { T = t };
        var targets = new double[N];
        strategy.Targets(context, targets);

        var sells = new List<PlannedOrder>();
        var buys = new List<(int I, long Want, double Price, string Note)>();
        double proceeds = 0;
        for (var i = 0; i < N; i++)
        {
            var shares = holdings.GetValueOrDefault(i);
            var price = (double)close[(i * T) + t];
            if ((targets[i] <= 0 && shares == 0) || !(price > 0) || !float.IsFinite(close[(i * T) + t]))
            {
                continue;
            }

            if (shares > 0 && targets[i] > 0 && Math.Abs(targets[i] - weights[i]) < options.NoTradeBand)
            {
                continue;
            }

            var desired = (long)Math.Floor(targets[i] * accountValue / price);
            var cap = (long)Math.Floor(fx.ParticipationCap * volume[(i * T) + t]);
            if (desired < shares)
            {
                var q = Math.Min(shares - desired, cap);
                var note = q < shares - desired ? $"capped at {fx.ParticipationCap:P0} of volume ({shares - desired} wanted)" : "";
                var value = q * price;
                var cost = (long)(Math.Floor(fx.Commission.Commission(value, TradeSide.Sell)) + Math.Floor(fx.Tax.SellTax(value, panel.Stocks[i].Market, date.AddDays(2)))
                    + Math.Round(Slip(fx, panel, i, t, price, q, volume[(i * T) + t])));
                proceeds += value - cost;
                sells.Add(Order(panel, i, t, TradeSide.Sell, q, shares, targets[i], price, cap, cost, note));
            }
            else if (desired > shares)
            {
                var want = Math.Min(desired - shares, cap);
                buys.Add((i, want, price, want < desired - shares ? $"capped at {fx.ParticipationCap:P0} of volume ({desired - shares} wanted)" : ""));
            }
        }

        var available = cash + proceeds;
        double need = buys.Sum(b => BuyCost(fx, panel, b.I, t, b.Price, b.Want, volume));
        var scale = need > available ? available / need : 1.0;
        var orders = new List<PlannedOrder>(sells);
        double spent = 0;
        foreach (var (i, want, price, note) in buys)
        {
            var q = scale < 1 ? (long)Math.Floor(want * scale) : want;
            if (q <= 0)
            {
                continue;
            }

            var total = BuyCost(fx, panel, i, t, price, q, volume);
            spent += total;
            orders.Add(Order(panel, i, t, TradeSide.Buy, q, holdings.GetValueOrDefault(i), targets[i], price, (long)Math.Floor(fx.ParticipationCap * volume[(i * T) + t]),
                (long)Math.Round(total - (q * price)), scale < 1 ? Join(note, $"scaled to cash ({scale:P1} of the buys)") : note));
        }

        return new OrderPlan(targets, orders, accountValue, cash, (long)Math.Floor(available - spent));
    }

    private static PlannedOrder Order(Panel panel, int i, int t, TradeSide side, long q, long shares, double target, double price, long cap, long cost, string note)
    {
        var market = panel.Stocks[i].Market;
        var next = panel.Dates[t].AddDays(1);
        return new PlannedOrder(panel.Codes[i], side, q, shares, target, price, PriceLimit.Upper(price, market, next), PriceLimit.Lower(price, market, next), cap, cost, note);
    }

    private static double BuyCost(Costs.Frictions fx, Panel panel, int i, int t, double price, long q, float[] volume)
    {
        var value = q * price;
        return value + Math.Floor(fx.Commission.Commission(value, TradeSide.Buy)) + Math.Round(Slip(fx, panel, i, t, price, q, volume[(i * panel.DateCount) + t]));
    }

    private static double Slip(Costs.Frictions fx, Panel panel, int i, int t, double price, long q, double dayVolume)
    {
        var tick = fx.TickSpread ? TickSize.Of(price, panel.Stocks[i].Market, panel.Dates[t]) : 0;
        return fx.Slippage.Slippage(price, tick, Volatility(panel, i, t, 20), q, dayVolume);
    }

    /// <summary>Sample std of the trailing daily adjusted-close returns (as the simulator's slippage input).</summary>
    private static double Volatility(Panel panel, int i, int t, int lookback)
    {
        var adj = panel.Series(PanelField.AdjClose, i);
        var n = 0;
        double sum = 0, sq = 0;
        for (var d = Math.Max(1, t - lookback + 1); d <= t; d++)
        {
            var a = adj[d - 1];
            var b = adj[d];
            if (!(a > 0) || !(b > 0))
            {
                continue;
            }

            var r = (b / (double)a) - 1;
            sum += r;
            sq += r * r;
            n++;
        }

        return n < 2 ? double.NaN : Math.Sqrt(Math.Max(0, (sq - (sum * sum / n)) / (n - 1)));
    }

    private static double LastClose(float[] close, int i, int T, int t)
    {
        for (var d = t; d >= 0; d--)
        {
            var c = close[(i * T) + d];
            if (c > 0 && float.IsFinite(c))
            {
                return c;
            }
        }

        return double.NaN;
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : a + "; " + b;
}
