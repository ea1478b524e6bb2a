using System.Globalization;
using Kosmo.Core;

namespace Kosmo.Features.Labels;

/// <summary>
/// Fixed-horizon labels with a volatility-scaled threshold (AFML 3.2). Entry at the open of t+1, exit at the
/// close of t+h (or the rule of <see cref="LabelStatus"/> on halts and delistings); r = exit / entry - 1 on
/// adjusted prices; τ = K · σ(t) · √h with σ the EWM daily volatility known at t.
/// Classes: 0 down (r &lt; -τ), 1 flat (|r| ≤ τ), 2 up (r &gt; τ). Weight 1, Target τ.
/// </summary>
public sealed class FixedHorizonLabeler : ILabelMethod
{
    private readonly FixedHorizonOptions _options;

    /// <summary>Creates the labeler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Horizon &lt; 1 or K &lt; 0.</exception>
    public FixedHorizonLabeler(FixedHorizonOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Horizon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.K);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => string.Create(CultureInfo.InvariantCulture, $"fixed_horizon(h={_options.Horizon},k={_options.K},span={_options.VolSpan})");

    /// <inheritdoc />
    public int MaxHorizon => _options.Horizon;

    /// <inheritdoc />
    public LabelSet Compute(Panel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var view = new PriceView(panel);
        var sigma = new double[view.T * view.N];
        DailyVolatility.Compute(view, _options.VolSpan, _options.VolMinPeriods, sigma);
        var set = new LabelSet(Name, panel.Dates, panel.Codes, 3, _options.Horizon);
        var h = _options.Horizon;
        var T = view.T;
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
                var tau = _options.K * sigma[k] * Math.Sqrt(h);
                var label = r > tau ? 2 : r < -tau ? 0 : 1;
                set.SetLabel(k, label, exit, r, 1.0, tau, status);
            }
        }

        return set;
    }
}
