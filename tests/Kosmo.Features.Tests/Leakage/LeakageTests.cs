using Kosmo.Core;
using Kosmo.Features.Normalization;
using Kosmo.Features.Pipeline;
using Kosmo.Features.Statics;
using Kosmo.Data.Synthetic;

namespace Kosmo.Features.Tests.Leakage;

public sealed class LeakageTests
{
    private static readonly Panel _panel = SyntheticPanel.Generate(stocks: 12, days: 700, seed: 42);

    public static TheoryData<int> Cutoffs => new() { 30, 260, 400, 650 };

    private static void AssertPrefixEqual(FeatureCube a, FeatureCube b, int cutoff)
    {
        var K = a.FeatureCount;
        for (var i = 0; i < a.Codes.Length; i++)
        {
            for (var t = 0; t <= cutoff; t++)
            {
                for (var k = 0; k < K; k++)
                {
                    var x = BitConverter.SingleToInt32Bits(a.Get(i, t, k));
                    var y = BitConverter.SingleToInt32Bits(b.Get(i, t, k));
                    if (x != y)
                    {
                        Assert.Fail($"Feature '{a.Names[k]}' of {a.Codes[i]} on {a.Dates[t]} changed ({a.Get(i, t, k)} -> {b.Get(i, t, k)}) when data after {a.Dates[cutoff]} was perturbed.");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cutoffs))]
    public void Compute_Should_NotChangeAnyFeatureAtOrBeforeT_When_EverythingAfterTIsPerturbed(int cutoff)
    {
        // Given the full default feature set (every feature) and a panel perturbed strictly after the cutoff
        var pipeline = new FeaturePipeline(FeatureSet.Default());
        var perturbed = PanelPerturbation.AfterDate(_panel, cutoff, seed: cutoff);

        // When both are computed
        var a = pipeline.Compute(_panel);
        var b = pipeline.Compute(perturbed);

        // Then every feature at dates <= cutoff is bitwise identical (NaN included), and later values did move
        AssertPrefixEqual(a, b, cutoff);
        a.Values.AsSpan(checked((int)a.Offset(0, cutoff + 1))).SequenceEqual(b.Values.AsSpan(checked((int)b.Offset(0, cutoff + 1)))).Should().BeFalse();
        var coverage = FeatureSummary.From(a, _panel).Overall;
        coverage.Should().OnlyContain(s => s.Finite > 0, "every feature must produce values for the test to mean anything");
    }

    [Theory]
    [MemberData(nameof(Cutoffs))]
    public void CrossSectionalTransforms_Should_NotLeak_When_EverythingAfterTIsPerturbed(int cutoff)
    {
        // Given cubes from the original and the perturbed panel
        var set = FeatureSet.Parse("returns:1:20", "vol:20", "liquidity");
        var a = new FeaturePipeline(set).Compute(_panel);
        var b = new FeaturePipeline(set).Compute(PanelPerturbation.AfterDate(_panel, cutoff, seed: 7));

        // When the per-day transforms are applied to both
        foreach (var cube in new[] { a, b })
        {
            CrossSectional.Winsorize(cube, ["ret_1d", "vol_20d"], 0.05, 0.95);
            CrossSectional.Rank(cube, ["ret_20d"]);
            CrossSectional.ZScore(cube, ["volume_z", "amihud"]);
        }

        // Then nothing at or before the cutoff differs
        AssertPrefixEqual(a, b, cutoff);
    }

    [Theory]
    [MemberData(nameof(Cutoffs))]
    public void SizeBuckets_Should_NotLeak_When_EverythingAfterTIsPerturbed(int cutoff)
    {
        // Given static attributes of the original and perturbed panels
        var a = StaticAttributes.Build(_panel);
        var b = StaticAttributes.Build(PanelPerturbation.AfterDate(_panel, cutoff, seed: 3));

        // Then every size bucket at or before the cutoff is the same
        for (var i = 0; i < _panel.CodeCount; i++)
        {
            for (var t = 0; t <= cutoff; t++)
            {
                b.At(i, t)[2].Should().Be(a.At(i, t)[2]);
            }
        }
    }
}
