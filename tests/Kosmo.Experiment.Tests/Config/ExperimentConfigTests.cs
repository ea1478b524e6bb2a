using Kosmo.Experiment.Config;
using Kosmo.Core;
using Kosmo.Testing;

namespace Kosmo.Experiment.Tests.Config;

public sealed class ExperimentConfigTests
{
    [Fact]
    public void Parse_Should_UseDefaults_When_TheFileIsEmpty()
    {
        var config = ExperimentConfig.Parse("", "empty.yaml").Single();

        config.Data.Source.Should().Be("synthetic");
        config.Model.Name.Should().Be("tft_lite");
        config.Universe.MinAvgValueKrw.Should().Be(500_000_000);
        config.Universe.MinMarketCapKrw.Should().Be(30_000_000_000);
        config.Backtest.Commission.Should().Be(0.00015);
        config.Model.DataParallel.Should().BeTrue();
    }

    [Fact]
    public void Parse_Should_TurnDataParallelTrainingOff_When_AskedTo()
    {
        ExperimentConfig.Parse("model:\n  data_parallel: false\n", "exp.yaml").Single().Model.DataParallel.Should().BeFalse();
        var act = () => ExperimentConfig.Parse("model:\n  data_parallel: sometimes\n", "exp.yaml");
        act.Should().Throw<ConfigException>().Which.Message.Should().Contain("model.data_parallel");
    }

    [Fact]
    public void Parse_Should_NameTheKeyPathAndLine_When_AKeyIsUnknown()
    {
        const string yaml = "seed: 1\nmodel:\n  hidden: 32\n  hiddn: 64\n";

        var act = () => ExperimentConfig.Parse(yaml, "exp.yaml");

        var error = act.Should().Throw<ConfigException>().Which;
        error.File.Should().Be("exp.yaml");
        error.Line.Should().Be(4);
        error.Key.Should().Be("model.hiddn");
        error.Message.Should().Contain("unknown key 'model.hiddn'").And.Contain("hidden");
    }

    [Theory]
    [InlineData("model:\n  dropout: 1.5\n", "model.dropout", "outside")]
    [InlineData("labels:\n  method: magic\n", "labels.method", "not one of")]
    [InlineData("data:\n  from: 2020-13-01\n", "data.from", "not a date")]
    [InlineData("seed: abc\n", "seed", "not an integer")]
    [InlineData("model:\n  hidden: 30\n  heads: 4\n", "model.heads", "must divide")]
    [InlineData("baselines: [logistic, xgboost]\n", "baselines", "not one of")]
    public void Parse_Should_FailFastWithTheKeyPath_When_AValueIsBad(string yaml, string path, string reason)
    {
        var act = () => ExperimentConfig.Parse(yaml, "exp.yaml");

        act.Should().Throw<ConfigException>().Which.Message.Should().Contain(path).And.Contain(reason);
    }

    [Fact]
    public void Parse_Should_ExpandTheCartesianProduct_When_ASweepIsGiven()
    {
        const string yaml = "model:\n  hidden: 32\nsweep:\n  model.hidden: [16, 32]\n  model.learning_rate: [0.001, 0.0003, 0.0001]\n";

        var variants = ExperimentConfig.Parse(yaml, "exp.yaml");

        variants.Should().HaveCount(6);
        variants.Select(v => (v.Model.Hidden, v.Model.LearningRate)).Should().OnlyHaveUniqueItems();
        variants.Should().Contain(v => v.Model.Hidden == 16 && v.Model.LearningRate == 0.0003);
        variants[0].SweepPoint.Should().ContainKey("model.hidden");
    }

    [Fact]
    public void ToYaml_Should_RoundTrip_When_TheResolvedConfigIsReadBack()
    {
        var config = ExperimentConfig.Parse("seed: 9\ndata:\n  source: db\n  from: 2010-01-04\nmodel:\n  hidden: 32\n", "exp.yaml").Single();

        var yaml = config.ToYaml();
        var again = ExperimentConfig.Parse(yaml, "resolved.yaml").Single();

        again.ToYaml().Should().Be(yaml);
        again.Seed.Should().Be(9);
        again.Data.From.Should().Be(new DateOnly(2010, 1, 4));
    }

    [Fact]
    public void Load_Should_AcceptTheDocumentedExample_When_ReadFromDocs()
    {
        var variants = ExperimentConfig.Load(Path.Combine(TestData.RepoRoot, "docs", "experiment.example.yaml"));

        variants.Should().NotBeEmpty();
        variants[0].Data.Source.Should().Be("krx");
    }

