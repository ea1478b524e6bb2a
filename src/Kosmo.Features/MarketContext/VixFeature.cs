using Kosmo.Core;

namespace Kosmo.Features.MarketContext;

/// <summary>
/// CBOE VIX from <see cref="Panel.Indices"/>["VIX"], lagged one panel day: the US close of date d is printed
/// around 06:00 KST on d+1, after the KRX close of d, so on KRX day t only the value at t−1 is known.
/// <c>vix</c> = last VIX value at or before t−1 (level, points); <c>vix_chg_5d</c> = ln(vix_t / vix_{t−5}) of that
/// lagged, carried-forward series. All-NaN when the panel has no VIX.
/// </summary>
public sealed class VixFeature : IMarketFeature
{
    /// <summary>Creates the group.</summary>
    public VixFeature() => Names = ["vix", "vix_chg_5d"];

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(Panel panel, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!panel.Indices.TryGetValue("VIX", out var series))
        {
            return;
        }

        var T = panel.DateCount;
        var lagged = new double[T];
        var last = double.NaN;
        for (var t = 0; t < T; t++)
        {
            lagged[t] = last;
            var v = series.Close[t];
            if (float.IsFinite(v) && v > 0)
            {
                last = v;
            }
        }

        for (var t = 0; t < T; t++)
        {
            if (double.IsFinite(lagged[t]))
            {
                output[t] = (float)lagged[t];
            }

            if (t >= 5 && double.IsFinite(lagged[t]) && double.IsFinite(lagged[t - 5]))
            {
                output[T + t] = (float)Math.Log(lagged[t] / lagged[t - 5]);
            }
        }
    }
}
