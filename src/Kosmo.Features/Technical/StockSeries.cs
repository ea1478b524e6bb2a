using Kosmo.Core;

namespace Kosmo.Features.Technical;

/// <summary>
/// One stock's inputs prepared for the per-stock features (all arrays length T, aligned with the panel calendar).
/// Halt convention: every array is NaN on a day the stock did not trade (<see cref="Panel.IsTrading"/> false),
/// so features are NaN on those days; a return after a halt spans the halt (it is taken against the last
/// traded price). Prices are on the adjusted basis: <c>AdjClose</c> where finite on that day, else <c>Close</c>;
/// open, high and low are rescaled by the same day's factor price / close.
/// </summary>
public sealed class StockSeries
{
    private StockSeries(Panel panel, int codeIndex)
    {
        Panel = panel;
        CodeIndex = codeIndex;
        var T = panel.DateCount;
        Price = new double[T];
        Open = new double[T];
        High = new double[T];
        Low = new double[T];
        Volume = new double[T];
        Value = new double[T];
        MarketCap = new double[T];
        LogReturn = new double[T];
        Trading = new bool[T];
        var close = panel.Series(PanelField.Close, codeIndex);
        var adj = panel.Series(PanelField.AdjClose, codeIndex);
        var open = panel.Series(PanelField.Open, codeIndex);
        var high = panel.Series(PanelField.High, codeIndex);
        var low = panel.Series(PanelField.Low, codeIndex);
        var volume = panel.Series(PanelField.Volume, codeIndex);
        var value = panel.Series(PanelField.Value, codeIndex);
        var cap = panel.Series(PanelField.MarketCap, codeIndex);
        var lastLog = double.NaN;
        FirstBar = -1;
        var indices = new List<int>(T);
        for (var t = 0; t < T; t++)
        {
            if (FirstBar < 0 && float.IsFinite(close[t]) && close[t] > 0)
            {
                FirstBar = t;
            }

            MarketCap[t] = cap[t] > 0 ? cap[t] : double.NaN;
            Trading[t] = panel.IsTrading(codeIndex, t);
            if (!Trading[t])
            {
                Price[t] = Open[t] = High[t] = Low[t] = Volume[t] = Value[t] = LogReturn[t] = double.NaN;
                continue;
            }

            indices.Add(t);
            double p = float.IsFinite(adj[t]) && adj[t] > 0 ? adj[t] : close[t];
            var factor = p / close[t];
            Price[t] = p;
            Open[t] = open[t] > 0 ? open[t] * factor : double.NaN;
            High[t] = high[t] > 0 ? high[t] * factor : double.NaN;
            Low[t] = low[t] > 0 ? low[t] * factor : double.NaN;
            Volume[t] = volume[t];
            Value[t] = float.IsFinite(value[t]) ? value[t] : double.NaN;
            var lp = Math.Log(p);
            LogReturn[t] = lp - lastLog;
            lastLog = lp;
        }

        TradingIndices = indices.ToArray();
    }

    /// <summary>The panel the series came from.</summary>
    public Panel Panel { get; }

    /// <summary>Column index of the stock in the panel.</summary>
    public int CodeIndex { get; }

    /// <summary>Number of dates T.</summary>
    public int Length => Price.Length;

    /// <summary>Adjusted close on trading days, NaN otherwise (T).</summary>
    public double[] Price { get; }

    /// <summary>Adjusted open on trading days (T).</summary>
    public double[] Open { get; }

    /// <summary>Adjusted high on trading days (T).</summary>
    public double[] High { get; }

    /// <summary>Adjusted low on trading days (T).</summary>
    public double[] Low { get; }

    /// <summary>Volume in shares on trading days (T).</summary>
    public double[] Volume { get; }

    /// <summary>Trading value in KRW on trading days (T).</summary>
    public double[] Value { get; }

    /// <summary>Market cap in KRW where known, on any day (T).</summary>
    public double[] MarketCap { get; }

    /// <summary>Log return vs the last traded price, on trading days; NaN on the first traded day (T).</summary>
    public double[] LogReturn { get; }

    /// <summary>True on days the stock traded (T).</summary>
    public bool[] Trading { get; }

    /// <summary>Date indices on which the stock traded, increasing (the "trading subsequence").</summary>
    public int[] TradingIndices { get; }

    /// <summary>Index of the first day with a finite positive close, or -1.</summary>
    public int FirstBar { get; }

    /// <summary>Prepares the inputs of stock <paramref name="codeIndex"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Code index out of range.</exception>
    public static StockSeries From(Panel panel, int codeIndex)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentOutOfRangeException.ThrowIfNegative(codeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(codeIndex, panel.CodeCount);
        return new StockSeries(panel, codeIndex);
    }

    /// <summary>Gathers <paramref name="source"/> on the trading subsequence (length = TradingIndices.Length).</summary>
    public double[] Compact(double[] source)
    {
        var result = new double[TradingIndices.Length];
        for (var n = 0; n < result.Length; n++)
        {
            result[n] = source[TradingIndices[n]];
        }

        return result;
    }

    /// <summary>Scatters a compacted series back onto the calendar into <paramref name="column"/> (other days untouched, i.e. NaN).</summary>
    public void Scatter(double[] compact, Span<float> column)
    {
        for (var n = 0; n < compact.Length; n++)
        {
            column[TradingIndices[n]] = (float)compact[n];
        }
    }
}
