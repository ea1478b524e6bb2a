using System.Globalization;
using Kosmo.Core;
using Kosmo.Features.Statistics;

namespace Kosmo.Features.Labels;

/// <summary>
/// Trend-scanning labels (López de Prado, Machine Learning for Asset Managers, 5.4). For each L in
/// [MinSpan, MaxSpan] the log adjusted closes of the trading days in the window (t, t+L] are regressed on
/// their day index (OLS with intercept); the t-value of the slope is slope / √(SSE/(n-2) / Σ(x-x̄)²). The L
/// with the largest |t| wins (the shortest on ties); T1 = the last day of that window, Weight = |t|,
/// Return = close(T1) / open(t+1) - 1. Halted days inside are skipped (need ≥ 3 points); a delisting cuts the
/// spans at the last close; the entry rules of <see cref="LabelStatus"/> apply with horizon MaxSpan.
/// A perfect fit (SSE = 0) gives |t| = 1e6 with the slope's sign.
/// </summary>
public sealed class TrendScanningLabeler : ILabelMethod
{
    private readonly TrendScanningOptions _options;

    /// <summary>Creates the labeler.</summary>
    /// <exception cref="ArgumentOutOfRangeException">MinSpan &lt; 3 or MaxSpan &lt; MinSpan.</exception>
    public TrendScanningLabeler(TrendScanningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinSpan, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSpan, options.MinSpan);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => string.Create(CultureInfo.InvariantCulture, $"trend_scanning(L={_options.MinSpan}..{_options.MaxSpan},mode={_options.Mode})");

    /// <inheritdoc />
    public int MaxHorizon => _options.MaxSpan;

    /// <inheritdoc />
    public LabelSet Compute(Panel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var view = new PriceView(panel);
        var set = new LabelSet(Name, panel.Dates, panel.Codes, _options.Mode == TrendScanningMode.Sign ? 3 : 4, _options.MaxSpan);
        var T = view.T;
        for (var i = 0; i < view.N; i++)
        {
            for (var t = 0; t < T; t++)
            {
                var k = i * T + t;
                if (!LabelEntry.TryOpen(view, i, t, _options.MaxSpan, out var end, out var status))
                {
                    set.Status[k] = status;
                    continue;
                }

                var (tValue, t1) = Scan(view, i, t, end);
                if (t1 < 0)
                {
                    set.Status[k] = LabelStatus.TooFewPrices;
                    continue;
                }

                var r = view.Close[i * T + t1] / view.Open[k + 1] - 1.0;
                set.SetLabel(k, Classify(tValue), t1, r, Math.Abs(tValue), double.NaN, status);
            }
        }

        return set;
    }

    /// <summary>The t-value of the OLS slope of y on x (n ≥ 3), ±1e6 for a perfect non-flat fit.</summary>
    /// <param name="x">Regressors.</param>
    /// <param name="y">Responses.</param>
    public static double SlopeTValue(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var (sxx, sxy, syy) = CenteredMoments.Of(x, y);
        return TValue(sxx, sxy, syy, x.Length);
    }

    /// <summary>Scans spans with running sums (O(MaxSpan) per cell); y is taken relative to the first close for precision.</summary>
    private (double TValue, int T1) Scan(PriceView view, int i, int t, int end)
    {
        var T = view.T;
        var n = 0;
        double y0 = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        var best = 0.0;
        var bestT1 = -1;
        for (var d = t + 1; d <= end; d++)
        {
            var k = i * T + d;
            var trading = view.Trading[k] && double.IsFinite(view.Close[k]);
            if (trading)
            {
                var y = Math.Log(view.Close[k]);
                if (n == 0)
                {
                    y0 = y;
                }

                y -= y0;
                double x = d - t;
                n++;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                syy += y * y;
            }

            if (d - t >= _options.MinSpan && n >= 3 && trading)
            {
                var cxx = sxx - sx * sx / n;
                var cxy = sxy - sx * sy / n;
                var cyy = syy - sy * sy / n;
                var tv = TValue(cxx, cxy, cyy, n);
                if (bestT1 < 0 || Math.Abs(tv) > Math.Abs(best))
                {
                    best = tv;
                    bestT1 = d;
                }
            }
        }

        return (best, bestT1);
    }

    private static double TValue(double sxx, double sxy, double syy, int n)
    {
        var slope = sxy / sxx;
        var sse = Math.Max(syy - slope * sxy, 0.0);
        if (sse <= 1e-24 * Math.Max(syy, 1e-300))
        {
            return slope == 0 ? 0 : Math.Sign(slope) * 1e6;
        }

        return slope / Math.Sqrt(sse / (n - 2) / sxx);
    }

    private int Classify(double tValue)
    {
        if (_options.Mode == TrendScanningMode.Sign)
        {
            return tValue > _options.MinAbsT ? 2 : tValue < -_options.MinAbsT ? 0 : 1;
        }

        return tValue >= _options.StrongT ? 3 : tValue > 0 ? 2 : tValue > -_options.StrongT ? 1 : 0;
    }
}
