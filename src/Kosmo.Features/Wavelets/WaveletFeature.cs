using Kosmo.Features.Technical;

namespace Kosmo.Features.Wavelets;

/// <summary>
/// Causal MODWT of the stock's daily log returns on its trading subsequence (halted days skipped; the first
/// traded day has no return). Columns: <c>wav_{f}_d{j}</c> the detail coefficient W_{j,t} (j = 1..J),
/// <c>wav_{f}_s{J}</c> the smooth V_{J,t}, and <c>wav_{f}_e{j}</c> the mean of W_j² over the last e traded days
/// (energy per scale, needs all e). NaN until the level's filter is full: L_j = (2^j − 1)(L − 1) + 1 returns.
/// </summary>
public sealed class WaveletFeature : IStockFeature
{
    private readonly WaveletFilter _filter;
    private readonly int _levels;
    private readonly int _energyWindow;

    /// <summary>Creates the group (default LA8, J = 4, energy window 20).</summary>
    public WaveletFeature(WaveletFilter? filter = null, int levels = 4, int energyWindow = 20)
    {
        _filter = filter ?? WaveletFilter.La8;
        _levels = levels;
        _energyWindow = energyWindow;
        var f = _filter.Name;
        Names =
        [
            .. Enumerable.Range(1, levels).Select(j => $"wav_{f}_d{j}"),
            $"wav_{f}_s{levels}",
            .. Enumerable.Range(1, levels).Select(j => $"wav_{f}_e{j}"),
        ];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; }

    /// <inheritdoc />
    public void Compute(StockSeries series, Span<float> output)
    {
        var T = series.Length;
        var r = series.Compact(series.LogReturn);
        var result = Modwt.Transform(r, _filter, _levels, circular: false);
        for (var j = 0; j < _levels; j++)
        {
            var w = result.Details[j];
            series.Scatter(w, output.Slice(j * T, T));
            var sq = new double[w.Length];
            for (var n = 0; n < w.Length; n++)
            {
                sq[n] = w[n] * w[n];
            }

            series.Scatter(Rolling.Mean(sq, _energyWindow, _energyWindow), output.Slice((_levels + 1 + j) * T, T));
        }

        series.Scatter(result.Smooth, output.Slice(_levels * T, T));
    }
}
