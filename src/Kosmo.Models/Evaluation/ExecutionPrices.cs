using Kosmo.Core;

namespace Kosmo.Models.Evaluation;

/// <summary>
/// The price a signal of date t is traded at, per (code, date) of a panel: the adjusted open (default backtest
/// execution: orders decided at the close of t fill at the open of t+1) or the adjusted close (execution: close).
/// Adjusted with the day's factor AdjClose / Close; NaN on a day the stock does not trade. The forward return of a
/// signal at t over h days is P(t+1+h) / P(t+1) − 1: bought at t+1's execution price, held h trading days.
/// </summary>
public sealed class ExecutionPrices
{
    private readonly Panel _panel;
    private readonly float[] _price;  // float: T × N of them on the real panel

    /// <summary>Builds the price table.</summary>
    /// <param name="panel">The run's panel.</param>
    /// <param name="atClose">True for close-to-close (backtest.execution: close), false for open-to-open (open).</param>
    public ExecutionPrices(Panel panel, bool atClose)
    {
        ArgumentNullException.ThrowIfNull(panel);
        _panel = panel;
        AtClose = atClose;
        var T = panel.DateCount;
        var open = panel.Field(PanelField.Open);
        var close = panel.Field(PanelField.Close);
        var adj = panel.Field(PanelField.AdjClose);
        _price = new float[T * panel.CodeCount];
        for (var i = 0; i < panel.CodeCount; i++)
        {
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                double c = close[k], a = adj[k], p = atClose ? c : open[k];
                var factor = a > 0 && double.IsFinite(a) && c > 0 ? a / c : 1.0;
                _price[k] = panel.IsTrading(i, t) && p > 0 && double.IsFinite(p) ? (float)(p * factor) : float.NaN;
            }
        }
    }

    /// <summary>True when the prices are closes, false when opens.</summary>
    public bool AtClose { get; }

    /// <summary>Index of a date in the panel, -1 when absent.</summary>
    public int DateIndex(DateOnly date) => _panel.IndexOfDate(date);

    /// <summary>Index of a code in the panel, -1 when absent.</summary>
    public int CodeIndex(string code) => _panel.IndexOfCode(code);

    /// <summary>The h-day forward return of a signal at date index t for code index i (NaN when either price is missing or past the panel).</summary>
    public double Forward(int codeIndex, int t, int horizon)
    {
        var T = _panel.DateCount;
        if (t < 0 || codeIndex < 0 || t + 1 + horizon >= T)
        {
            return double.NaN;
        }

        var k = codeIndex * T;
        return (double)_price[k + t + 1 + horizon] / _price[k + t + 1] - 1.0;
    }
}
