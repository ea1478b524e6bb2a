using Kosmo.Core;
using Kosmo.Features;
using Kosmo.Features.Normalization;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Technical;

namespace Kosmo.Experiment;

/// <summary>
/// Builds the experiment's feature cube without ever holding the dense T × N × K cube: features are computed one
/// feature (group of columns) at a time for every stock, each column is normalised across all stocks per day on a
/// one-column dense cube (T × N floats) with the very same <see cref="CrossSectional"/> and
/// <see cref="ZScoreProcessor"/> code the dense path uses, and only the stored rows (the windows of universe members)
/// are copied into a sparse <see cref="FeatureCube"/>. Every stored value is bitwise equal to the dense path's
/// (<c>FeaturePipeline.Compute</c> + cross-section + market z-score): each column's computation depends only on that
/// column, and the per-day populations and summation orders are the same. Memory: the sparse cube plus one feature
/// group's columns for all stocks (the widest group, e.g. a wavelet set) and one dense column, both reused.
/// </summary>
internal static class SparseFeatureBuilder
{
    /// <summary>How per-stock columns are scaled across stocks per day.</summary>
    internal enum CrossSection
    {
        /// <summary>Left raw.</summary>
        None,

        /// <summary>Winsorised to the day's 1 % / 99 % quantiles, then z-scored.</summary>
        ZScore,

        /// <summary>Ranked to [−1, 1].</summary>
        Rank,
    }

    /// <summary>
    /// A longer panel ending on the same dates as the feature panel (its last T dates are the panel's): the per-stock
    /// features of <paramref name="Codes"/> (indices in the feature panel) and every market column are computed on it
    /// and their last T values used, so they equal those of a build on the longer panel.
    /// </summary>
    internal sealed record LongerHistory(Panel Panel, IReadOnlySet<int> Codes);

