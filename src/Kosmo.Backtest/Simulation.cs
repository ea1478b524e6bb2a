using Kosmo.Backtest.Costs;
using Kosmo.Backtest.Strategies;
using Kosmo.Core;

namespace Kosmo.Backtest;

/// <summary>The state of one <see cref="BacktestEngine.Run"/>: cash, shares, last prices; see the engine for the rules.</summary>
internal sealed class Simulation
{
    private readonly Panel _panel;
    private readonly IStrategy _strategy;
    private readonly BacktestOptions _options;
    private readonly Frictions _fx;
    private readonly int _dates;
    private readonly int _codes;
    private readonly float[] _open;
    private readonly float[] _close;
    private readonly float[] _adj;
    private readonly float[] _volume;
    private readonly int[] _lastIndex;
    private readonly long[] _shares;
    private readonly double[] _lastPrice;
    private readonly double[] _target;
    private readonly double[] _weights;
    private readonly int[] _entry;
    private readonly bool[] _delisted;
    private readonly StrategyContext _context;
    private readonly List<Trade> _trades = [];
    private readonly List<int> _buys = [];
    private long _cash;

    public Simulation(Panel panel, SignalMatrix? signals, IStrategy strategy, BacktestOptions options)
    {
        _panel = panel;
        _strategy = strategy;
        _options = options;
        _fx = options.Frictions;
        _dates = panel.DateCount;
        _codes = panel.CodeCount;
        _open = panel.Field(PanelField.Open);
        _close = panel.Field(PanelField.Close);
        _adj = panel.Field(PanelField.AdjClose);
        _volume = panel.Field(PanelField.Volume);
        _shares = new long[_codes];
        _lastPrice = new double[_codes];
        _target = new double[_codes];
        _weights = new double[_codes];
        _entry = new int[_codes];
        _delisted = new bool[_codes];
        _lastIndex = new int[_codes];
        Array.Fill(_entry, -1);
        Array.Fill(_lastPrice, double.NaN);
        var lastDate = panel.Dates[^1];
        for (var i = 0; i < _codes; i++)
        {
            var ld = panel.Stocks[i].LastDate;
            _lastIndex[i] = ld is { } d && d < lastDate ? panel.IndexAtOrBefore(d) : int.MaxValue;
        }

        _context = new StrategyContext(panel, signals, options.UniverseMask, _weights, _entry, _delisted);
        _cash = options.InitialCash;
    }

    public BacktestResult Run()
    {
        var start = _options.StartIndex ?? (_context.Signals is { FirstIndex: >= 0 } s && _strategy.NeedsSignals ? s.FirstIndex : 0);
        var end = Math.Min(_options.EndIndex ?? (_dates - 1), _dates - 1);
        if (start < 0 || start > end) { throw new ArgumentException($"Empty date range [{start}, {end}].", nameof(_options)); }
        var days = end - start + 1;
        var equity = new double[days];
        var costs = new double[days];
        var turnover = new double[days];
        var holdings = new int[days];
        var pending = false;
        for (var t = start; t <= end; t++)
        {
            var day = t - start;
            costs[day] += ExitDelisted(t);
            if (pending)
            {
                var (cost, turn) = Execute(t);
                costs[day] += cost;
                turnover[day] = turn;
                pending = false;
            }

            var (value, count) = Mark(t);
            equity[day] = value;
            holdings[day] = count;
            if (t < end && day % _options.RebalanceEvery == 0)
            {
                for (var i = 0; i < _codes; i++) { _weights[i] = _shares[i] > 0 ? _shares[i] * _lastPrice[i] / value : 0; }
                Array.Clear(_target);
                _context.T = t;
                _strategy.Targets(_context, _target);
                pending = true;
            }
        }

        return new BacktestResult
        {
            Name = _strategy.Name,
            Dates = _panel.Dates[start..(end + 1)],
            Equity = equity,
            Costs = costs,
            Turnover = turnover,
            Holdings = holdings,
            Trades = _trades,
            InitialCash = _options.InitialCash,
        };
    }

