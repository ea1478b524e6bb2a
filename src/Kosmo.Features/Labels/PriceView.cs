using Kosmo.Core;

namespace Kosmo.Features.Labels;

/// <summary>
/// Adjusted prices of a panel for labelling (double precision). Open, high and low are adjusted with the day's
/// factor AdjClose / Close (1 when either is missing), so returns across splits are continuous.
/// <see cref="LastIndex"/> is the last date index with a close per stock (a stock whose series ends before the
/// last panel date has delisted there; this listing end is treated as known metadata like StockInfo.LastDate).
/// </summary>
internal sealed class PriceView
{
    public PriceView(Panel panel)
    {
        Panel = panel;
        T = panel.DateCount;
        N = panel.CodeCount;
        var n = T * N;
        Open = new double[n];
        High = new double[n];
        Low = new double[n];
        Close = new double[n];
        Trading = new bool[n];
        LastIndex = new int[N];
        var o = panel.Field(PanelField.Open);
        var h = panel.Field(PanelField.High);
        var l = panel.Field(PanelField.Low);
        var c = panel.Field(PanelField.Close);
        var a = panel.Field(PanelField.AdjClose);
        for (var i = 0; i < N; i++)
        {
            LastIndex[i] = -1;
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                double close = c[k];
                if (!(close > 0) || !double.IsFinite(close))
                {
                    Open[k] = High[k] = Low[k] = Close[k] = double.NaN;
                    continue;
                }

                LastIndex[i] = t;
                double adj = a[k];
                var factor = adj > 0 && double.IsFinite(adj) ? adj / close : 1.0;
                Close[k] = close * factor;
                Open[k] = o[k] > 0 ? o[k] * factor : double.NaN;
                High[k] = h[k] > 0 ? h[k] * factor : double.NaN;
                Low[k] = l[k] > 0 ? l[k] * factor : double.NaN;
                Trading[k] = panel.IsTrading(i, t);
            }
        }
    }

    public Panel Panel { get; }

    public int T { get; }

    public int N { get; }

    public double[] Open { get; }

    public double[] High { get; }

    public double[] Low { get; }

    public double[] Close { get; }

    /// <summary>Panel.IsTrading per cell.</summary>
    public bool[] Trading { get; }

    /// <summary>Last date index with a close per stock, -1 when none.</summary>
    public int[] LastIndex { get; }
}
