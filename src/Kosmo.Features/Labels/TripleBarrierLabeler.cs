using System.Globalization;
using Kosmo.Core;

namespace Kosmo.Features.Labels;

/// <summary>
/// Triple-barrier labels (AFML 3.4) and meta-labels (AFML 3.6). Entry at the open P0 of t+1 (adjusted).
/// For a long trade the profit-take barrier is P0·(1 + pt·σ) and the stop-loss P0·(1 - sl·σ), σ = σ_daily(t);
/// a short trade mirrors them. Each trading day d in the window (halted days are carried, skipped) is checked
/// with its high and low: a barrier counts as touched when high ≥ upper or low ≤ lower. Same-day rule: when
/// the day opens beyond a barrier (a gap, only from t+2 on), that barrier is first and the exit is the open;
/// when both are touched inside one day the stop-loss is assumed first (conservative: the intraday order is
/// unknown). A barrier exit is at the barrier price. If no barrier is touched by the window's exit day, the
/// vertical barrier ends the trade at that day's close. T1 is the touch (or exit) day.
/// Classes (3-class): 0 stop-loss/down, 1 vertical, 2 profit-take/up (see <see cref="VerticalBarrierRule"/>).
/// </summary>
public sealed class TripleBarrierLabeler : ILabelMethod
{
    private readonly TripleBarrierOptions _options;

    /// <summary>Creates the labeler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Horizon &lt; 1.</exception>
    public TripleBarrierLabeler(TripleBarrierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Horizon, 1);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => string.Create(CultureInfo.InvariantCulture, $"triple_barrier(h={_options.Horizon},pt={_options.ProfitTake},sl={_options.StopLoss},vertical={_options.Vertical})");

    /// <inheritdoc />
    public int MaxHorizon => _options.Horizon;

    /// <inheritdoc />
    public LabelSet Compute(Panel panel) => Run(panel, null);

    /// <summary>
    /// Meta-labels for a primary model's side: label 1 when the side's trade (same barriers, mirrored for a
    /// short) ends with a positive side-adjusted return, else 0. <see cref="LabelSet.Return"/> holds the
    /// side-adjusted return. Cells with side 0 get <see cref="LabelStatus.NoSide"/>.
    /// </summary>
    /// <param name="panel">The panel.</param>
    /// <param name="side">Primary side per cell (T × N code-major): +1 long, -1 short, 0 none.</param>
    /// <exception cref="ArgumentException">side has the wrong length.</exception>
    public LabelSet ComputeMeta(Panel panel, sbyte[] side)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(side);
        if (side.Length != panel.DateCount * panel.CodeCount)
        {
            throw new ArgumentException($"side must have T × N = {panel.DateCount * panel.CodeCount} cells, got {side.Length}.", nameof(side));
        }

        return Run(panel, side);
    }

    private LabelSet Run(Panel panel, sbyte[]? side)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var view = new PriceView(panel);
        var sigma = new double[view.T * view.N];
        DailyVolatility.Compute(view, _options.VolSpan, _options.VolMinPeriods, sigma);
        var name = side is null ? Name : "meta_" + Name;
        var set = new LabelSet(name, panel.Dates, panel.Codes, side is null ? 3 : 2, _options.Horizon);
        var T = view.T;
        for (var i = 0; i < view.N; i++)
        {
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                var s = side is null ? 1 : Math.Sign(side[k]);
                if (s == 0)
                {
                    set.Status[k] = LabelStatus.NoSide;
                    continue;
                }

                if (!LabelEntry.TryOpen(view, i, t, _options.Horizon, out var end, out var status))
                {
                    set.Status[k] = status;
                    continue;
                }

                if (!(sigma[k] > 0))
                {
                    set.Status[k] = LabelStatus.NoVolatility;
                    continue;
                }

                var exit = LabelEntry.ExitIndex(view, i, t, end, ref status);
                var (touch, t1, r) = Walk(view, i, t, exit, s, sigma[k]);
                int label;
                if (side is not null)
                {
                    r *= s;
                    label = r > 0 ? 1 : 0;
                }
                else
                {
                    label = touch switch
                    {
                        BarrierTouch.ProfitTake => 2,
                        BarrierTouch.StopLoss => 0,
                        _ => _options.Vertical == VerticalBarrierRule.Sign ? (r > 0 ? 2 : r < 0 ? 0 : 1) : 1,
                    };
                }

                set.SetLabel(k, label, t1, r, 1.0, sigma[k], status);
            }
        }

        return set;
    }

    /// <summary>Walks days t+1..exit; returns the touch, its day and the raw (not side-adjusted) return.</summary>
    private (BarrierTouch Touch, int T1, double Return) Walk(PriceView view, int i, int t, int exit, int side, double sigma)
    {
        var T = view.T;
        var p0 = view.Open[i * T + t + 1];
        var profit = _options.ProfitTake > 0 ? _options.ProfitTake * sigma : double.PositiveInfinity;
        var stop = _options.StopLoss > 0 ? _options.StopLoss * sigma : double.PositiveInfinity;
        // Upper and lower barrier prices and which touch each one means for this side.
        var upper = p0 * (1.0 + (side > 0 ? profit : stop));
        var lower = p0 * (1.0 - (side > 0 ? stop : profit));
        var upperTouch = side > 0 ? BarrierTouch.ProfitTake : BarrierTouch.StopLoss;
        var lowerTouch = side > 0 ? BarrierTouch.StopLoss : BarrierTouch.ProfitTake;
        for (var d = t + 1; d <= exit; d++)
        {
            var k = i * T + d;
            if (!view.Trading[k])
            {
                continue;
            }

            var close = view.Close[k];
            var open = double.IsFinite(view.Open[k]) ? view.Open[k] : close;
            var high = double.IsFinite(view.High[k]) ? view.High[k] : Math.Max(open, close);
            var low = double.IsFinite(view.Low[k]) ? view.Low[k] : Math.Min(open, close);
            if (d > t + 1 && open >= upper)
            {
                return (upperTouch, d, open / p0 - 1.0);
            }

            if (d > t + 1 && open <= lower)
            {
                return (lowerTouch, d, open / p0 - 1.0);
            }

            var hitUpper = high >= upper;
            var hitLower = low <= lower;
            if (hitUpper && hitLower)
            {
                return upperTouch == BarrierTouch.StopLoss ? (upperTouch, d, upper / p0 - 1.0) : (lowerTouch, d, lower / p0 - 1.0);
            }

            if (hitUpper)
            {
                return (upperTouch, d, upper / p0 - 1.0);
            }

            if (hitLower)
            {
                return (lowerTouch, d, lower / p0 - 1.0);
            }
        }

        return (BarrierTouch.Vertical, exit, view.Close[i * T + exit] / p0 - 1.0);
    }
}