    private double ExitDelisted(int t)
    {
        for (var i = 0; i < _codes; i++)
        {
            if (t <= _lastIndex[i]) { continue; }
            _delisted[i] = true;
            if (_shares[i] <= 0) { continue; }
            var price = Math.Max(0, _lastPrice[i] * (1 - _fx.DelistingHaircut));
            _cash += (long)Math.Floor(_shares[i] * price);
            _trades.Add(new Trade(_panel.Dates[t], _panel.Codes[i], TradeSide.Delist, _shares[i], price, 0, 0, 0));
            _shares[i] = 0;
            _entry[i] = -1;
        }

        return 0;
    }

    private (double Value, int Count) Mark(int t)
    {
        double value = _cash;
        var count = 0;
        for (var i = 0; i < _codes; i++)
        {
            if (_shares[i] <= 0) { continue; }
            var c = _close[(i * _dates) + t];
            if (c > 0 && float.IsFinite(c)) { _lastPrice[i] = c; }
            value += _shares[i] * _lastPrice[i];
            count++;
        }

        return (value, count);
    }

    /// <summary>The last positive close before t (NaN when none): the base of the day's price limits.</summary>
    private double PrevClose(int i, int t)
    {
        for (var d = t - 1; d >= 0; d--)
        {
            var c = _close[(i * _dates) + d];
            if (c > 0 && float.IsFinite(c)) { return c; }
        }

        return double.NaN;
    }

    private (double Cost, double Turnover) Execute(int t)
    {
        var date = _panel.Dates[t];
        var settle = TransactionTax.SettlementDate(_panel.Dates, t);
        double equity = _cash;
        for (var i = 0; i < _codes; i++)
        {
            if (_shares[i] > 0) { equity += _shares[i] * (Tradable(i, t, out var p) ? p : _lastPrice[i]); }
        }

        if (equity <= 0) { return (0, 0); }
        double cost = 0, traded = 0;
        _buys.Clear();
        for (var i = 0; i < _codes; i++)
        {
            if ((_target[i] <= 0 && _shares[i] == 0) || !Tradable(i, t, out var price)) { continue; }
            if (_shares[i] > 0 && _target[i] > 0 && Math.Abs(_target[i] - (_shares[i] * price / equity)) < _options.NoTradeBand) { continue; }
            var desired = (long)Math.Floor(_target[i] * equity / price);
            if (desired < _shares[i]) { (cost, traded) = Add((cost, traded), Sell(i, t, price, _shares[i] - desired, date, settle)); }
            else if (desired > _shares[i]) { _buys.Add(i); }
        }

        var qty = new long[_buys.Count];
        double need = 0;
        for (var j = 0; j < _buys.Count; j++)
        {
            var i = _buys[j];
            Tradable(i, t, out var price);
            var market = _panel.MarketAt(i, t);
            if (PriceLimit.IsAtUpper(PrevClose(i, t), price, market, date) || (_options.Timing == ExecutionTiming.Close && (_panel.Flags[(i * _dates) + t] & BarFlags.UpperLimit) != 0)) { continue; }
            var desired = (long)Math.Floor(_target[i] * equity / price);
            qty[j] = Math.Min(desired - _shares[i], Cap(i, t));
            need += BuyCost(i, t, price, qty[j]).Total;
        }

        var scale = need > _cash ? _cash / need : 1.0;
        for (var j = 0; j < _buys.Count; j++)
        {
            if (qty[j] <= 0) { continue; }
            var i = _buys[j];
            Tradable(i, t, out var price);
            var q = scale < 1 ? (long)Math.Floor(qty[j] * scale) : qty[j];
            var c = BuyCost(i, t, price, q);
            while (q > 0 && c.Total > _cash)
            {
                q = Math.Max(0, Math.Min(q - 1, (long)Math.Floor(q * ((double)_cash / c.Total))));
                c = BuyCost(i, t, price, q);
            }

            if (q <= 0) { continue; }
            _cash -= c.Total;
            if (_shares[i] == 0) { _entry[i] = t; }
            _shares[i] += q;
            _lastPrice[i] = double.IsNaN(_lastPrice[i]) || _shares[i] == q ? price : _lastPrice[i];
            _trades.Add(new Trade(date, _panel.Codes[i], TradeSide.Buy, q, price, c.Commission, 0, c.Slippage));
            cost += c.Commission + c.Slippage;
            traded += c.Value;
        }

        return (cost, traded / 2 / equity);
    }

