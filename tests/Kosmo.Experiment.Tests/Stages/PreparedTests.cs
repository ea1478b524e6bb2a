using Kosmo.Experiment.Config;
using Kosmo.Experiment.Tests.Pipeline;
using Kosmo.Features.Splits;

namespace Kosmo.Experiment.Tests.Stages;

/// <summary>
/// The prepare stage's record: built once, read by every later stage, never written. Its own collections refuse
/// writes and do not follow the producer's collections; the same config gives the same contents.
/// </summary>
public sealed class PreparedTests
{
    private static string Yaml(string split) => SmallMarket.Config("prepared", seed: 5, threads: 2,
        SmallMarket.Section("features", "set: [returns:1:5:20, vol:20, index:KOSDAQ, vix]", "lookback: 12", "regimes: true", "regime_states: 2"),
        SmallMarket.Labels(),
        split);

    private const string WalkForward = "split:\n  first_test_year: 2017";

    private const string Cpcv = "split:\n  scheme: cpcv\n  folds: 4\n  test_groups: 2\n  embargo_days: 5";

    public static TheoryData<string> Schemes => new() { WalkForward, Cpcv };

    private static Prepared Prepare(string split)
    {
        var config = ExperimentConfig.Parse(Yaml(split), "prepared.yaml").Single();
        return PrepareStep.Run(config, PanelSource.Load(config.Data, _ => { }), _ => { });
    }

    [Fact]
    public void Collections_Should_RefuseWrites_When_AConsumerCastsThemBackToMutableTypes()
    {
        // Given a prepared run
        var prepared = Prepare(WalkForward);
        prepared.Splits.Should().NotBeEmpty();
        prepared.DataFacts.Should().ContainKey("folds");

        // When a consumer tries to write through the mutable interfaces
        var splits = (IList<Split>)prepared.Splits;
        var facts = (IDictionary<string, object?>)prepared.DataFacts;
        var addSplit = () => splits.Add(splits[0]);
        var replaceSplit = () => splits[0] = splits[splits.Count - 1];
        var addFact = () => facts.Add("extra", 1);
        var replaceFact = () => facts["folds"] = 99;

        // Then every write is refused and the record is unchanged
        splits.IsReadOnly.Should().BeTrue();
        facts.IsReadOnly.Should().BeTrue();
        addSplit.Should().Throw<NotSupportedException>();
        replaceSplit.Should().Throw<NotSupportedException>();
        addFact.Should().Throw<NotSupportedException>();
        replaceFact.Should().Throw<NotSupportedException>();
        prepared.DataFacts["folds"].Should().Be(prepared.Splits.Count);
    }

    [Fact]
    public void Init_Should_CopyTheCollections_When_TheProducerChangesItsOwnAfterwards()
    {
        // Given a record built from a producer's list of splits and dictionary of facts
        var prepared = Prepare(WalkForward);
        var splits = prepared.Splits.ToList();
        var facts = prepared.DataFacts.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var copy = prepared with { Splits = splits, DataFacts = facts };

        // When the producer changes its collections
        splits.Clear();
        facts["folds"] = -1;
        facts["late"] = "written after the stage ended";

        // Then the record still holds what it was built with
        copy.Splits.Should().Equal(prepared.Splits);
        copy.DataFacts["folds"].Should().Be(prepared.Splits.Count);
        copy.DataFacts.Should().NotContainKey("late");
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Run_Should_GiveTheSameRecord_When_PreparedTwiceWithTheSameConfigAndSeed(string split)
    {
        // Given one config
        // When the prepare stage runs twice on it
        var a = Prepare(split);
        var b = Prepare(split);

        // Then the two records hold the same universe, labels, weights, samples, splits, cube and facts
        b.UniverseMask.Should().Equal(a.UniverseMask);
        b.Labels.Label.Should().Equal(a.Labels.Label);
        b.Weights.Should().Equal(a.Weights);
        b.Samples.Start.Should().Equal(a.Samples.Start);
        b.Samples.Code.Should().Equal(a.Samples.Code);
        b.Splits.Select(s => s.Name).Should().Equal(a.Splits.Select(s => s.Name));
        for (var k = 0; k < a.Splits.Count; k++)
        {
            b.Splits[k].Train.Should().Equal(a.Splits[k].Train);
            b.Splits[k].Test.Should().Equal(a.Splits[k].Test);
        }

        b.Cube.Names.Should().Equal(a.Cube.Names);
        b.Cube.Values.AsSpan().SequenceEqual(a.Cube.Values).Should().BeTrue("the cube is bitwise the same (NaN equals NaN)");
        b.DataFacts.Should().BeEquivalentTo(a.DataFacts);
        b.RegimeModel.Should().NotBeNull();
        (b.Cpcv is null).Should().Be(a.Cpcv is null);
        (b.FoldFeatures is null).Should().Be(a.FoldFeatures is null);
        if (a.MarketScaler is { } scaler)
        {
            b.MarketScaler!.Statistics.Should().BeEquivalentTo(scaler.Statistics);
        }
    }
}