    [Fact]
    public void Options_Should_CarryTheConfiguredImpactCoefficient_When_TheBacktestIsSetUp()
    {
        // Given a config that sets the square-root impact coefficient, and one that leaves the default
        var set = ExperimentConfig.Parse("backtest:\n  impact_coefficient: 2.0\n", "e.yaml").Single().Backtest;
        var unset = ExperimentConfig.Parse("", "e.yaml").Single().Backtest;

        // When the simulation options are built from them
        var a = set.Options(new bool[4], 0, 1).Frictions.Slippage;
        var b = unset.Options(new bool[4], 0, 1).Frictions.Slippage;

        // Then the simulator's slippage uses the configured k, and the default matches the simulator's own default
        a.Should().BeOfType<Kosmo.Backtest.Costs.SpreadImpactSlippage>().Which.ImpactK.Should().Be(2.0);
        b.Should().BeOfType<Kosmo.Backtest.Costs.SpreadImpactSlippage>().Which.ImpactK.Should().Be(new Kosmo.Backtest.Costs.SpreadImpactSlippage().ImpactK);
    }

    [Fact]
    public void Parse_Should_BindThePortfolioKeys_When_TheNewStrategiesAreSelected()
    {
        const string yaml = "backtest:\n  strategy: topk_hysteresis\n  top_k: 10\n  exit_rank: 25\n  smoothing_span: 10\n  no_trade_band: 0.01\n";

        var b = ExperimentConfig.Parse(yaml, "exp.yaml").Single().Backtest;
        var overlapping = ExperimentConfig.Parse("backtest:\n  strategy: overlapping\n  tranches: 5\n", "exp.yaml").Single().Backtest;
        var optimizer = ExperimentConfig.Parse("backtest:\n  strategy: optimizer\n  turnover_penalty: 0.02\n", "exp.yaml").Single().Backtest;

        b.Strategy.Should().Be("topk_hysteresis");
        (b.ExitRank, b.SmoothingSpan, b.NoTradeBand, overlapping.Tranches, optimizer.TurnoverPenalty).Should().Be((25, 10, 0.01, 5, 0.02));
        ExperimentConfig.Parse("backtest:\n  top_k: 15\n", "e.yaml").Single().Backtest.ExitRank.Should().Be(30);
    }

    [Theory]
    [InlineData("backtest:\n  strategy: overlaping\n", "backtest.strategy", "not one of")]
    [InlineData("backtest:\n  exit_rnk: 60\n", "backtest.exit_rnk", "unknown key")]
    [InlineData("backtest:\n  strategy: topk_hysteresis\n  top_k: 20\n  exit_rank: 10\n", "backtest.exit_rank", "below top_k")]
    [InlineData("backtest:\n  no_trade_band: 0.9\n", "backtest.no_trade_band", "outside")]
    [InlineData("backtest:\n  pbo_blocks: 7\n", "backtest.pbo_blocks", "even number")]
    [InlineData("split:\n  test_groups: 3\n", "split.test_groups", "applies to split.scheme cpcv only")]
    [InlineData("split:\n  folds: 6\n", "split.folds", "applies to split.scheme purged_kfold and cpcv only")]
    [InlineData("split:\n  scheme: purged_kfold\n  test_groups: 3\n", "split.test_groups", "applies to split.scheme cpcv only")]
    [InlineData("split:\n  scheme: cpcv\n  first_test_year: 2016\n", "split.first_test_year", "walk_forward only")]
    [InlineData("split:\n  scheme: purged_kfold\n  window: rolling\n", "split.window", "walk_forward only")]
    [InlineData("split:\n  scheme: cpcv\n  folds: 4\n  test_groups: 4\n", "split.test_groups", "must be below split.folds")]
    [InlineData("split:\n  scheme: cpcv\nmodel:\n  ensemble: true\n", "model.ensemble", "not supported with split.scheme cpcv")]
    [InlineData("split:\n  scheme: cpcv\nlabels:\n  time_decay: 0.5\n", "labels.time_decay", "not supported with split.scheme cpcv")]
    [InlineData("split:\n  scheme: purged_kfold\noot:\n  test_from: 2020-01-01\n  test_to: 2020-12-31\n", "oot", "not supported with split.scheme purged_kfold")]
    [InlineData("backtest:\n  pbo_blocks: 26\n", "backtest.pbo_blocks", "outside")]
    public void Parse_Should_FailWithTheKeyPath_When_APortfolioKeyIsBad(string yaml, string path, string problem)
    {
        var act = () => ExperimentConfig.Parse(yaml, "exp.yaml");

        var error = act.Should().Throw<ConfigException>().Which;
        error.Key.Should().Be(path);
        error.Message.Should().Contain(problem);
    }
}
