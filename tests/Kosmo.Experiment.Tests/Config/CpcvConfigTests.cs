using Kosmo.Experiment.Config;
using Kosmo.Testing;

namespace Kosmo.Experiment.Tests.Config;

/// <summary>configs/krx-cpcv.yaml, the CPCV run of the default model set (docs/results.md), stays the default experiment but for its split.</summary>
public sealed class CpcvConfigTests
{
    private static ExperimentConfig Committed(string name) => ExperimentConfig.Load(Path.Combine(TestData.RepoRoot, "configs", name)).Single();

    [Fact]
    public void Load_Should_KeepTheDefaultExperimentButTheSplit_When_ComparedWithKrxDefault()
    {
        // Given the two committed configs
        // When both are loaded
        var cpcv = Committed("krx-cpcv.yaml");
        var standard = Committed("krx-default.yaml");

        // Then CPCV with N = 4 groups and k = 2 test groups, the same purge/embargo and validation share
        cpcv.Split.Scheme.Should().Be("cpcv");
        (cpcv.Split.Folds, cpcv.Split.TestGroups).Should().Be((4, 2));
        cpcv.Split.EmbargoDays.Should().Be(standard.Split.EmbargoDays);
        cpcv.Split.ValidationFraction.Should().Be(standard.Split.ValidationFraction);

        // And everything else is the default experiment: the same data, universe, features, labels, models and trading
        cpcv.Seed.Should().Be(standard.Seed);
        cpcv.Threads.Should().Be(standard.Threads);
        cpcv.Data.Should().BeEquivalentTo(standard.Data);
        cpcv.Universe.Should().BeEquivalentTo(standard.Universe);
        cpcv.Features.Should().BeEquivalentTo(standard.Features);
        cpcv.Labels.Should().BeEquivalentTo(standard.Labels);
        cpcv.Model.Should().BeEquivalentTo(standard.Model);
        cpcv.Baselines.Should().Equal(standard.Baselines);
        cpcv.Backtest.Should().BeEquivalentTo(standard.Backtest);
    }
}
