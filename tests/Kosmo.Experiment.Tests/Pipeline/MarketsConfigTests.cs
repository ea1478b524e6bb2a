using Kosmo.Experiment.Config;
using Kosmo.Experiment;
using Kosmo.Core;
using Kosmo.Data.Store;
using Kosmo.Data.Universe;
using Kosmo.Testing;
using Microsoft.Data.Sqlite;

namespace Kosmo.Experiment.Tests.Pipeline;

/// <summary>
/// <c>data.markets</c> as a run applies it: the panel is loaded with it (PanelSource) and the universe's market rule uses
/// it per date (PrepareStep.UniverseRulesOf), on the committed marcap mirror (tools/make_marcap_fixtures.sh), whose two
/// KOSDAQ → KOSPI movers move on the middle day of the calendar.
/// </summary>
public sealed class MarketsConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kosmo-markets-" + Guid.NewGuid().ToString("N"));

    public MarketsConfigTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Run_Should_DropAMoverAfterItsMoveWithTheMarketReason_When_MarketsIsKosdaqOnly()
    {
        // Given the mirror imported and a run config with data.markets: [KOSDAQ]
        var db = Path.Combine(_dir, "marcap.db");
        using (var store = KosmoStore.Open(db))
        {
            store.ImportAll([TestData.Fixture("marcap", "mirror")]);
        }

        var config = ExperimentConfig.Parse($"data:\n  source: db\n  db: {db}\n  markets: [KOSDAQ]\nuniverse:\n  min_history_days: 5\n", "kosdaq.yaml").Single();

        // When the run's data and universe steps apply it
        var panel = PanelSource.Load(config.Data, _ => { });
        var rules = PrepareStep.UniverseRulesOf(config.Universe, config.Data);
        var universe = UniverseBuilder.Build(panel, rules);

        // Then the rules hold KOSDAQ only, and each mover is charged to the market rule exactly from its move on
        rules.Markets.Should().BeEquivalentTo([Market.Kosdaq]);
        var movers = Enumerable.Range(0, panel.CodeCount).Where(i => panel.MarketHistory(i).Count > 1).ToList();
        movers.Should().HaveCount(2);
        var moveT = panel.DateCount / 2;
        foreach (var i in movers)
        {
            panel.MarketAt(i, moveT - 1).Should().Be(Market.Kosdaq);
            Enumerable.Range(0, moveT).Should().OnlyContain(t => universe.ReasonOf(i, t) != ExclusionReason.Market);
            Enumerable.Range(moveT, panel.DateCount - moveT).Should().OnlyContain(t => universe.ReasonOf(i, t) == ExclusionReason.Market);
        }

        // And no stock is ever a member on a date its market is KOSPI
        Enumerable.Range(0, panel.CodeCount).Should().OnlyContain(i =>
            Enumerable.Range(0, panel.DateCount).All(t => !universe.IsMember(i, t) || panel.MarketAt(i, t) == Market.Kosdaq));
    }

    [Fact]
    public void UniverseRulesOf_Should_KeepKospiAndKosdaq_When_MarketsIsLeftOut()
    {
        var config = ExperimentConfig.Parse("", "empty.yaml").Single();

        PrepareStep.UniverseRulesOf(config.Universe, config.Data).Markets.Should().BeEquivalentTo(new UniverseRules().Markets);
    }
}
