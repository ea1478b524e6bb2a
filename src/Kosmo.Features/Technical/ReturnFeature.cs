namespace Kosmo.Features.Technical;

/// <summary>
/// Log returns over h panel days, <c>ret_{h}d = ln P_t − ln P_{last traded at or before t−h}</c> (NaN when the stock
/// did not trade on t or has no price by t−h), and 12−1 month momentum <c>mom_12_1 = ln P_{≤t−21} − ln P_{≤t−252}</c>
/// (last traded prices at or before those dates; NaN when the stock did not trade on t).
/// </summary>
public sealed class ReturnFeature : IStockFeature
{
    private readonly int[] _horizons;

    /// <summary>Creates the group for the given horizons in panel days (default 1, 5, 20, 60, 120).</summary>
    public ReturnFeature(params int[] horizons)
    {
        _horizons = horizons.Length == 0 ? [1, 5, 20, 60, 120] : horizons;
        Names = [.. _horizons.Select(h => $"ret_{h}d"), "mom_12_1"];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var T = series.Length;
        var logFf = new double[T];
        var last = double.NaN;
        for (var t = 0; t < T; t++)
        {
            if (series.Trading[t])
            {
                last = Math.Log(series.Price[t]);
            }

            logFf[t] = last;
        }

        for (var c = 0; c < _horizons.Length; c++)
        {
            var h = _horizons[c];
            var column = output.Slice(c * T, T);
            for (var t = h; t < T; t++)
            {
                if (series.Trading[t] && double.IsFinite(logFf[t - h]))
                {
                    column[t] = (float)(logFf[t] - logFf[t - h]);
                }
            }
        }

        var mom = output.Slice(_horizons.Length * T, T);
        for (var t = 252; t < T; t++)
        {
            if (series.Trading[t] && double.IsFinite(logFf[t - 252]) && double.IsFinite(logFf[t - 21]))
            {
                mom[t] = (float)(logFf[t - 21] - logFf[t - 252]);
            }
        }
    }
}
