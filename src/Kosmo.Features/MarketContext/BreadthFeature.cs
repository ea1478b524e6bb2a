using Kosmo.Core;
using Kosmo.Features.Technical;

namespace Kosmo.Features.MarketContext;

/// <summary>
/// Market breadth over all panel stocks trading on day t: <c>breadth_up</c>, the share with a positive 1-day
/// log return (among those with a finite return), and <c>breadth_above_ma50</c>, the share whose price is above
/// the mean of its last 50 traded prices (among those with 50 traded prices). Fractions in [0, 1]; NaN on a day
/// with no eligible stock.
/// </summary>
public sealed class BreadthFeature : IMarketFeature
{
    private readonly int _maWindow;

    /// <summary>Creates the group (moving-average window default 50).</summary>
    public BreadthFeature(int maWindow = 50)
    {
        _maWindow = maWindow;
        Names = ["breadth_up", "breadth_above_ma50"];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(Panel panel, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var T = panel.DateCount;
        var up = new int[T];
        var withReturn = new int[T];
        var above = new int[T];
        var withMa = new int[T];
        for (var i = 0; i < panel.CodeCount; i++)
        {
            var s = StockSeries.From(panel, i);
            var p = s.Compact(s.Price);
            var ma = Rolling.Mean(p, _maWindow, _maWindow);
            for (var n = 0; n < p.Length; n++)
            {
                var t = s.TradingIndices[n];
                if (double.IsFinite(s.LogReturn[t]))
                {
                    withReturn[t]++;
                    up[t] += s.LogReturn[t] > 0 ? 1 : 0;
                }

                if (double.IsFinite(ma[n]))
                {
                    withMa[t]++;
                    above[t] += p[n] > ma[n] ? 1 : 0;
                }
            }
        }

        for (var t = 0; t < T; t++)
        {
            if (withReturn[t] > 0)
            {
                output[t] = (float)((double)up[t] / withReturn[t]);
            }

            if (withMa[t] > 0)
            {
                output[T + t] = (float)((double)above[t] / withMa[t]);
            }
        }
    }
}
