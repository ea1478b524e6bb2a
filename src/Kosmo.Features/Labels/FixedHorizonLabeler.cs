using System.Globalization;
using Kosmo.Core;

namespace Kosmo.Features.Labels;

/// <summary>
/// Fixed-horizon labels with a volatility-scaled threshold (AFML 3.2). Entry at the open of t+1, exit at the
/// close of t+h (or the rule of <see cref="LabelStatus"/> on halts and delistings); r = exit / entry - 1 on
/// adjusted prices; τ = K · σ(t) · √h with σ the EWM daily volatility known at t.
/// Classes: 0 down (r &lt; -τ), 1 flat (|r| ≤ τ), 2 up (r &gt; τ). Weight 1, Target τ.
/// With an excess universe (<c>labels.target: excess</c>) the classified return is the excess return
/// e = r − r̄(t), r̄(t) the equal-weight mean forward return (same entry/exit rule, same horizon) of the universe
/// members at t that have one; the band τ stays the stock's own k·σ·√h (σ of its raw returns: a conservative band,
/// as the excess series is usually less volatile); Return holds e. A date with fewer than 3 such members has no
/// excess label (<see cref="LabelStatus.SmallCrossSection"/>).
/// </summary>
public sealed class FixedHorizonLabeler : ILabelMethod
{
    private readonly FixedHorizonOptions _options;
    private readonly bool[]? _excessUniverse;

    /// <summary>Creates the labeler.</summary>
    /// <param name="options">Horizon, band and volatility parameters.</param>
    /// <param name="excessUniverse">Universe membership per cell (T × N code-major) for excess-return labels, or null for absolute returns.</param>
    /// <exception cref="ArgumentOutOfRangeException">Horizon &lt; 1 or K &lt; 0.</exception>
    public FixedHorizonLabeler(FixedHorizonOptions options, bool[]? excessUniverse = null)
    {
        _excessUniverse = excessUniverse;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Horizon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.K);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => string.Create(CultureInfo.InvariantCulture, $"fixed_horizon(h={_options.Horizon},k={_options.K},span={_options.VolSpan}{(_excessUniverse is null ? "" : ",target=excess")})");

    /// <inheritdoc />
    public int MaxHorizon => _options.Horizon;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An excess universe mask does not have T × N cells.</exception>
    public LabelSet Compute(Panel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (_excessUniverse is not null && _excessUniverse.Length != panel.DateCount * panel.CodeCount)
        {
            throw new ArgumentException($"The universe mask has {_excessUniverse.Length} cells, the panel T × N = {panel.DateCount * panel.CodeCount}.", nameof(panel));
        }

        var view = new PriceView(panel);
        var sigma = new double[view.T * view.N];
        DailyVolatility.Compute(view, _options.VolSpan, _options.VolMinPeriods, sigma);
        var set = new LabelSet(Name, panel.Dates, panel.Codes, 3, _options.Horizon);
        var h = _options.Horizon;
        var T = view.T;
        var market = Market(view);
        for (var i = 0; i < view.N; i++)
        {
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                if (!LabelEntry.TryOpen(view, i, t, h, out var end, out var status))
                {
                    set.Status[k] = status;
                    continue;
                }

                if (!double.IsFinite(sigma[k]))
                {
                    set.Status[k] = LabelStatus.NoVolatility;
                    continue;
                }

                var exit = LabelEntry.ExitIndex(view, i, t, end, ref status);
                var r = view.Close[i * T + exit] / view.Open[k + 1] - 1.0;
                if (market is not null)
                {
                    if (!double.IsFinite(market[t]))
                    {
                        set.Status[k] = LabelStatus.SmallCrossSection;
                        continue;
                    }

                    r -= market[t];
                }

                var tau = _options.K * sigma[k] * Math.Sqrt(h);
                var label = r > tau ? 2 : r < -tau ? 0 : 1;
                set.SetLabel(k, label, exit, r, 1.0, tau, status);
            }
        }

        return set;
    }

    /// <summary>The equal-weight universe forward return per date for excess labels, or null for absolute labels.</summary>
    private double[]? Market(PriceView view)
    {
        if (_excessUniverse is null)
        {
            return null;
        }

        var r = ForwardReturns.Compute(view, _options.Horizon, new int[view.T * view.N], new LabelStatus[view.T * view.N]);
        return ForwardReturns.UniverseMean(r, _excessUniverse, view.T, view.N);
    }
}
