using Kosmo.Experiment.Config;
using Kosmo.Cli.Tests.Reliability;
using Kosmo.Core;
using Kosmo.Testing;
using YamlDotNet.RepresentationModel;

namespace Kosmo.Cli.Tests.Config;

/// <summary>
/// A run folder's config.yaml writes every key, including the ones that do not act in that run (e.g. labels.profit_take
/// under fixed_horizon). It is read back by --resume, kosmo predict / fit / backtest / explain and compare: there the
/// writer's defaults are accepted, an edited inapplicable key is not, and the committed configs stay readable.
/// </summary>
[Collection("console")]
public sealed class ResolvedConfigTests : IDisposable
{
    private readonly string _dir = CliHarness.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Variants => new()
    {
        "",
        "labels:\n  method: triple_barrier\n",
        "labels:\n  method: trend_scanning\n  classes: 4\nmodel:\n  ensemble: false\n",
        "labels:\n  method: cs_tercile\n",
        "labels:\n  meta: true\n",
        "split:\n  scheme: purged_kfold\n",
        "split:\n  scheme: cpcv\n  folds: 6\n  test_groups: 2\n",
        "split:\n  window: rolling\n  train_years: 3\n",
        "data:\n  source: db\n  db: x.db\n",
        "data:\n  source: krx\n",
        "features:\n  set: [returns:1:5:20, vol:20]\n  regimes: false\n",
        "model:\n  name: logistic\nbaselines: [momentum_12_1]\n",
        "backtest:\n  strategy: optimizer\n",
        "backtest:\n  strategy: overlapping\n  tranches: 8\n",
        "oot:\n  test_from: 2024-07-01\n  test_to: 2025-06-17\n",
        "sweep:\n  model.hidden: [16, 32]\n",
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void ParseRunConfig_Should_ReadTheResolvedConfigBack_When_ItHoldsKeysThatDoNotActInTheRun(string yaml)
    {
        // Given the resolved config.yaml of a run (every key written, one document per sweep trial)
        var trials = ExperimentConfig.Parse(yaml, "user.yaml");
        var text = string.Join("---\n", trials.Select(t => t.ToYaml()));
        var path = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(path, text);

        // When it is read back as the run's commands read it
        var back = ExperimentConfig.ParseRunConfig(path);

        // Then nothing is refused and the same config comes back, byte for byte
        string.Join("---\n", back.Select(t => t.ToYaml())).Should().Be(text);
        if (trials.Count == 1)
        {
            ExperimentConfig.Load(path).Single().ToYaml().Should().Be(text);
        }
    }

    [Fact]
    public void Load_Should_RefuseAnEditedInapplicableKey_When_TheResolvedConfigIsRead()
    {
        // Given a run's resolved config (fixed_horizon) whose profit_take was edited away from the written default
        var text = ExperimentConfig.Parse("", "user.yaml").Single().ToYaml();
        text.Should().Contain("  profit_take: 2\n");
        var path = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(path, text.Replace("  profit_take: 2\n", "  profit_take: 3\n", StringComparison.Ordinal));

        // When it is read
        var act = () => ExperimentConfig.Load(path);

        // Then the edit is refused: it would have had no effect on the run
        var e = act.Should().Throw<ConfigException>().Which;
        e.Key.Should().Be("labels.profit_take");
        e.Message.Should().Contain("resolved config");
    }

    [Fact]
    public void Load_Should_RefuseTheWritersDefault_When_AUserConfigCarriesNoSweepPoint()
    {
        // Given a user's config (no sweep_point: marker) holding the line the writer writes for fixed_horizon
        var act = () => ExperimentConfig.Parse("labels:\n  profit_take: 2\n", "user.yaml");

        // Then it is refused even at its default value: the user wrote it and it would be ignored
        act.Should().Throw<ConfigException>().Which.Key.Should().Be("labels.profit_take");
    }

    [Fact]
    public void Run_Should_ExitUsageNamingFileLineAndKey_When_AKeyHasNoEffect()
    {
        // Given a triple-barrier config that sets the fixed-horizon flat band on line 4
        var config = Path.Combine(_dir, "tb.yaml");
        File.WriteAllText(config, "seed: 1\nlabels:\n  method: triple_barrier\n  threshold_k: 0.8\n");
        var run = Path.Combine(_dir, "run");

        // When planned
        var (code, _, err) = CliHarness.Run("run", "--config", config, "--out", run, "--plan");

        // Then exit 2 with file:line, key path and reason, and no run folder
        code.Should().Be(ExitCodes.Usage);
        err.Should().Contain("tb.yaml:4").And.Contain("labels.threshold_k").And.Contain("has no effect");
        Directory.Exists(run).Should().BeFalse();
    }

    [Fact]
    public void Configs_Should_EachLoad_When_Committed()
    {
        var files = Directory.GetFiles(Path.Combine(TestData.RepoRoot, "configs"), "*.yaml");

        files.Should().NotBeEmpty();
        foreach (var file in files)
        {
            var act = () => ExperimentConfig.Load(file);
            act.Should().NotThrow(file);
        }
    }

    [Fact]
    public void StrategyGrid_Should_RefuseAKeyTheStrategyDoesNotRead_When_AConfigurationSetsIt()
    {
        // Given a run's backtest section and a configuration that sets exit_rank for plain topk
        var run = RunSection();
        var strategies = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(strategies, "strategies:\n  a: { strategy: topk_hysteresis, exit_rank: 60 }\n  b: { strategy: topk, exit_rank: 60 }\n");

        // When read
        var act = () => StrategyGrid.Load(strategies, run);

        // Then configuration b is refused with its key path and line
        var e = act.Should().Throw<DataValidationException>().Which;
        (e.Column, e.Line).Should().Be(("strategies.b.exit_rank", 3L));
        e.Problem.Should().Contain("topk_hysteresis only");
    }

    [Fact]
    public void StrategyGrid_Should_AcceptALargerTopK_When_TheStrategyHasNoExitRank()
    {
        // Given the run's resolved exit_rank (40 = 2 x the default top_k), which only topk_hysteresis reads
        var grid = StrategyGrid.FromOverrides(RunSection(), ["top_k=50"], "wide");

        // Then a top_k above it is accepted for topk
        grid.Strategies.Single().Config.TopK.Should().Be(50);
    }

    private YamlMappingNode RunSection()
    {
        var path = Path.Combine(_dir, "run.yaml");
        File.WriteAllText(path, ExperimentConfig.Parse("", "user.yaml").Single().ToYaml());
        return StrategyGrid.RunSection(path);
    }
}
