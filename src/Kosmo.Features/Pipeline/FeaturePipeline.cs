using Kosmo.Core;
using Kosmo.Features.Technical;

namespace Kosmo.Features.Pipeline;

/// <summary>
/// Computes a <see cref="FeatureSet"/> on a <see cref="Panel"/> into a <see cref="FeatureCube"/>
/// (dates × codes × K, K = per-stock columns then market columns). Stocks are processed in parallel; every stock
/// is computed independently by the same code, so the cube is bitwise identical for any thread count.
/// Market columns hold the same value for every stock on a date (all dates, halted or not).
/// </summary>
public sealed class FeaturePipeline
{
    private readonly FeatureSet _set;

    /// <summary>Creates a pipeline for a feature set.</summary>
    /// <exception cref="ArgumentException">Duplicate output names.</exception>
    public FeaturePipeline(FeatureSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var names = set.Names;
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Feature name '{duplicate.Key}' is produced twice.", nameof(set));
        }

        _set = set;
        Names = names;
    }

    /// <summary>Output feature names (K).</summary>
    public string[] Names { get; }

    /// <summary>Computes the cube.</summary>
    /// <param name="panel">Input panel (T dates × N codes).</param>
    /// <param name="maxThreads">Worker threads (default: processor count).</param>
    /// <returns>Cube with values at (i*T + t)*K + k.</returns>
    public FeatureCube Compute(Panel panel, int? maxThreads = null)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var T = panel.DateCount;
        var K = Names.Length;
        var cube = new FeatureCube(panel.Dates, panel.Codes, Names);
        var stockColumns = _set.StockFeatures.Sum(f => f.Names.Count);
        var market = new float[(K - stockColumns) * T];
        Array.Fill(market, float.NaN);
        var offset = 0;
        foreach (var feature in _set.MarketFeatures)
        {
            feature.Compute(panel, market.AsSpan(offset * T, feature.Names.Count * T));
            offset += feature.Names.Count;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount };
        Parallel.For(0, panel.CodeCount, options, () => new float[stockColumns * T], (i, _, scratch) =>
        {
            Array.Fill(scratch, float.NaN);
            var series = StockSeries.From(panel, i);
            var column = 0;
            foreach (var feature in _set.StockFeatures)
            {
                var width = feature.Names.Count;
                feature.Compute(series, scratch.AsSpan(column * T, width * T));
                column += width;
            }

            var values = cube.Values;
            for (var t = 0; t < T; t++)
            {
                var baseOffset = cube.Offset(i, t);
                for (var k = 0; k < stockColumns; k++)
                {
                    values[baseOffset + k] = scratch[k * T + t];
                }

                for (var k = stockColumns; k < K; k++)
                {
                    values[baseOffset + k] = market[(k - stockColumns) * T + t];
                }
            }

            return scratch;
        }, _ => { });
        return cube;
    }
}
