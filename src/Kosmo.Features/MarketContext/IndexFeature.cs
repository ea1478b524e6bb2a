using Kosmo.Core;

namespace Kosmo.Features.MarketContext;

/// <summary>
/// Returns and volatility of one market index from <see cref="Panel.Indices"/>: <c>{name}_ret_{h}d</c> =
/// ln I_t − ln I_{last value at or before t−h} (h = 1, 5, 20), and <c>{name}_vol_20d</c>, the sample std of the
/// last 20 daily log returns (¾ finite), annualised by √252. A day without an index value is NaN (and a return
/// after such a day spans it). An index missing from the panel gives all-NaN columns. Names are lower case.
/// </summary>
public sealed class IndexFeature : IMarketFeature
{
    private static readonly int[] _horizons = [1, 5, 20];
    private readonly string _index;

    /// <summary>Creates the group for an index name (e.g. KOSDAQ, KOSPI).</summary>
    public IndexFeature(string index)
    {
        _index = index;
        var prefix = index.ToLowerInvariant();
        Names = [.. _horizons.Select(h => $"{prefix}_ret_{h}d"), $"{prefix}_vol_20d"];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(Panel panel, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (!panel.Indices.TryGetValue(_index, out var series))
        {
            return;
        }

        var T = panel.DateCount;
        var logFf = new double[T];
        var r1 = new double[T];
        var last = double.NaN;
        for (var t = 0; t < T; t++)
        {
            var c = series.Close[t];
            var valid = float.IsFinite(c) && c > 0;
            r1[t] = valid ? Math.Log(c) - last : double.NaN;
            if (valid)
            {
                last = Math.Log(c);
            }

            logFf[t] = last;
        }

        for (var k = 0; k < _horizons.Length; k++)
        {
            var h = _horizons[k];
            for (var t = h; t < T; t++)
            {
                var c = series.Close[t];
                if (float.IsFinite(c) && c > 0 && double.IsFinite(logFf[t - h]))
                {
                    output[k * T + t] = (float)(logFf[t] - logFf[t - h]);
                }
            }
        }

        var mean = new double[T];
        var std = new double[T];
        Technical.Rolling.MeanStd(r1, 20, Technical.VolatilityFeature.MinPeriods(20), 1, false, mean, std);
        var vol = output.Slice(_horizons.Length * T, T);
        for (var t = 0; t < T; t++)
        {
            if (double.IsFinite(std[t]))
            {
                vol[t] = (float)(std[t] * Math.Sqrt(252));
            }
        }
    }
}
