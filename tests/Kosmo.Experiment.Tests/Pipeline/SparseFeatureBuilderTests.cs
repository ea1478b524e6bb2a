using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Features;
using Kosmo.Features.Normalization;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Regimes;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// The prepare step's sparse feature cube (only the windows of universe members, built column by column) against the
/// dense path it replaced: FeaturePipeline.Compute over every stock-day, then the cross-sectional scaling and the
/// market z-score on the whole cube, as PrepareStep did before. Every stored value must be bitwise equal.
/// </summary>
public sealed class SparseFeatureBuilderTests
{
    private const string Yaml = """
        name: sparse
        seed: 3
        threads: 2
        data:
          source: synthetic
          synthetic_stocks: 40
          synthetic_years: 3
        universe:
          min_market_cap_krw: 5_000_000_000
          small_cap_band: 0.5
          min_avg_value_krw: 100_000_000
        features:
          set: [returns:1:5:20, vol:20, rsi:14, macd:12:26:9, wavelet:haar:2, index:KOSDAQ, breadth:50, vix]
          lookback: 12
          cross_section: CROSS
          regimes: true
          regime_states: 2
        labels:
          horizon: 10
        split:
          first_test_year: 2016
        """;

    [Theory]
    [InlineData("zscore")]
    [InlineData("rank")]
    [InlineData("none")]
    public void Run_Should_StoreBitwiseTheDenseCubesValues_When_OnlyUniverseWindowsAreKept(string crossSection)
    {
        // Given a small synthetic experiment with per-stock, market and regime columns
        var config = ExperimentConfig.Parse(Yaml.Replace("CROSS", crossSection, StringComparison.Ordinal), "sparse.yaml")[0];

        // When the prepare step builds the sparse cube, and the dense cube is built the old way
        var ctx = PrepareStep.Run(config, PanelSource.Load(config.Data, _ => { }), _ => { });
        var dense = DenseReference(ctx, crossSection);

        // Then the sparse cube stores fewer rows than the panel has cells, but every universe window
        var panel = ctx.Panel;
        var T = panel.DateCount;
        var sparse = ctx.Cube;
        sparse.IsDense.Should().BeFalse();
        sparse.StoredRows.Should().BeLessThan((long)T * panel.CodeCount).And.BeGreaterThan(0);
        sparse.Names.Should().Equal(dense.Names);
        for (var i = 0; i < panel.CodeCount; i++)
        {
            for (var t = config.Features.Lookback - 1; t < T; t++)
            {
                if (ctx.UniverseMask[i * T + t])
                {
                    sparse.HasWindow(i, t, config.Features.Lookback).Should().BeTrue($"member ({i}, {t}) needs its window");
                }
            }
        }

        // And each stored value is bitwise the dense cube's value
        var K = sparse.FeatureCount;
        var compared = 0L;
        for (var i = 0; i < panel.CodeCount; i++)
        {
            for (var t = 0; t < T; t++)
            {
                if (!sparse.Contains(i, t))
                {
                    continue;
                }

                for (var k = 0; k < K; k++)
                {
                    var a = BitConverter.SingleToInt32Bits(sparse.Get(i, t, k));
                    var b = BitConverter.SingleToInt32Bits(dense.Get(i, t, k));
                    if (a != b)
                    {
                        throw new Xunit.Sdk.XunitException($"{sparse.Names[k]} at ({i}, {t}): sparse {sparse.Get(i, t, k)} vs dense {dense.Get(i, t, k)}");
                    }

                    compared++;
                }
            }
        }

        compared.Should().Be(sparse.StoredRows * K);
        sparse.Values.Should().Contain(v => float.IsFinite(v) && v != 0f);
    }

    [Fact]
    public void WindowRows_Should_MarkTheLookbackWindowOfEveryMember_When_MembershipHasGaps()
    {
        // Given 2 codes over 12 dates, L = 3: code 0 is a member on dates 1, 5, 6 and 11; code 1 never
        const int T = 12;
        var members = new bool[2 * T];
        foreach (var t in new[] { 1, 5, 6, 11 })
        {
            members[t] = true;
        }

        // When the rows to store are derived
        var stored = SparseFeatureBuilder.WindowRows(members, T, 3);

        // Then exactly dates 0-1 (clipped at the start), 3-6 and 9-11 of code 0 are stored, nothing of code 1
        Enumerable.Range(0, T).Where(t => stored[t]).Should().Equal(0, 1, 3, 4, 5, 6, 9, 10, 11);
        stored.Skip(T).Should().OnlyContain(s => !s);
    }

    /// <summary>The pre-sparse PrepareStep: dense cube, cross-section on every per-stock column, market z-score fitted on fold 0's window.</summary>
    private static FeatureCube DenseReference(Prepared ctx, string crossSection)
    {
        var c = ctx.Config;
        var panel = ctx.Panel;
        var fitWindow = new DateWindow(panel.Dates[0], ctx.Samples.Dates[ctx.Samples.Start[ctx.Splits[0].Train.Max()]]);
        var set = FeatureSet.Parse([.. c.Features.Set]);
        var regime = new RegimeProbabilityFeature(RegimeModel.Fit(panel, fitWindow, new RegimeModelOptions(States: c.Features.RegimeStates, Seed: c.Seed)));
        set.MarketFeatures.Add(regime);
        var cube = new FeaturePipeline(set).Compute(panel, 2);
        var marketNames = set.MarketFeatures.SelectMany(f => f.Names).ToHashSet(StringComparer.Ordinal);
        var stockNames = cube.Names.Where(n => !marketNames.Contains(n)).ToArray();
        if (crossSection == "zscore")
        {
            CrossSectional.Winsorize(cube, stockNames, 0.01, 0.99);
            CrossSectional.ZScore(cube, stockNames);
        }
        else if (crossSection == "rank")
        {
            CrossSectional.Rank(cube, stockNames, RankRange.MinusOneOne);
        }

        var z = new ZScoreProcessor(cube.Names.Where(n => marketNames.Contains(n) && !regime.Names.Contains(n)).ToArray());
        z.Fit(cube, fitWindow);
        z.Transform(cube);
        return cube;
    }
}