    private static (double, double) Add((double C, double V) a, (double C, double V) b) => (a.C + b.C, a.V + b.V);

    private (double Cost, double Value) Sell(int i, int t, double price, long want, DateOnly date, DateOnly settle)
    {
        var market = _panel.MarketAt(i, t);
        if (PriceLimit.IsAtLower(PrevClose(i, t), price, market, date) || (_options.Timing == ExecutionTiming.Close && (_panel.Flags[(i * _dates) + t] & BarFlags.LowerLimit) != 0)) { return (0, 0); }
        var q = Math.Min(want, Cap(i, t));
        if (q <= 0) { return (0, 0); }
        var value = (long)Math.Round(q * price);
        var commission = (long)Math.Floor(_fx.Commission.Commission(value, TradeSide.Sell));
        var tax = (long)Math.Floor(_fx.Tax.SellTax(value, market, settle));
        var slip = Slip(i, t, price, q, TradeSide.Sell, market, date);
        _cash += value - commission - tax - slip;
        _shares[i] -= q;
        if (_shares[i] == 0) { _entry[i] = -1; }
        _trades.Add(new Trade(date, _panel.Codes[i], TradeSide.Sell, q, price, commission, tax, slip));
        return (commission + tax + slip, value);
    }

    private (long Value, long Commission, long Slippage, long Total) BuyCost(int i, int t, double price, long q)
    {
        if (q <= 0) { return (0, 0, 0, 0); }
        var market = _panel.MarketAt(i, t);
        var date = _panel.Dates[t];
        var value = (long)Math.Round(q * price);
        var commission = (long)Math.Floor(_fx.Commission.Commission(value, TradeSide.Buy));
        var slip = Slip(i, t, price, q, TradeSide.Buy, market, date);
        return (value, commission, slip, value + commission + slip);
    }

    /// <summary>
    /// The slippage model's cost of <paramref name="q"/> shares, capped so that the fill stays inside the day's price
    /// band: on KRX a sell cannot fill below the lower limit nor a buy above the upper one (without a previous close the
    /// band is ± the limit fraction of the price). Without the cap a volatile stock's square-root impact could exceed
    /// the sale's value, so that selling cost cash and a long-only book's equity could fall below zero.
    /// </summary>
    private long Slip(int i, int t, double price, long q, TradeSide side, Market market, DateOnly date)
    {
        var raw = _fx.Slippage.Slippage(price, Tick(price, market, date), Volatility(i, t), q, _volume[(i * _dates) + t]);
        var prev = PrevClose(i, t);
        var room = double.IsNaN(prev)
            ? price * PriceLimit.Fraction(market, date)
            : side == TradeSide.Buy ? PriceLimit.Upper(prev, market, date) - price : price - PriceLimit.Lower(prev, market, date);
        return (long)Math.Round(Math.Min(raw, Math.Max(0, room) * q));
    }

    private double Tick(double price, Market market, DateOnly date) => _fx.TickSpread ? TickSize.Of(price, market, date) : 0;

    private long Cap(int i, int t) => (long)Math.Floor(_fx.ParticipationCap * _volume[(i * _dates) + t]);

    private bool Tradable(int i, int t, out double price)
    {
        var k = (i * _dates) + t;
        price = _options.Timing == ExecutionTiming.Open ? _open[k] : _close[k];
        return !_delisted[i] && price > 0 && double.IsFinite(price) && _panel.IsTrading(i, t);
    }

    private double Volatility(int i, int t)
    {
        var n = 0;
        double sum = 0, sq = 0;
        for (var d = Math.Max(1, t - _options.VolatilityLookback); d < t; d++)
        {
            var a = _adj[(i * _dates) + d - 1];
            var b = _adj[(i * _dates) + d];
            if (!(a > 0) || !(b > 0)) { continue; }
            var r = (b / (double)a) - 1;
            sum += r;
            sq += r * r;
            n++;
        }

        return n < 2 ? double.NaN : Math.Sqrt(Math.Max(0, (sq - (sum * sum / n)) / (n - 1)));
    }
}
