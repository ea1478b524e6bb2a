using Kosmo.Experiment.Config;
using Kosmo.Testing;

namespace Kosmo.Experiment.Tests.Config;

/// <summary>configs/krx-marcap.yaml, the README's full-market experiment, parses and stays the default experiment on marcap.</summary>
public sealed class MarcapConfigTests
{
    private static ExperimentConfig Committed(string name) => ExperimentConfig.Load(Path.Combine(TestData.RepoRoot, "configs", name)).Single();

    [Fact]
    public void Load_Should_ReadAMarcapOnlyDatabaseRun_When_TheCommittedConfigIsLoaded()
    {
        // Given the committed config
        // When it is loaded
        var config = Committed("krx-marcap.yaml");

        // Then it runs on the database `kosmo data download marcap` builds, 2000 to the latest date, test years from 2010
        config.Data.Source.Should().Be("db");
        config.Data.Db.Should().Be("data/marcap.db");
        config.Data.From.Should().Be(new DateOnly(2000, 1, 1));
        config.Data.To.Should().BeNull();
        config.Data.Markets.Should().Equal("KOSPI", "KOSDAQ");
        config.Split.FirstTestYear.Should().Be(2010);
        config.Split.LastTestYear.Should().BeNull();
    }

    [Fact]
    public void Load_Should_KeepTheDefaultExperimentsChoices_When_ComparedWithKrxDefault()
    {
        // Given the two committed configs
        // When both are loaded
        var marcap = Committed("krx-marcap.yaml");
        var standard = Committed("krx-default.yaml");

        // Then only the data and the test-year range differ
        marcap.Seed.Should().Be(standard.Seed);
        marcap.Universe.Should().BeEquivalentTo(standard.Universe);
        marcap.Features.Should().BeEquivalentTo(standard.Features);
        marcap.Labels.Should().BeEquivalentTo(standard.Labels);
        marcap.Split.Should().BeEquivalentTo(standard.Split, o => o.Excluding(s => s.LastTestYear));
        marcap.Model.Should().BeEquivalentTo(standard.Model);
        marcap.Baselines.Should().Equal(standard.Baselines);
        marcap.Backtest.Should().BeEquivalentTo(standard.Backtest);
    }
}
