using Kosmo.Core;

namespace Kosmo.Backtest.Strategies;

/// <summary>
/// One virtual sub-portfolio of <see cref="OverlappingPortfolioStrategy"/>: cash plus units of codes, valued at the
/// last positive adjusted close at or before the valuation date (the price at purchase when none is newer).
/// </summary>
internal sealed class Tranche
{
    private readonly Dictionary<int, (double Units, double Price, int At)> _positions = [];
    private double _cash;

    public Tranche(double cash) => _cash = cash;

    /// <summary>Cash plus units × last known adjusted close at or before t.</summary>
    public double Value(Panel panel, int t)
    {
        var v = _cash;
        foreach (var (code, p) in _positions) { v += p.Units * Price(panel, code, t, p); }
        return v;
    }

    /// <summary>Sells everything at value: the tranche becomes <paramref name="value"/> of cash.</summary>
    public void Reset(double value)
    {
        _positions.Clear();
        _cash = value;
    }

    /// <summary>Moves <paramref name="amount"/> of cash into <paramref name="code"/> at <paramref name="price"/> on date index t.</summary>
    public void Buy(int code, double amount, double price, int t)
    {
        _cash -= amount;
        _positions[code] = (amount / price, price, t);
    }

    /// <summary>Adds this tranche's value per code divided by <paramref name="total"/> to weights.</summary>
    public void AddWeights(Panel panel, int t, double total, double[] weights)
    {
        foreach (var (code, p) in _positions) { weights[code] += p.Units * Price(panel, code, t, p) / total; }
    }

    private static double Price(Panel panel, int code, int t, (double Units, double Price, int At) p)
    {
        var adj = panel.Field(PanelField.AdjClose);
        var T = panel.DateCount;
        for (var d = t; d >= 0; d--)
        {
            var a = adj[(code * T) + d];
            if (d < p.At) { break; }
            if (a > 0 && float.IsFinite(a)) { return a; }
        }

        return p.Price;
    }
}
