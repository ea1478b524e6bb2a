using Kosmo.Core;
using Kosmo.Features;
using Kosmo.Features.Normalization;
using Kosmo.Features.Pipeline;

namespace Kosmo.Experiment.Oot;

/// <summary>
/// The feature cube of the out-of-time panel, built like the main run's (<see cref="PrepareStep"/>): the same feature
/// set, the same per-day cross-sectional scaling of per-stock columns (causal, no fitting), and for the statistics
/// that ARE fitted on a training window, the main run's fitted objects: the market-column z-scoring and the regime
/// model (fold 0's training window). Nothing is refitted on out-of-time data.
/// </summary>
internal static class OotFeatures
{
    /// <summary>Computes the cube (N × T × K) of <paramref name="panel"/> with the main run's feature names in the same order.</summary>
    /// <exception cref="InvalidOperationException">The names differ from the main run's cube (a bug: the sets must match).</exception>
    public static FeatureCube Build(Prepared main, Panel panel, Action<string> status)
    {
        var c = main.Config;
        status("out-of-time features: the main run's set; market scaling and regime model reused from the main run");
        var set = c.Features.Set is ["default"] ? PrepareStep.DefaultSet(c.Features) : FeatureSet.Parse([.. c.Features.Set]);
        var regimeNames = new HashSet<string>(StringComparer.Ordinal);
        if (main.RegimeModel is { } model)
        {
            var regime = new RegimeProbabilityFeature(model);
            set.MarketFeatures.Add(regime);
            regimeNames.UnionWith(regime.Names);
        }

        var cube = new FeaturePipeline(set).Compute(panel, c.Threads);
        if (!cube.Names.SequenceEqual(main.Cube.Names, StringComparer.Ordinal))
        {
            throw new InvalidOperationException("The out-of-time feature columns differ from the main run's: " + string.Join(",", cube.Names) + " vs " + string.Join(",", main.Cube.Names));
        }

        // Same cross-sectional scaling as PrepareStep.Features (per day, causal: nothing to refit).
        var marketNames = set.MarketFeatures.SelectMany(f => f.Names).ToHashSet(StringComparer.Ordinal);
        var stockNames = cube.Names.Where(n => !marketNames.Contains(n)).ToArray();
        if (c.Features.CrossSection == "zscore")
        {
            CrossSectional.Winsorize(cube, stockNames, 0.01, 0.99);
            CrossSectional.ZScore(cube, stockNames);
        }
        else if (c.Features.CrossSection == "rank")
        {
            CrossSectional.Rank(cube, stockNames, RankRange.MinusOneOne);
        }

        main.MarketScaler?.Transform(cube);
        return cube;
    }

    /// <summary>
    /// Share of NaN feature values at the samples' own dates (the last row of each window), per feature and overall.
    /// </summary>
    /// <param name="cube">The cube the samples index.</param>
    /// <param name="samples">(date index, code index) pairs.</param>
    public static (double Overall, double[] PerFeature) NanShare(FeatureCube cube, IReadOnlyList<(int T, int Code)> samples)
    {
        var K = cube.FeatureCount;
        var counts = new long[K];
        foreach (var (t, i) in samples)
        {
            var row = cube.Values.AsSpan((int)cube.Offset(i, t), K);
            for (var k = 0; k < K; k++)
            {
                counts[k] += float.IsNaN(row[k]) ? 1 : 0;
            }
        }

        var n = Math.Max(1, samples.Count);
        return (counts.Sum() / (double)(n * (long)K), counts.Select(x => x / (double)n).ToArray());
    }
}
