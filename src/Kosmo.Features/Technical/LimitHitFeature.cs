using Kosmo.Core;

namespace Kosmo.Features.Technical;

/// <summary>
/// Daily price-limit hits, 1 or 0 on traded days: <c>limit_up</c> when the bar carries
/// <see cref="BarFlags.UpperLimit"/> or P_t/P_prev − 1 ≥ limit − tol, <c>limit_down</c> likewise with
/// <see cref="BarFlags.LowerLimit"/> or P_t/P_prev − 1 ≤ −(limit − tol). limit is <see cref="PriceLimit.Fraction"/>: 0.30 from 2015-06-15 and
/// 0.15 before (and always 0.15 on KONEX); tol = tick(P_prev)/P_prev + 0.001 with the post-2023 KRX tick table (<see cref="TickSize.OfUnifiedTable"/>),
/// so a close one tick below the limit price still counts. Uses adjusted prices (a split day is no hit).
/// </summary>
public sealed class LimitHitFeature : IStockFeature
{
    /// <summary>Creates the group.</summary>
    public LimitHitFeature() => Names = ["limit_up", "limit_down"];

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var T = series.Length;
        var panel = series.Panel;
        var flags = panel.FlagSeries(series.CodeIndex);
        var close = panel.Series(PanelField.Close, series.CodeIndex);
        var prev = double.NaN;
        var prevRaw = double.NaN;
        for (var t = 0; t < T; t++)
        {
            if (!series.Trading[t])
            {
                continue;
            }

            var change = series.Price[t] / prev - 1;
            var tol = double.IsFinite(prevRaw) ? TickSize.OfUnifiedTable(prevRaw) / prevRaw + 0.001 : 0.001;
            var limit = PriceLimit.Fraction(panel.MarketAt(series.CodeIndex, t), panel.Dates[t]) - tol;
            var up = (flags[t] & BarFlags.UpperLimit) != 0 || change >= limit;
            var down = (flags[t] & BarFlags.LowerLimit) != 0 || change <= -limit;
            output[t] = up ? 1f : 0f;
            output[T + t] = down ? 1f : 0f;
            prev = series.Price[t];
            prevRaw = close[t];
        }
    }
}