    /// <summary>
    /// Rows to store: every date of the L-day window ending at each universe member cell (clipped at the first date),
    /// so every sample, test row and daily signal of the run finds its whole window.
    /// </summary>
    /// <param name="members">Universe membership, N × T code-major.</param>
    /// <param name="dateCount">T.</param>
    /// <param name="lookback">L ≥ 1.</param>
    /// <returns>N × T code-major mask.</returns>
    public static bool[] WindowRows(bool[] members, int dateCount, int lookback)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookback, 1);
        var stored = new bool[members.Length];
        var codes = members.Length / dateCount;
        for (var i = 0; i < codes; i++)
        {
            var row = i * dateCount;
            var markedTo = -1;   // last date index already marked for this code
            for (var t = 0; t < dateCount; t++)
            {
                if (!members[row + t])
                {
                    continue;
                }

                for (var s = Math.Max(markedTo + 1, t - lookback + 1); s <= t; s++)
                {
                    stored[row + s] = true;
                }

                markedTo = t;
            }
        }

        return stored;
    }

    /// <summary>Computes the sparse cube.</summary>
    /// <param name="panel">The panel (T dates × N codes).</param>
    /// <param name="set">Feature set; column order = per-stock columns then market columns, as the dense pipeline.</param>
    /// <param name="stored">Rows to keep, N × T code-major (see <see cref="WindowRows"/>).</param>
    /// <param name="crossSection">Scaling of the per-stock columns across stocks per day.</param>
    /// <param name="marketFit">Window the market columns' z-score statistics are fitted on.</param>
    /// <param name="rawMarket">Market columns left raw (regime probabilities).</param>
    /// <param name="threads">Worker threads for the per-stock computation.</param>
    /// <param name="marketScaling">The fitted z-score statistics of the scaled market columns (reused by the out-of-time step).</param>
    /// <param name="fitted">
    /// Statistics fitted earlier (a run's <see cref="Live.RunProcessors"/>): applied to the scaled market columns instead of
    /// fitting on <paramref name="marketFit"/>, exactly as <see cref="MarketScaling.Transform"/> maps a value.
    /// </param>
    /// <param name="longer">A longer history for a few stocks and the market columns (a prediction window with a halted stock), or null.</param>
    /// <exception cref="ArgumentException">Duplicate feature names, a mask of the wrong size, a market column missing from <paramref name="fitted"/>, or a longer panel that does not end on the panel's dates.</exception>
    public static FeatureCube Build(Panel panel, FeatureSet set, bool[] stored, CrossSection crossSection, DateWindow marketFit, IReadOnlySet<string> rawMarket, int threads, out MarketScaling marketScaling, MarketScaling? fitted = null, LongerHistory? longer = null)
    {
        var statistics = new Dictionary<string, (double Mean, double Std)>(StringComparer.Ordinal);
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(set);
        var names = new FeaturePipeline(set).Names;
        var cube = new FeatureCube(panel.Dates, panel.Codes, names, stored);
        var T = panel.DateCount;
        var N = panel.CodeCount;
        if (longer is not null && (longer.Panel.DateCount < T || !longer.Panel.Dates.AsSpan(longer.Panel.DateCount - T).SequenceEqual(panel.Dates)))
        {
            throw new ArgumentException("The longer history must end on the panel's dates.", nameof(longer));
        }

        // With fitted market statistics every transform is per day (cross-section) or per value (market z-score), so
        // only the dates holding a stored row are scaled (a prediction's window: L dates of a long history); fitting
        // the market statistics needs every date.
        var days = fitted is null ? Enumerable.Range(0, T).ToArray() : StoredDays(stored, T);
        var D = days.Length;
        var keep = D == T ? stored : Restrict(stored, T, days);

        // Scratch reused for every feature: the widest group's columns for all stocks, and one dense column.
        var widest = set.StockFeatures.Select(f => f.Names.Count).DefaultIfEmpty(0).Max();
        var slab = new float[checked(N * widest * T)];
        var one = new FeatureCube(D == T ? panel.Dates : [.. days.Select(t => panel.Dates[t])], panel.Codes, ["column"]);
        var column = 0;
        foreach (var feature in set.StockFeatures)
        {
            var width = feature.Names.Count;
            StockGroup(panel, feature, slab, threads, longer);
            for (var c = 0; c < width; c++)
            {
                for (var i = 0; i < N; i++)
                {
                    Gather(slab.AsSpan(((i * width) + c) * T, T), days, one.Values.AsSpan(i * D, D));
                }

                Scale(one, crossSection);
                Scatter(one, keep, cube, column + c);
                MemoryGovernor.MaybeCollect();
            }

            column += width;
        }

        foreach (var feature in set.MarketFeatures)
        {
            var width = feature.Names.Count;
            var source = longer?.Panel ?? panel;
            var S = source.DateCount;
            var market = new float[width * S];
            Array.Fill(market, float.NaN);
            feature.Compute(source, market);
            for (var c = 0; c < width; c++)
            {
                // Dense path: every stock row holds the market value of the date; the z-score is fitted over all those rows.
                for (var i = 0; i < N; i++)
                {
                    Gather(market.AsSpan((c * S) + S - T, T), days, one.Values.AsSpan(i * D, D));
                }

                if (!rawMarket.Contains(feature.Names[c]) && fitted is not null)
                {
                    var (mean, std) = fitted.Statistics.TryGetValue(feature.Names[c], out var st) ? st
                        : throw new ArgumentException($"Market column '{feature.Names[c]}' has no fitted statistics.", nameof(fitted));
                    var v = one.Values;
                    for (var at = 0; at < v.Length; at++)
                    {
                        v[at] = (float)((v[at] - mean) / std);
                    }

                    statistics[feature.Names[c]] = (mean, std);
                }
                else if (!rawMarket.Contains(feature.Names[c]))
                {
                    var z = new ZScoreProcessor(["column"]);
                    z.Fit(one, marketFit);
                    z.Transform(one);
                    statistics[feature.Names[c]] = z.Statistics(0);
                }

                Scatter(one, keep, cube, column + c);
                MemoryGovernor.MaybeCollect();
            }

            column += width;
        }

        marketScaling = new MarketScaling(statistics);
        return cube;
    }

    /// <summary>The date indices with at least one stored row, increasing.</summary>
    private static int[] StoredDays(bool[] stored, int dateCount)
    {
        var any = new bool[dateCount];
        for (var c = 0; c < stored.Length; c++)
        {
            any[c % dateCount] |= stored[c];
        }

        return [.. Enumerable.Range(0, dateCount).Where(t => any[t])];
    }

    /// <summary>The N × T code-major mask restricted to the columns <paramref name="days"/> (N × D, code-major).</summary>
    private static bool[] Restrict(bool[] stored, int dateCount, int[] days)
    {
        var codes = stored.Length / dateCount;
        var result = new bool[codes * days.Length];
        for (var i = 0; i < codes; i++)
        {
            for (var j = 0; j < days.Length; j++)
            {
                result[(i * days.Length) + j] = stored[(i * dateCount) + days[j]];
            }
        }

        return result;
    }

    /// <summary>Copies <paramref name="source"/>[days[j]] to <paramref name="target"/>[j] (a plain copy when every date is kept).</summary>
    private static void Gather(ReadOnlySpan<float> source, int[] days, Span<float> target)
    {
        if (days.Length == source.Length)
        {
            source.CopyTo(target);
            return;
        }

        for (var j = 0; j < days.Length; j++)
        {
            target[j] = source[days[j]];
        }
    }

    /// <summary>One per-stock feature's columns for every stock into <paramref name="slab"/> as (N, width, T), each stock computed on a NaN-filled span as the dense pipeline does.</summary>
    private static void StockGroup(Panel panel, IStockFeature feature, float[] slab, int threads, LongerHistory? longer)
    {
        var T = panel.DateCount;
        var width = feature.Names.Count;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.For(0, panel.CodeCount, options, i =>
        {
            var span = slab.AsSpan(i * width * T, width * T);
            span.Fill(float.NaN);
            if (longer is not null && longer.Codes.Contains(i))
            {
                Longer(longer.Panel, panel.Codes[i], feature, T, span);
            }
            else
            {
                feature.Compute(StockSeries.From(panel, i), span);
            }
        });
    }

    /// <summary>One stock's feature columns computed on the longer panel, their last <paramref name="T"/> values copied into <paramref name="span"/> (width × T).</summary>
    private static void Longer(Panel panel, string code, IStockFeature feature, int T, Span<float> span)
    {
        var i = panel.IndexOfCode(code);
        if (i < 0)
        {
            throw new ArgumentException($"The longer history has no code {code}.", nameof(panel));
        }

        var S = panel.DateCount;
        var width = feature.Names.Count;
        var full = new float[width * S];
        Array.Fill(full, float.NaN);
        feature.Compute(StockSeries.From(panel, i), full);
        for (var c = 0; c < width; c++)
        {
            full.AsSpan((c * S) + S - T, T).CopyTo(span.Slice(c * T, T));
        }
    }

    private static void Scale(FeatureCube one, CrossSection crossSection)
    {
        var name = one.Names[0];   // the transforms treat each column alone, so the scratch column's name does not matter
        switch (crossSection)
        {
            case CrossSection.ZScore:
                CrossSectional.Winsorize(one, [name], 0.01, 0.99);
                CrossSectional.ZScore(one, [name]);
                break;
            case CrossSection.Rank:
                CrossSectional.Rank(one, [name], RankRange.MinusOneOne);
                break;
            default:
                break;
        }
    }

    /// <summary>Copies the stored rows of a one-column dense cube into column k of the sparse cube (rows are numbered in the mask's code-major order).</summary>
    private static void Scatter(FeatureCube one, bool[] stored, FeatureCube cube, int k)
    {
        var K = cube.FeatureCount;
        var values = cube.Values;
        var source = one.Values;
        long at = k;
        for (var c = 0; c < stored.Length; c++)
        {
            if (stored[c])
            {
                values[at] = source[c];
                at += K;
            }
        }
    }
}
